import type { Span } from '../../core/span.js';

/**
 * Words that end in a full stop without ending a sentence: titles and ranks before a name, months, and the short
 * forms news copy uses. Lower case, without the stop.
 */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'gen', 'lt', 'col', 'sgt', 'capt', 'maj', 'brig', 'adm', 'cmdr', 'cpl', 'pvt', 'rev', 'gov', 'sen', 'rep', 'pres', 'amb', 'hon', 'fr', 'sheikh',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'no', 'nos', 'vs', 'etc', 'inc', 'ltd', 'co', 'corp', 'dept', 'est', 'approx', 'fig', 'vol', 'al', 'e.g', 'i.e', 'a.m', 'p.m',
  'mt', 'ft', 'km', 'mi',
  // United States datelines ("LOUISVILLE, Ky. (AP)").
  'ala', 'ariz', 'ark', 'calif', 'colo', 'conn', 'fla', 'ga', 'ill', 'kan', 'ky', 'md', 'mass', 'mich', 'minn', 'okla', 'ore', 'pa', 'tenn', 'tex', 'va', 'wash', 'wis',
]);

const isUpper = (c: number) => (c >= 65 && c <= 90) || (c > 127 && String.fromCharCode(c) !== String.fromCharCode(c).toLowerCase());
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x2009 || c === 0x202f;
/** Closing quotes and brackets that may follow a sentence's last stop and still belong to it. */
const isCloser = (c: number) => c === 34 || c === 39 || c === 41 || c === 93 || c === 0x201d || c === 0x2019 || c === 0xbb;
/** Opening quotes and brackets a sentence may begin with. */
const isOpener = (c: number) => c === 34 || c === 39 || c === 40 || c === 91 || c === 0x201c || c === 0x2018 || c === 0xab;

/**
 * Sentences of text[from, to): each span trimmed of surrounding white space, half-open, in order. A sentence ends at
 * '.', '!' or '?' (with any closing quotes or brackets after it) that white space follows, unless the stop ends an
 * abbreviation ("Gen.", "Nov."), an initial ("J. Smith") or a dotted acronym ("U.S. forces"); and at the end of the
 * range. A stop inside a word ("$1.4-billion", "IraqiNews.com") ends nothing.
 */
export function splitSentences(text: string, from: number, to: number): Span[] {
  const out: Span[] = [];
  let start = from;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && isSpace(text.charCodeAt(s))) s++;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    if (e > s) out.push({ start: s, end: e });
  };
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 46 && c !== 33 && c !== 63) continue;
    // The stop, any more stops, then closing quotes and brackets: all part of the sentence.
    let j = i + 1;
    while (j < to && (text.charCodeAt(j) === 46 || text.charCodeAt(j) === 33 || text.charCodeAt(j) === 63)) j++;
    while (j < to && isCloser(text.charCodeAt(j))) j++;
    if (j >= to) break;
    if (!isSpace(text.charCodeAt(j))) continue;
    let k = j;
    while (k < to && isSpace(text.charCodeAt(k))) k++;
    if (k >= to) break;
    // Whatever follows the white space: reports also start sentences in lower case ("… in Deir ez Zor. casualties unknown.").
    // A possessive apostrophe after an abbreviation ("the U.S.' accusations") belongs to the word, not to a quotation.
    const possessive = j === i + 2 && (text.charCodeAt(i + 1) === 39 || text.charCodeAt(i + 1) === 0x2019);
    if (c === 46 && (j === i + 1 || possessive) && !endsSentenceAt(text, from, i)) continue;
    push(j);
    start = k;
    i = k - 1;
  }
  push(to);
  return out;
}

/** Does the full stop at `dot` end the sentence, judged by the word before it? */
function endsSentenceAt(text: string, from: number, dot: number): boolean {
  let w = dot;
  while (w > from && !isSpace(text.charCodeAt(w - 1)) && !isOpener(text.charCodeAt(w - 1))) w--;
  const word = text.slice(w, dot);
  if (word.length === 0) return true;
  // "J. Smith": an initial.
  if (word.length === 1 && isUpper(word.charCodeAt(0))) return false;
  const lower = word.toLowerCase();
  if (ABBREVIATIONS.has(lower)) return false;
  // "U.S.", "a.m.": letters with stops between them.
  if (/^(?:\p{L}\.)+\p{L}$/u.test(word)) return false;
  return true;
}
