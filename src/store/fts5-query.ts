/**
 * Turn what a user typed into an FTS5 query that cannot be a syntax error: every word becomes a quoted
 * string (quotes doubled inside), so operators, parentheses and column filters are just text. Words are
 * ANDed. A trailing `*` on a word is kept as a prefix search, the one piece of syntax worth offering.
 * Returns null when nothing searchable is left.
 */
export function toFts5Query(query: string): string | null {
  const terms: string[] = [];
  // Control characters (NUL above all) have no place in a search and upset some tokenizers.
  for (const raw of query.replace(/[\u0000-\u001f\u007f]/g, ' ').split(/\s+/)) {
    if (!raw) continue;
    const prefix = raw.length > 1 && raw.endsWith('*');
    const word = prefix ? raw.replace(/\*+$/, '') : raw;
    // A word with no letter or digit yields no token, and an empty phrase would make the whole AND fail.
    if (!/[\p{L}\p{N}]/u.test(word)) continue;
    terms.push(`"${word.replace(/"/g, '""')}"${prefix ? '*' : ''}`);
  }
  return terms.length > 0 ? terms.join(' ') : null;
}
