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

export function words(text: string, from = 0, to = text.length): Word[] {
  const out: Word[] = [];
  const slice = text.slice(from, to);
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(slice))) {
    const start = from + m.index;
    // A possessive 's belongs to no name: "Baghdad's international airport" is looked up as "Baghdad international airport".
    const bare = m[0].replace(/['’ʼ]s$/, '');
    const end = start + bare.length;
    out.push({ start, end, text: bare, hyphenNext: text[end] === '-' && /[\p{L}]/u.test(text[end + 1] ?? ''), capitalized: /^\p{Lu}/u.test(m[0]) });
  }
  return out;
}

export interface NgramMatch<T> {
  start: number;
  end: number;
  /** Word indexes [first, last]. */
  first: number;
  last: number;
  surface: string;
  hits: readonly T[];
}

/**
 * Longest-first n-gram lookup over a word list. `key` turns the words into a lookup key (or null to skip),
 * `accept` can veto a start position (for example, a lower-case word that cannot begin a name).
 */
export function matchNgrams<T>(
  text: string,
  ws: Word[],
  maxTokens: number,
  key: (surface: string, slice: Word[]) => string | null,
  lookup: (key: string) => readonly T[],
  accept: (first: Word, slice: Word[]) => boolean = () => true,
): NgramMatch<T>[] {
  const out: NgramMatch<T>[] = [];
  let i = 0;
  while (i < ws.length) {
    let matched: NgramMatch<T> | null = null;
    for (let n = Math.min(maxTokens, ws.length - i); n >= 1 && !matched; n--) {
      const slice = ws.slice(i, i + n);
      // A name does not run across a sentence break or a comma.
      const gap = slice.slice(1).some((w, k) => /[.,;:()"“”!?]/.test(text.slice(slice[k].end, w.start)));
      if (gap || !accept(slice[0], slice)) continue;
      const surface = text.slice(slice[0].start, slice[n - 1].end);
      const k = key(surface, slice);
      if (!k) continue;
      const hits = lookup(k);
      if (hits.length) matched = { start: slice[0].start, end: slice[n - 1].end, first: i, last: i + n - 1, surface, hits };
    }
    if (matched) { out.push(matched); i = matched.last + 1; } else i++;
  }
  return out;
}
