import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import type { Document } from './core/document.js';
import { hasLayer, withDiagnostics, withLayer } from './core/document.js';
import { checkPipeline, runPipeline } from './core/pipeline.js';
import type { Stage } from './core/pipeline.js';
import type { StageContext } from './stages/context.js';
import { segmentStage } from './stages/segment/segment.js';
import { datesStage } from './stages/dates/dates.js';
import { numbersStage } from './stages/numbers/numbers.js';
import { actorsStage } from './stages/actors/actors.js';
import { loadActorRegistry } from './stages/actors/registry.js';
import { placesStage } from './stages/places/places.js';
import { loadGazetteer } from './stages/places/gazetteer.js';
import { attributionStage } from './stages/attribution/attribution.js';
import { loadOutletRegistry } from './stages/attribution/outlets.js';
import { MENTIONS, mentionsStage } from './stages/events/mentions.js';
import { loadLexicons } from './stages/events/lexicons.js';
import { DOC_INCIDENTS, incidentsStage } from './stages/incidents/incidents.js';
import { LANGUAGE, isNonEnglish, languageStage } from './stages/language/language.js';
import { incidentsToContract } from './stages/incidents/to-contract.js';
import type { ExtractedEvent } from './stages/incidents/contract.js';

export const DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'data');

/** The extraction pipeline, in order; checked once so a misordered stage fails at start-up, not mid-batch. */
export const STAGES: readonly Stage<StageContext>[] = [languageStage, segmentStage, datesStage, numbersStage, actorsStage, placesStage, attributionStage, mentionsStage, incidentsStage];
checkPipeline(STAGES);

/** Load every model, table and registry once per process. */
export function createContext(opts: { dataDir?: string; now?: () => Date } = {}): StageContext {
  const dataDir = opts.dataDir ?? DATA_DIR;
  return {
    gazetteer: loadGazetteer({ dataDir }),
    actors: loadActorRegistry(`${dataDir}/actors.json`),
    outlets: loadOutletRegistry(`${dataDir}/outlets.json`),
    lexicons: loadLexicons(dataDir),
    now: opts.now ?? (() => new Date()),
  };
}

export interface Extraction { doc: Document; events: ExtractedEvent[] }

export interface ExtractOptions {
  /** Per-document time budget: no stage starts after it is spent (see runPipeline); default 30 s. */
  budgetMs?: number;
  /** Longer texts are not extracted at all (the event stage's cost grows faster than the text); default 500,000. */
  maxChars?: number;
  /** Nor are texts with a longer run of non-space characters (the tokenizer's cost grows with its square); default 5,000. */
  maxRun?: number;
  clock?: () => number;
}

export const EXTRACT_DEFAULTS = { budgetMs: 30_000, maxChars: 500_000, maxRun: 5_000 } as const;

/** The stages that read events: skipped for reports known to be in another language than English. */
const EVENT_STAGES = new Set<Stage<StageContext>>([mentionsStage, incidentsStage]);

export function extract(doc: Document, ctx: StageContext, opts: ExtractOptions = {}): Extraction {
  const clock = opts.clock ?? Date.now;
  const maxChars = opts.maxChars ?? EXTRACT_DEFAULTS.maxChars;
  const maxRun = opts.maxRun ?? EXTRACT_DEFAULTS.maxRun;
  const why = doc.text.length > maxChars ? `the text is ${doc.text.length} characters, over the ${maxChars} that are extracted`
    : hasRunLongerThan(doc.text, maxRun) ? `the text has a run of more than ${maxRun} characters without a space` : null;
  if (why) {
    const tooLong = withDiagnostics(runPipeline([languageStage], doc, ctx), [{ code: 'too-long-to-extract', severity: 'warning', stage: 'extract', message: `${why}; no events are read from it`, data: { length: doc.text.length, maxChars, maxRun } }]);
    return { doc: tooLong, events: [] };
  }
  const nonEnglish = (d: Document) => hasLayer(d, LANGUAGE) && isNonEnglish(d.layers[LANGUAGE.name] as never);
  const done = runPipeline(STAGES, doc, ctx, { deadline: clock() + (opts.budgetMs ?? EXTRACT_DEFAULTS.budgetMs), clock, skip: (stage, d) => EVENT_STAGES.has(stage) && nonEnglish(d) });
  if (nonEnglish(done)) return { doc: withLayer(withLayer(done, MENTIONS, []), DOC_INCIDENTS, []), events: [] };
  // Stopped by the time budget before the incidents were read: no events rather than half-read ones.
  if (!hasLayer(done, DOC_INCIDENTS)) return { doc: done, events: [] };
  return { doc: done, events: incidentsToContract(done, ctx) };
}

/** True when some stretch of `text` without whitespace is longer than `limit`; one linear pass. */
function hasRunLongerThan(text: string, limit: number): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c < 128 ? c === 32 || (c >= 9 && c <= 13) : /\s/.test(text[i]);
    run = space ? 0 : run + 1;
    if (run > limit) return true;
  }
  return false;
}
