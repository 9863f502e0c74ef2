/**
 * Fetch one URL safely: http and https only; the host is resolved here and every address it resolves to must
 * be public (see address-policy.ts) unless private networks are allowed; the connection goes to the address
 * that was checked, never to a second lookup's answer (no DNS rebinding); redirects are followed by hand and
 * every hop is checked again; the body is streamed and cut at `maxBytes`; one timeout covers the whole request,
 * redirects and body included. Every refusal is a SitrepError whose message names the URL and the reason.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { Agent, request } from 'undici';
import { SitrepError } from '../../core/errors.js';
import { blockedAddressReason, blockedHostReason, ipVersion, normalizeHost } from './address-policy.js';
import { decodeBytes } from './sniff.js';

/** Resolves a hostname to every address it has, as dns.promises.lookup(host, {all: true}) does. */
export type LookupFn = (hostname: string) => Promise<readonly { address: string; family: number }[]>;

export interface FetchOptions {
  /** Fetch from loopback, private and link-local addresses too (a lab network, a local test server). */
  allowPrivate?: boolean;
  /** Largest body accepted, after decompression; default 5 MB. */
  maxBytes?: number;
  /** For the whole request: lookups, redirects, headers and body; default 15 s. */
  timeoutMs?: number;
  /** Default 5. */
  maxRedirects?: number;
  userAgent?: string;
  /** Sent as If-None-Match / If-Modified-Since: a 304 answer comes back as `notModified`. */
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  /** Accept header; default prefers HTML. */
  accept?: string;
  /** DNS resolution; dns.promises.lookup by default. Tests map made-up names to their local server. */
  lookup?: LookupFn;
  /**
   * Test hook: a private address let through only when it is what this exact host name resolves to. A test
   * maps `news.test` to 127.0.0.1 with `lookup` and lists `{host: 'news.test', address: '127.0.0.1'}` here, so
   * its local server plays a public site, while 127.0.0.1 reached by any other name, as a literal, or after a
   * redirect to another host is still refused. Never set from user input; `allowPrivate` is the user's switch.
   */
  allowPrivateFor?: readonly { host: string; address: string }[];
}

export interface FetchResult {
  status: number;
  /** The URL after redirects. */
  url: string;
  /** The Content-Type header as sent, or null. */
  contentType: string | null;
  /** The body decoded to text (charset from the header, an HTML meta tag or the XML declaration; else UTF-8). */
  body: string;
  /** The body's bytes after content decoding, for callers that sniff or check for binary content. */
  bytes: Uint8Array;
  etag: string | null;
  lastModified: string | null;
  /** The server answered 304 to a conditional request: nothing changed, the body is empty. */
  notModified: boolean;
  redirects: number;
}

export const FETCH_DEFAULTS = { maxBytes: 5 * 1024 * 1024, timeoutMs: 15_000, maxRedirects: 5, userAgent: 'sitrep/0.1 (news incident extraction)' } as const;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const DEFAULT_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5';

class Timeout extends Error {}

export async function fetchUrl(url: string, opts: FetchOptions = {}): Promise<FetchResult> {
  const maxBytes = opts.maxBytes ?? FETCH_DEFAULTS.maxBytes;
  const timeoutMs = opts.timeoutMs ?? FETCH_DEFAULTS.timeoutMs;
  const maxRedirects = opts.maxRedirects ?? FETCH_DEFAULTS.maxRedirects;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Timeout()), timeoutMs);
  const deadline = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(new Timeout()), { once: true });
  });
  deadline.catch(() => {});
  let current = url;
  try {
    for (let redirects = 0; ; redirects++) {
      const hop = await Promise.race([fetchOnce(current, url, opts, controller.signal, maxBytes, timeoutMs), deadline]);
      if (hop.kind === 'redirect') {
        if (redirects >= maxRedirects) throw new SitrepError('FETCH_REFUSED', `too many redirects fetching ${url} (more than ${maxRedirects})`);
        current = hop.location;
        continue;
      }
      return { ...hop.result, redirects };
    }
  } catch (e) {
    if (e instanceof Timeout || controller.signal.aborted) throw new SitrepError('FETCH_TIMEOUT', `timed out fetching ${current} after ${timeoutMs} ms`);
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

type Hop = { kind: 'redirect'; location: string } | { kind: 'done'; result: Omit<FetchResult, 'redirects'> };

async function fetchOnce(current: string, original: string, opts: FetchOptions, signal: AbortSignal, maxBytes: number, timeoutMs: number): Promise<Hop> {
  const via = current === original ? '' : ` (redirected from ${original})`;
  const refuse = (why: string): SitrepError => new SitrepError('FETCH_REFUSED', `refused ${current}${via}: ${why}`);
  let u: URL;
  try {
    u = new URL(current);
  } catch {
    throw new SitrepError('FETCH_REFUSED', `refused ${current}${via}: not a valid URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw refuse(`only http and https URLs are fetched, not ${u.protocol.replace(/:$/, '')}`);
  if (u.username || u.password) throw refuse('URLs with credentials are not fetched');
  const host = normalizeHost(u.hostname);
  const vetted = await vet(host, opts, refuse);

  // One agent per hop, pinned to the addresses just vetted: the socket cannot reach anything else.
  const agent = new Agent({
    connections: 1,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connect: { timeout: timeoutMs, lookup: pinnedLookup(host, vetted, opts, refuse) as never },
  });
  try {
    const headers: Record<string, string> = {
      'user-agent': opts.userAgent ?? FETCH_DEFAULTS.userAgent,
      accept: opts.accept ?? DEFAULT_ACCEPT,
      'accept-encoding': 'gzip, deflate, br',
    };
    if (opts.ifNoneMatch) headers['if-none-match'] = opts.ifNoneMatch;
    if (opts.ifModifiedSince) headers['if-modified-since'] = opts.ifModifiedSince;
    let res: Awaited<ReturnType<typeof request>>;
    try {
      res = await request(u, { method: 'GET', headers, dispatcher: agent, signal });
    } catch (e) {
      if (e instanceof SitrepError) throw e;
      const cause = (e as { cause?: unknown }).cause;
      if (cause instanceof SitrepError) throw cause;
      if (signal.aborted) throw new Timeout();
      throw new SitrepError('FETCH_FAILED', `cannot fetch ${current}${via}: ${errorText(e)}`);
    }
    const header = (name: string): string | null => {
      const v = res.headers[name];
      return v == null ? null : Array.isArray(v) ? v.join(', ') : String(v);
    };
    if (REDIRECTS.has(res.statusCode)) {
      await res.body.dump().catch(() => {});
      const location = header('location');
      if (!location) throw new SitrepError('FETCH_FAILED', `cannot fetch ${current}${via}: HTTP ${res.statusCode} without a Location header`);
      let next: string;
      try {
        next = new URL(location, u).toString();
      } catch {
        throw new SitrepError('FETCH_FAILED', `cannot fetch ${current}${via}: redirect to an invalid URL "${location.slice(0, 200)}"`);
      }
      return { kind: 'redirect', location: next };
    }
    const base = { status: res.statusCode, url: u.toString(), contentType: header('content-type'), etag: header('etag'), lastModified: header('last-modified') };
    if (res.statusCode === 304) {
      await res.body.dump().catch(() => {});
      return { kind: 'done', result: { ...base, body: '', bytes: new Uint8Array(0), notModified: true } };
    }
    const tooLarge = (): SitrepError => new SitrepError('INPUT_TOO_LARGE', `${current}${via} is over the ${mb(maxBytes)} MB limit`);
    const declared = Number(header('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      res.body.destroy();
      throw tooLarge();
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length;
        if (size > maxBytes) {
          res.body.destroy();
          throw tooLarge();
        }
        chunks.push(chunk as Buffer);
      }
    } catch (e) {
      if (e instanceof SitrepError) throw e;
      if (signal.aborted) throw new Timeout();
      throw new SitrepError('FETCH_FAILED', `cannot fetch ${current}${via}: ${errorText(e)}`);
    }
    const bytes = decodeContent(Buffer.concat(chunks), header('content-encoding'), maxBytes, tooLarge, () => new SitrepError('FETCH_FAILED', `cannot fetch ${current}${via}: the body does not match its Content-Encoding`));
    return { kind: 'done', result: { ...base, body: decodeBody(bytes, base.contentType), bytes, notModified: false } };
  } finally {
    agent.destroy().catch(() => {});
  }
}

/** Resolve `host` and refuse it unless every address is public (or allowed). */
async function vet(host: string, opts: FetchOptions, refuse: (why: string) => SitrepError): Promise<{ address: string; family: number }[]> {
  if (!opts.allowPrivate) {
    const byName = blockedHostReason(host);
    if (byName) throw refuse(`${byName} (private networks need --allow-private)`);
  }
  const v = ipVersion(host);
  let addresses: { address: string; family: number }[];
  if (v) {
    addresses = [{ address: host, family: v }];
  } else {
    try {
      addresses = [...(await (opts.lookup ?? defaultLookup)(host))];
    } catch (e) {
      throw refuse(`cannot resolve ${host} (${errorText(e)})`);
    }
    if (!addresses.length) throw refuse(`${host} resolves to no address`);
  }
  for (const a of addresses) checkAddress(host, a.address, opts, refuse);
  return addresses;
}

function checkAddress(host: string, address: string, opts: FetchOptions, refuse: (why: string) => SitrepError): void {
  if (opts.allowPrivate) return;
  const why = blockedAddressReason(address);
  if (!why) return;
  const allowed = opts.allowPrivateFor?.some((x) => normalizeHost(x.host) === host && normalizeHost(x.address) === normalizeHost(address) && !ipVersion(host));
  if (allowed) return;
  throw refuse(`${host === normalizeHost(address) ? address : `${host} resolves to ${address}`}, ${why} (private networks need --allow-private)`);
}

async function defaultLookup(host: string): Promise<LookupAddress[]> {
  return dnsLookup(host, { all: true, verbatim: true });
}

type LookupCallback = (err: Error | null, address?: string | LookupAddress[], family?: number) => void;

/**
 * The socket's lookup: the vetted addresses for the vetted host. Any other name (there should be none) is
 * resolved and checked again before the socket may use it.
 */
function pinnedLookup(host: string, vetted: { address: string; family: number }[], opts: FetchOptions, refuse: (why: string) => SitrepError) {
  return (hostname: string, options: { all?: boolean; family?: number } | number | undefined, cb: LookupCallback): void => {
    const all = typeof options === 'object' && options !== null && !!options.all;
    const answer = (list: { address: string; family: number }[]): void => {
      if (all) cb(null, list.map((a) => ({ address: a.address, family: a.family })));
      else cb(null, list[0].address, list[0].family);
    };
    const name = normalizeHost(hostname);
    if (name === host) {
      answer(vetted);
      return;
    }
    vet(name, opts, refuse).then(answer, (e: Error) => cb(e));
  };
}

/** Undo Content-Encoding with the size limit applied to the output, so a small compressed bomb is caught. */
function decodeContent(raw: Buffer, encoding: string | null, maxBytes: number, tooLarge: () => SitrepError, broken: () => SitrepError): Uint8Array {
  const codings = (encoding ?? '').toLowerCase().split(',').map((s) => s.trim()).filter((s) => s && s !== 'identity');
  let out: Buffer = raw;
  // Codings are listed in the order they were applied: undo them last first.
  for (const c of codings.reverse()) {
    try {
      if (c === 'gzip' || c === 'x-gzip') out = gunzipSync(out, { maxOutputLength: maxBytes });
      else if (c === 'br') out = brotliDecompressSync(out, { maxOutputLength: maxBytes });
      else if (c === 'deflate') {
        try {
          out = inflateSync(out, { maxOutputLength: maxBytes });
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw e;
          out = inflateRawSync(out, { maxOutputLength: maxBytes }); // some servers send raw deflate
        }
      } else throw broken();
    } catch (e) {
      if (e instanceof SitrepError) throw e;
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) throw tooLarge();
      throw broken();
    }
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** Text from bytes: the header's charset, else the page's own declaration, else UTF-8 (BOMs honoured). */
export function decodeBody(bytes: Uint8Array, contentType: string | null): string {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1];
  if (charset) {
    try {
      return new TextDecoder(charset).decode(bytes);
    } catch {
      // Unknown label: fall through.
    }
  }
  const type = mediaType(contentType);
  if (type.includes('html')) return decodeBytes(bytes, 'html').text;
  if (type.includes('xml') || type === '') {
    const decl = /^\s*<\?xml[^>]*encoding\s*=\s*["']([a-z0-9_.:-]+)["']/i.exec(Buffer.from(bytes.subarray(0, 200)).toString('latin1'))?.[1];
    if (decl) {
      try {
        return new TextDecoder(decl).decode(bytes);
      } catch {
        // Unknown label: fall through.
      }
    }
  }
  return decodeBytes(bytes, 'text').text;
}

/** "text/html; charset=utf-8" → "text/html". */
export function mediaType(contentType: string | null): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

function errorText(e: unknown): string {
  const err = e as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err?.cause?.code ?? err?.code;
  const msg = (err?.cause?.message ?? err?.message ?? String(e)).split('\n')[0];
  return code && !msg.includes(code) ? `${code}: ${msg}` : msg;
}

function mb(bytes: number): string {
  const v = bytes / (1024 * 1024);
  return Number.isInteger(v) ? String(v) : v.toFixed(v < 0.1 ? 3 : 1);
}
