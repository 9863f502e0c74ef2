import type { Span } from './span.js';

/** Uncertainty is data: a value is either resolved (with its evidence and rule) or refused with a reason. */
export type Resolution<T> =
  | { status: 'resolved'; value: T; score: number; rule: string; evidence: Span[] }
  | { status: 'unresolved'; reason: string; evidence?: Span[] };

export function resolved<T>(value: T, score: number, rule: string, evidence: Span[]): Resolution<T> {
  return { status: 'resolved', value, score, rule, evidence };
}

export function unresolved<T>(reason: string, evidence?: Span[]): Resolution<T> {
  return evidence ? { status: 'unresolved', reason, evidence } : { status: 'unresolved', reason };
}
