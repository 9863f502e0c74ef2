/**
 * The server's guards: headers on every response, CORS closed unless an origin is configured, a token bucket per
 * client address for writes, and the bearer-token check for ingestion (constant time).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ApiError } from './errors.js';

/** The dashboard's policy: its own scripts and styles only, images from itself or data: URLs, no framing. */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Swagger UI sets styles from script; scripts stay its own files only. */
export const DOCS_CSP = DASHBOARD_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

export interface RateLimitOptions {
  /** Requests a client may make at once. */
  capacity: number;
  /** Requests a client regains per second. */
  refillPerSecond: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { capacity: 10, refillPerSecond: 10 / 60 };

/** A token bucket per key (client address), in memory. Old, full buckets are dropped so the map stays small. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly opts: RateLimitOptions,
    private readonly now: () => number = () => Date.now(),
    private readonly maxKeys = 10_000,
  ) {}

  /** Takes one token; throws RATE_LIMITED (with Retry-After) when the bucket is empty. */
  take(key: string): void {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.opts.capacity, at: t };
    b.tokens = Math.min(this.opts.capacity, b.tokens + ((t - b.at) / 1000) * this.opts.refillPerSecond);
    b.at = t;
    if (b.tokens < 1) {
      this.buckets.set(key, b);
      const wait = Math.max(1, Math.ceil((1 - b.tokens) / this.opts.refillPerSecond));
      throw new ApiError('RATE_LIMITED', `too many requests from this address; try again in ${wait} s`, { 'retry-after': String(wait) });
    }
    b.tokens -= 1;
    this.buckets.delete(key); // re-insert: the map's order is then least recently used first
    this.buckets.set(key, b);
    if (this.buckets.size > this.maxKeys) this.prune(t);
  }

  private prune(t: number): void {
    for (const [k, b] of this.buckets) {
      if (this.buckets.size <= this.maxKeys / 2) break;
      const full = b.tokens + ((t - b.at) / 1000) * this.opts.refillPerSecond >= this.opts.capacity;
      if (full || this.buckets.size > this.maxKeys) this.buckets.delete(k);
    }
  }
}

/** Both sides hashed first, so the comparison takes the same time whatever the lengths. */
export function tokensMatch(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** The Authorization header must be `Bearer <the configured token>`; throws the matching API error otherwise. */
export function checkBearer(header: string | undefined, expected: string | null | undefined): void {
  if (!expected) throw new ApiError('INGEST_DISABLED', 'ingestion is disabled: start the server with --token or SITREP_API_TOKEN set');
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
  if (!m) throw new ApiError('AUTH_REQUIRED', 'send Authorization: Bearer <token>', { 'www-authenticate': 'Bearer realm="sitrep"' });
  if (!tokensMatch(m[1], expected)) throw new ApiError('AUTH_INVALID', 'the token is not valid', { 'www-authenticate': 'Bearer realm="sitrep", error="invalid_token"' });
}
