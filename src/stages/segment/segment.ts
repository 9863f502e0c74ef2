import type { Document } from '../../core/document.js';
import { getLayer, layerKey, withLayer } from '../../core/document.js';
import type { Stage } from '../../core/pipeline.js';
import type { StageContext } from '../context.js';
import type { NlpToken } from './nlp.js';
import type { Zone } from './zones.js';
import { classifyZones } from './zones.js';

export interface Sentence {
  start: number;
  end: number;
  /** Index into the zones layer. */
  zone: number;
  tokens: NlpToken[];
}

export const ZONES = layerKey<Zone[]>('zones');
export const SENTENCES = layerKey<Sentence[]>('sentences');

export const segmentStage: Stage<StageContext> = {
  name: 'segment',
  needs: [],
  adds: [ZONES, SENTENCES],
  run(doc: Document, ctx: StageContext): Document {
    const zones = classifyZones(doc.text, doc.meta.title);
    const sentences: Sentence[] = [];
    zones.forEach((zone, zi) => {
      // Each block is read on its own so that a headline or caption without a full stop never runs into the next line.
      const blockText = doc.text.slice(zone.span.start, zone.span.end);
      for (const s of ctx.nlp.analyse(blockText)) {
        const off = zone.span.start;
        sentences.push({
          start: s.start + off,
          end: s.end + off,
          zone: zi,
          tokens: s.tokens.map((t) => ({ ...t, start: t.start + off, end: t.end + off })),
        });
      }
    });
    return withLayer(withLayer(doc, ZONES, zones), SENTENCES, sentences);
  },
};

/** Sentences of the body text only: the ones events may be read from. */
export function bodySentences(doc: Document): Sentence[] {
  const zones = getLayer(doc, ZONES);
  return getLayer(doc, SENTENCES).filter((s) => zones[s.zone].kind === 'body');
}
