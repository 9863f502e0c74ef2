import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import type { Document } from './core/document.js';
import { checkPipeline, runPipeline } from './core/pipeline.js';
import type { Stage } from './core/pipeline.js';
import type { StageContext } from './stages/context.js';
import { segmentStage } from './stages/segment/segment.js';
import { createNlp } from './stages/segment/nlp.js';
import { datesStage } from './stages/dates/dates.js';
import { numbersStage } from './stages/numbers/numbers.js';
import { actorsStage } from './stages/actors/actors.js';
import { loadActorRegistry } from './stages/actors/registry.js';
import { placesStage } from './stages/places/places.js';
import { loadGazetteer } from './stages/places/gazetteer.js';
import { attributionStage } from './stages/attribution/attribution.js';
import { loadOutletRegistry } from './stages/attribution/outlets.js';
import { mentionsStage } from './stages/events/mentions.js';
import { loadLexicons } from './stages/events/lexicons.js';
import { incidentsStage } from './stages/incidents/incidents.js';
import { incidentsToContract } from './stages/incidents/to-contract.js';
import type { ExtractedEvent } from './stages/incidents/contract.js';

export const DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'data');

/** The extraction pipeline, in order; checked once so a misordered stage fails at start-up, not mid-batch. */
export const STAGES: readonly Stage<StageContext>[] = [segmentStage, datesStage, numbersStage, actorsStage, placesStage, attributionStage, mentionsStage, incidentsStage];
checkPipeline(STAGES);

/** Load every model, table and registry once per process. */
export function createContext(opts: { dataDir?: string; now?: () => Date } = {}): StageContext {
  const dataDir = opts.dataDir ?? DATA_DIR;
  return {
    nlp: createNlp(),
    gazetteer: loadGazetteer({ dataDir }),
    actors: loadActorRegistry(`${dataDir}/actors.json`),
    outlets: loadOutletRegistry(`${dataDir}/outlets.json`),
    lexicons: loadLexicons(dataDir),
    now: opts.now ?? (() => new Date()),
  };
}

export interface Extraction { doc: Document; events: ExtractedEvent[] }

export function extract(doc: Document, ctx: StageContext): Extraction {
  const done = runPipeline(STAGES, doc, ctx);
  return { doc: done, events: incidentsToContract(done, ctx) };
}
