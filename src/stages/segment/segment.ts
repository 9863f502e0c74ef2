import type { Document } from '../../core/document.js';
import { getLayer, layerKey, withLayer } from '../../core/document.js';
import type { Stage } from '../../core/pipeline.js';
import type { StageContext } from '../context.js';
import type { Word } from './words.js';
import { words } from './words.js';
import type { Zone } from './zones.js';
import { classifyZones } from './zones.js';
import { splitSentences } from './sentences.js';

export interface Sentence {
  start: number;
  end: number;
  /** Index into the zones layer. */
  zone: number;
  /** The sentence's words (see words.ts), found once here for every stage that matches names. */
  words: Word[];
}

export const ZONES = layerKey<Zone[]>('zones');
/** "WASHINGTON, Nov 22 —", "BAGHDAD (Reuters) -": where and when the report was filed, not where the attack was. */
export const DATELINES = layerKey<{ start: number; end: number }[]>('datelines');
const DATELINE = /^(?:[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?=\s*\((?:Reuters|AP|AFP|UPI|dpa|Xinhua|Anadolu)\)))(?:,\s*(?:[A-Z][A-Za-z.]+\s+)?(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?|\d{1,2}\s+[A-Z][a-z]+(?:\s+\d{4})?))?\s*(?:\([^)]{2,30}\))?\s*(?:—|–|--|-)\s*/;
export const SENTENCES = layerKey<Sentence[]>('sentences');

export const segmentStage: Stage<StageContext> = {
  name: 'segment',
  needs: [],
  adds: [ZONES, SENTENCES, DATELINES],
  run(doc: Document): Document {
    const zones = classifyZones(doc.text, doc.meta.title);
    const sentences: Sentence[] = [];
    // Zones are line blocks, so a sentence never runs across two: one that does in the text (a headline without a
    // full stop, a caption) is cut at the block boundary.
    zones.forEach((z, zone) => {
      for (const s of splitSentences(doc.text, z.span.start, z.span.end)) sentences.push({ start: s.start, end: s.end, zone, words: words(doc.text, s.start, s.end) });
    });
    const datelines: { start: number; end: number }[] = [];
    const firstBody = zones.find((z) => z.kind === 'body');
    if (firstBody) {
      const m = DATELINE.exec(doc.text.slice(firstBody.span.start, firstBody.span.end));
      if (m && m[0].length < 80) datelines.push({ start: firstBody.span.start, end: firstBody.span.start + m[0].length });
    }
    return withLayer(withLayer(withLayer(doc, ZONES, zones), SENTENCES, sentences), DATELINES, datelines);
  },
};

/** Sentences of the body text only: the ones events may be read from. */
export function bodySentences(doc: Document): Sentence[] {
  const zones = getLayer(doc, ZONES);
  return getLayer(doc, SENTENCES).filter((s) => zones[s.zone].kind === 'body');
}
