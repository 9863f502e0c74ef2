import type { Document } from '../../core/document.js';
import { getLayer, layerKey, withLayer } from '../../core/document.js';
import type { Stage } from '../../core/pipeline.js';
import type { StageContext } from '../context.js';
import { ZONES } from '../segment/segment.js';
import { CARDINALS, ORDINALS, VAGUE } from './number-words.js';

export interface NumberMention {
  start: number;
  end: number;
  /** Lower bound of the quantity. */
  min: number;
  /** Upper bound, or null when open ("at least two", "dozens"). */
  max: number | null;
  /** Set for "a third drone": the count of this mention is one, its place in a series is `ordinal`. */
  ordinal: number | null;
  approximate: boolean;
  rule: string;
}

export const NUMBERS = layerKey<NumberMention[]>('numbers');

/** The largest figure read as a count. */
export const MAX_COUNT = 10_000_000;

const CARD_WORD = Object.keys(CARDINALS).filter((w) => !['single', 'pair', 'couple', 'both', 'dozen', 'hundred'].includes(w)).join('|');
const TENS = 'twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety';
const CARDINAL = `(?:\\d{1,3}(?:,\\d{3})+|\\d+|(?:${TENS})[- ](?:one|two|three|four|five|six|seven|eight|nine)|(?:${CARD_WORD})(?:\\s+hundred)?|a\\s+dozen|a\\s+hundred|two\\s+dozen|both|a\\s+pair\\s+of|a\\s+single)`;
const QUALIFIER = '(?:at\\s+least|more\\s+than|over|up\\s+to|as\\s+many\\s+as|nearly|almost|about|around|approximately|some|roughly|an\\s+estimated|at\\s+most|fewer\\s+than|less\\s+than)';
const VAGUE_RE = Object.keys(VAGUE).sort((a, b) => b.length - a.length).map((v) => v.replace(/ /g, '\\s+')).join('|');
const ORD_RE = Object.keys(ORDINALS).join('|');

const PATTERN = new RegExp(
  `\\b(?:(?<qual>${QUALIFIER})\\s+)?(?<card>${CARDINAL})(?:\\s*(?:to|-|or)\\s*(?<card2>${CARDINAL}))?\\b|\\b(?<vague>${VAGUE_RE})\\b|\\b(?:an?|the)\\s+(?<ord>${ORD_RE})\\b`,
  'gi',
);

export function cardinalValue(raw: string): number | null {
  const t = raw.toLowerCase().replace(/\s+/g, ' ').trim();
  if (/^\d/.test(t)) return Number(t.replace(/,/g, ''));
  if (t === 'a dozen') return 12;
  if (t === 'a hundred') return 100;
  if (t === 'two dozen') return 24;
  if (t === 'a pair of') return 2;
  if (t === 'a single') return 1;
  const compound = t.match(/^(\w+)[- ](one|two|three|four|five|six|seven|eight|nine)$/);
  if (compound && CARDINALS[compound[1]] >= 20) return CARDINALS[compound[1]] + CARDINALS[compound[2]];
  const hundreds = t.match(/^(\w+) hundred$/);
  if (hundreds && CARDINALS[hundreds[1]] !== undefined) return CARDINALS[hundreds[1]] * 100;
  return CARDINALS[t] ?? null;
}

/** Find every quantity in the text: digits, number words, ranges, qualifiers, vague amounts and ordinals. */
export function findNumbers(text: string, offset = 0): NumberMention[] {
  const out: NumberMention[] = [];
  PATTERN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PATTERN.exec(text))) {
    const g = m.groups ?? {};
    const start = offset + m.index;
    const end = start + m[0].length;
    if (g.card) {
      // A year or a clock time is no count.
      if (/[:\/.]$/.test(text.slice(Math.max(0, m.index - 1), m.index)) && /^\d/.test(g.card)) continue;
      if (/^\d{4}$/.test(g.card) && Number(g.card) >= 1900 && Number(g.card) <= 2100) continue;
      const after = text.slice(m.index + m[0].length, m.index + m[0].length + 3);
      if (/^[:.]\d/.test(after) || /^\s*(?:%|percent|km|kilomet|mile|am\b|pm\b|a\.m|p\.m)/i.test(text.slice(m.index + m[0].length, m.index + m[0].length + 12))) continue;
      const v = cardinalValue(g.card);
      // No report counts an attack's munitions or victims in the tens of millions: such a digit run is an id or noise,
      // and past Number.MAX_SAFE_INTEGER it would not even be an exact count.
      if (v === null || !Number.isSafeInteger(v) || v > MAX_COUNT) continue;
      const raw2 = g.card2 ? cardinalValue(g.card2) : null;
      const v2 = raw2 !== null && Number.isSafeInteger(raw2) && raw2 <= MAX_COUNT ? raw2 : null;
      const qual = (g.qual ?? '').toLowerCase().replace(/\s+/g, ' ');
      let min = v;
      let max: number | null = v2 ?? v;
      let approximate = false;
      let rule = v2 !== null ? 'number-range' : /^\d/.test(g.card) ? 'digits' : 'number-word';
      if (qual === 'at least' || qual === 'over') { max = null; rule = `at-least+${rule}`; }
      else if (qual === 'more than') { min = v + 1; max = null; rule = `more-than+${rule}`; }
      else if (qual === 'up to' || qual === 'as many as' || qual === 'at most') { min = Math.min(1, v); rule = `up-to+${rule}`; }
      else if (qual === 'fewer than' || qual === 'less than') { min = 0; max = Math.max(0, v - 1); rule = `fewer-than+${rule}`; }
      else if (qual) { approximate = true; rule = `approximately+${rule}`; }
      out.push({ start, end, min, max, ordinal: null, approximate, rule });
    } else if (g.vague) {
      const q = VAGUE[g.vague.toLowerCase().replace(/\s+/g, ' ')];
      if (!q) continue;
      out.push({ start, end, min: q.min, max: q.max, ordinal: null, approximate: true, rule: `vague:${g.vague.toLowerCase()}` });
    } else if (g.ord) {
      out.push({ start, end, min: 1, max: 1, ordinal: ORDINALS[g.ord.toLowerCase()], approximate: false, rule: 'ordinal' });
    }
  }
  return out;
}

export const numbersStage: Stage<StageContext> = {
  name: 'numbers',
  needs: [ZONES],
  adds: [NUMBERS],
  run(doc: Document): Document {
    const found: NumberMention[] = [];
    for (const zone of getLayer(doc, ZONES)) {
      if (zone.kind !== 'body') continue;
      found.push(...findNumbers(doc.text.slice(zone.span.start, zone.span.end), zone.span.start));
    }
    return withLayer(doc, NUMBERS, found);
  },
};
