/**
 * Every error the API sends is `{error: {code, message, issues?}}` with a stable code. SitrepErrors keep their own
 * codes; the server's own conditions have theirs (listed in API_ERROR_STATUS).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isSitrepError, type ErrorCode } from '../core/errors.js';

export const API_ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  INVALID_CURSOR: 400,
  AUTH_REQUIRED: 401,
  AUTH_INVALID: 401,
  INGEST_DISABLED: 403,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  NOT_IMPLEMENTED: 501,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

const SITREP_STATUS: Record<ErrorCode, number> = {
  INPUT_NOT_FOUND: 400,
  INPUT_EMPTY: 400,
  INPUT_BINARY: 400,
  INPUT_MALFORMED: 400,
  INPUT_UNSUPPORTED: 400,
  INPUT_TOO_LARGE: 413,
  DATA_INVALID: 400,
  NOT_FOUND: 404,
  STAGE_MISSING_LAYER: 500,
  STORE_FAILURE: 500,
  FETCH_REFUSED: 400,
  FETCH_FAILED: 502,
  FETCH_TIMEOUT: 504,
};

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get status(): number {
    return API_ERROR_STATUS[this.code];
  }
}

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().describe('stable: VALIDATION_FAILED, INVALID_CURSOR, AUTH_REQUIRED, AUTH_INVALID, INGEST_DISABLED, NOT_FOUND, PAYLOAD_TOO_LARGE, RATE_LIMITED, INPUT_* and the other SitrepError codes'),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: 'Error' });

export interface ErrorPayload {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
}

export function errorPayload(code: string, message: string, issues?: { path: string; message: string }[]): ErrorPayload {
  return { error: { code, message, ...(issues ? { issues } : {}) } };
}

/** The one error handler: maps whatever was thrown to a status and a JSON body; faults are logged, not shown. */
export function handleError(thrown: unknown, req: FastifyRequest, reply: FastifyReply, log: (msg: string) => void): FastifyReply {
  const err: Error = thrown instanceof Error ? thrown : new Error(String(thrown));
  if (err instanceof ApiError) {
    for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
    return reply.code(err.status).send(errorPayload(err.code, err.message));
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issues = err.validation.map((v) => ({
      path: [err.validationContext, ...String(v.instancePath ?? '').split('/').filter(Boolean)].filter(Boolean).join('.'),
      message: v.message ?? 'invalid',
    }));
    return reply.code(400).send(errorPayload('VALIDATION_FAILED', `invalid ${err.validationContext ?? 'request'}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues));
  }
  if (isSitrepError(err)) {
    const status = SITREP_STATUS[err.code] ?? 500;
    if (status >= 500) {
      log(`${req.method} ${req.url}: ${err.oneLine()}`);
      return reply.code(status).send(errorPayload(err.code, 'the server could not complete the request; the fault is logged'));
    }
    return reply.code(status).send(errorPayload(err.code, err.message));
  }
  const fe = err as FastifyError;
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return reply.code(413).send(errorPayload('PAYLOAD_TOO_LARGE', 'the request body is over the size limit'));
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return reply.code(415).send(errorPayload('UNSUPPORTED_MEDIA_TYPE', 'send JSON (Content-Type: application/json)'));
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return reply.code(400).send(errorPayload('INVALID_JSON', 'the request body is not valid JSON'));
    default:
      break;
  }
  if (err instanceof SyntaxError && fe.statusCode === 400) return reply.code(400).send(errorPayload('INVALID_JSON', 'the request body is not valid JSON'));
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return reply.code(fe.statusCode).send(errorPayload(fe.statusCode === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', fe.message));
  }
  log(`${req.method} ${req.url}: ${err.stack ?? err.message}`);
  return reply.code(500).send(errorPayload('INTERNAL', 'the server could not complete the request; the fault is logged'));
}
