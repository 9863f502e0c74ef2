import { fold } from '../places/fold.js';

export interface Word {
  start: number;
  end: number;
  text: string;
  /** Joined to the next word by a hyphen with no space ("Iran-backed", "al-Asad"). */
  hyphenNext: boolean;
  capitalized: boolean;
}

// Abbreviations with dots (U.S., U.N.) are one word; an apostrophe joins a word ("Sa'dah") unless it starts a possessive 's.
const WORD = /(?:[A-Z]\.){2,}|[\p{L}\p{M}\p{N}]+(?:['’ʼ](?!s\b)[\p{L}\p{M}\p{N}]+)*(?:['’ʼ]s\b)?/gu;

const LETTER = /\p{L}/u;
const UPPER_FIRST = /^\p{Lu}/u;

/** Is the code unit at `at` a letter? ASCII answered by its code, the rest by the Unicode class. */
function isLetterAt(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c < 128) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return LETTER.test(text[at]);
}

/** Does `s` begin with an upper-case letter? ASCII answered by its code, the rest by the Unicode class. */
function startsUpper(s: string): boolean {
  const c = s.charCodeAt(0);
  if (c < 128) return c >= 65 && c <= 90;
  return UPPER_FIRST.test(s);
}

/** Ends with a possessive 's ("Baghdad's", "Baghdad’s", "Baghdadʼs")? */
function endsPossessive(s: string): boolean {
  const n = s.length;
  if (n < 2 || s.charCodeAt(n - 1) !== 115) return false;
  const a = s.charCodeAt(n - 2);
  return a === 39 || a === 0x2019 || a === 0x02bc;
}

export function words(text: string, from = 0, to = text.length): Word[] {
  const out: Word[] = [];
  const slice = text.slice(from, to);
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(slice))) {
    const start = from + m.index;
    const surface = m[0];
    // A possessive 's belongs to no name: "Baghdad's international airport" is looked up as "Baghdad international airport".
    const bare = endsPossessive(surface) ? surface.slice(0, -2) : surface;
    const end = start + bare.length;
    out.push({ start, end, text: bare, hyphenNext: text.charCodeAt(end) === 45 && end + 1 < text.length && isLetterAt(text, end + 1), capitalized: startsUpper(surface) });
  }
  return out;
}

/** Only ASCII letters and digits? Such a word (most words) folds to its lower case. */
export function isPlainAscii(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57))) return false;
  }
  return true;
}

/** fold() of one word: a plain ASCII word's lower case (cheaper than fold()'s normalisation and replacements), else fold(). */
export function foldWord(word: string): string {
  return isPlainAscii(word) ? word.toLowerCase() : fold(word);
}

export interface NgramMatch<T> {
  start: number;
  end: number;
  /** Word indexes [first, last]. */
  first: number;
  last: number;
  surface: string;
  hits: T[];
}

export interface NgramOptions<T> {
  /** The key of one word ('' for a word that only joins, like an article); a window's key is its words' keys joined. */
  wordKey: (w: Word) => string;
  lookup: (key: string) => readonly T[] | T[];
  /** Can a name start with this word key? A cheap test that skips most windows before any key is built. */
  canStart?: (firstKey: string) => boolean;
  /**
   * Can a name begin at this word at all (say, only at a capitalised word or an article)? Tested before the word's key
   * is built, so the words no window can start at cost nothing: it must only refuse what accept would refuse anyway.
   */
  startsAt?: (w: Word) => boolean;
  /** Veto a window (for example, a lower-case word that cannot begin a name). */
  accept?: (first: Word, slice: Word[]) => boolean;
  /**
   * Does some name go on past a window with this key? Windows then grow only while it does, so a start tries two or
   * three windows rather than maxTokens. Without it every window up to maxTokens is tried.
   */
  extendsName?: (key: string) => boolean;
  /** Windows this long are tried whatever extendsName says (a lookup with a looser key of its own may match them). */
  alwaysTry?: number;
}

/**
 * Longest-first n-gram lookup over a word list. Word keys are computed once per word, so a window's key is a join,
 * and a name never runs across a sentence break, a comma or a bracket.
 */
export function matchNgrams<T>(text: string, ws: Word[], maxTokens: number, opts: NgramOptions<T>): NgramMatch<T>[] {
  const out: NgramMatch<T>[] = [];
  // Keys and breaks are built on demand: with startsAt, most words are never looked at.
  const keyCache: (string | undefined)[] = new Array(ws.length);
  const keys = (k: number) => (keyCache[k] ??= opts.wordKey(ws[k]));
  // breakAfter(k): punctuation between word k and word k+1 ends any name.
  const breakAfter = (k: number) => k + 1 < ws.length && hasBreak(text, ws[k].end, ws[k + 1].start);
  const firstToken = (k: string) => {
    const sp = k.indexOf(' ');
    return sp < 0 ? k : k.slice(0, sp);
  };
  let i = 0;
  while (i < ws.length) {
    let matched: NgramMatch<T> | null = null;
    if (opts.startsAt && !opts.startsAt(ws[i])) { i++; continue; }
    // An article's key is empty: the name then starts with the next word's key.
    const firstKey = keys(i) !== '' ? firstToken(keys(i)) : i + 1 < ws.length ? firstToken(keys(i + 1)) : '';
    if (!opts.canStart || opts.canStart(firstKey)) {
      let limit = Math.min(maxTokens, ws.length - i);
      for (let k = i; k < i + limit - 1; k++) if (breakAfter(k)) { limit = k - i + 1; break; }
      if (opts.extendsName) {
        // The longest window whose shorter part some name continues; an article's empty key never stops the growth.
        let grown = 1;
        let prefix = '';
        for (let n = 1; n < limit; n++) {
          const k = keys(i + n - 1);
          if (k !== '') prefix = prefix === '' ? k : `${prefix} ${k}`;
          if (prefix !== '' && !opts.extendsName(prefix)) break;
          grown = n + 1;
        }
        limit = Math.min(limit, Math.max(grown, opts.alwaysTry ?? 1));
      }
      for (let n = limit; n >= 1 && !matched; n--) {
        const slice = ws.slice(i, i + n);
        if (opts.accept && !opts.accept(slice[0], slice)) continue;
        let key = '';
        for (let k = i; k < i + n; k++) if (keys(k) !== '') key = key === '' ? keys(k) : `${key} ${keys(k)}`;
        if (!key) continue;
        const hits = opts.lookup(key);
        if (hits.length) matched = { start: slice[0].start, end: slice[n - 1].end, first: i, last: i + n - 1, surface: text.slice(slice[0].start, slice[n - 1].end), hits: [...hits] };
      }
    }
    if (matched) { out.push(matched); i = matched.last + 1; } else i++;
  }
  return out;
}

/** Is there punctuation that ends a name ('.', ',', ';', ':', brackets, quotes, '!', '?') in text[from, to)? */
function hasBreak(text: string, from: number, to: number): boolean {
  for (let p = from; p < to; p++) {
    const c = text.charCodeAt(p);
    // . , ; : ( ) " “ ” ! ?
    if (c === 46 || c === 44 || c === 59 || c === 58 || c === 40 || c === 41 || c === 34 || c === 0x201c || c === 0x201d || c === 33 || c === 63) return true;
  }
  return false;
}
