/** A half-open range [start, end) into a document's text, in UTF-16 code units. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export function span(start: number, end: number): Span {
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end >= start)) {
    throw new RangeError(`invalid span [${start}, ${end})`);
  }
  return { start, end };
}

export function spanText(text: string, s: Span): string {
  return text.slice(s.start, s.end);
}

export function contains(outer: Span, inner: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

export function spanLength(s: Span): number {
  return s.end - s.start;
}

/** Shift a span found in a substring that starts at `offset` back into document coordinates. */
export function shift(s: Span, offset: number): Span {
  return { start: s.start + offset, end: s.end + offset };
}
