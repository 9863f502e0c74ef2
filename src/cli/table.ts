/** A plain text table, widths fitted to the content, long cells cut with an ellipsis. */
export function table(headers: string[], rows: (string | number | null)[][], maxWidth = 48): string {
  const cells = rows.map((r) => r.map((c) => { const s = c === null || c === undefined ? '' : String(c).replace(/\s+/g, ' '); return s.length > maxWidth ? `${s.slice(0, maxWidth - 1)}…` : s; }));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
