import type { Document } from '../../core/document.js';
import { getLayer, layerKey, withLayer } from '../../core/document.js';
import type { Stage } from '../../core/pipeline.js';
import type { StageContext } from '../context.js';
import type { Word } from './words.js';
import { words } from './words.js';
import type { Zone } from './zones.js';
import { classifyZones } from './zones.js';

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
  run(doc: Document, ctx: StageContext): Document {
    const zones = classifyZones(doc.text, doc.meta.title);
    const sentences: Sentence[] = [];
    // One wink-nlp pass over the whole text (its per-call cost dominates short blocks); a sentence that runs across
    // two blocks (a headline without a full stop, a caption) is cut at the block boundary. Tokens come in text order,
    // so one cursor walks the zones alongside them.
    let zi = 0;
    for (const s of ctx.nlp.analyse(doc.text)) {
      let start = -1;
      let end = -1;
      let zone = -1;
      for (const t of s.tokens) {
        while (zi < zones.length && zones[zi].span.end <= t.start) zi++;
        // Between blocks (or past the last): in no zone.
        if (zi === zones.length || zones[zi].span.start > t.start) continue;
        if (zone !== zi) {
          if (zone >= 0) sentences.push({ start, end, zone, words: words(doc.text, start, end) });
          start = t.start;
          zone = zi;
        }
        end = t.end;
      }
      if (zone >= 0) sentences.push({ start, end, zone, words: words(doc.text, start, end) });
    }
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
