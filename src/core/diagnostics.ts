import type { Span } from './span.js';

export type Severity = 'info' | 'warning' | 'error';

/** A finding about the document that travels with it, with the stage that made it and where. */
export interface Diagnostic {
  readonly code: string;
  readonly message: string;
  readonly severity: Severity;
  readonly stage: string;
  readonly span?: Span;
  readonly data?: Record<string, unknown>;
}
