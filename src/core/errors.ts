/** Stable error codes: shells (CLI, API) map them to exit codes and HTTP statuses. */
export type ErrorCode =
  | 'INPUT_NOT_FOUND'
  | 'INPUT_EMPTY'
  | 'INPUT_BINARY'
  | 'INPUT_MALFORMED'
  | 'INPUT_UNSUPPORTED'
  | 'INPUT_TOO_LARGE'
  | 'STAGE_MISSING_LAYER'
  | 'STORE_FAILURE'
  | 'NOT_FOUND'
  | 'DATA_INVALID'
  | 'FETCH_REFUSED'
  | 'FETCH_FAILED'
  | 'FETCH_TIMEOUT';

/** Thrown only for infrastructure faults and unusable input; extraction uncertainty is data, not an error. */
export class SitrepError extends Error {
  readonly code: ErrorCode;
  readonly input?: string;
  readonly line?: number;

  constructor(code: ErrorCode, message: string, where: { input?: string; line?: number } = {}) {
    super(message);
    this.name = 'SitrepError';
    this.code = code;
    this.input = where.input;
    this.line = where.line;
  }

  /** One line naming the input, the line (when known) and the reason. */
  oneLine(): string {
    const at = this.input ? `${this.input}${this.line ? `:${this.line}` : ''}: ` : '';
    return `${at}${this.message} [${this.code}]`;
  }
}

export function isSitrepError(e: unknown): e is SitrepError {
  return e instanceof SitrepError;
}
