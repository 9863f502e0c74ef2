/**
 * The ingest entry point: paths, directories and stdin in, one item per report out. Every problem with
 * one input is yielded as an error item, never thrown, so one bad file does not stop a batch.
 */
import type { Stats } from 'node:fs';
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { NewDocument } from '../../core/document.js';
import { SitrepError, isSitrepError } from '../../core/errors.js';
import { htmlToDocument } from './html.js';
import { readJsonl } from './jsonl.js';
import { cleanString, normalizePublished } from './normalize-meta.js';
import { MAX_INPUT_BYTES, SUPPORTED_EXTENSIONS, binaryReason, decodeBytes, formatForPath, normalizeText, sniffFormat, type InputFormat } from './sniff.js';
import { textToDocument } from './text.js';
import { fetchUrl, mediaType, type FetchOptions, type FetchResult } from './fetch-url.js';

export type IngestItem = { ok: true; doc: NewDocument } | { ok: false; error: SitrepError };

export interface ReadInputsOptions {
  /** Publication date for inputs that do not carry one (YYYY-MM-DD or an ISO timestamp). */
  published?: string | null;
  /** Outlet for inputs that do not name one. */
  outlet?: string | null;
  /** Where `-` reads from; process.stdin when not given. */
  stdin?: NodeJS.ReadableStream;
  /** Fetch http(s) inputs from loopback and private networks too (CLI --allow-private). */
  allowPrivate?: boolean;
  /** Further settings for fetching http(s) inputs: limits, and the DNS hook tests use. */
  fetch?: FetchOptions;
}

export interface Fallback {
  published: string | null;
  outlet: string | null;
}

export async function* readInputs(inputs: string[], opts: ReadInputsOptions = {}): AsyncGenerator<IngestItem> {
  let published: string | null = null;
  const rawPublished = cleanString(opts.published);
  if (rawPublished) {
    published = normalizePublished(rawPublished);
    if (!published) {
      // A bad flag would mis-date the whole batch, so nothing is read.
      yield fail('INPUT_MALFORMED', `--published "${rawPublished}" is not a date (want YYYY-MM-DD or an ISO timestamp)`);
      return;
    }
  }
  const fallback: Fallback = { published, outlet: cleanString(opts.outlet) };
  for (const input of inputs) {
    if (input === '-') yield* readStdin(opts.stdin ?? process.stdin, fallback);
    else if (URL_LIKE.test(input)) yield* readUrl(input, fallback, { ...opts.fetch, allowPrivate: opts.allowPrivate ?? opts.fetch?.allowPrivate });
    else yield* readPath(input, fallback);
  }
}

function fail(code: SitrepError['code'], message: string, input?: string, line?: number): IngestItem {
  return { ok: false, error: new SitrepError(code, message, { input, line }) };
}

async function statOrError(path: string): Promise<Stats | IngestItem> {
  try {
    return await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return fail('INPUT_NOT_FOUND', 'no such file or directory', path);
    if (code === 'EACCES' || code === 'EPERM') return fail('INPUT_NOT_FOUND', 'not readable (permission denied)', path);
    return fail('INPUT_NOT_FOUND', `cannot read (${code ?? (e as Error).message})`, path);
  }
}

async function* readPath(path: string, fallback: Fallback): AsyncGenerator<IngestItem> {
  const st = await statOrError(path);
  if (!('isFile' in st)) {
    yield st;
    return;
  }
  if (st.isDirectory()) {
    const { files, errors } = await listFiles(path);
    yield* errors;
    for (const file of files) yield* readOneFile(file, fallback, null);
    return;
  }
  yield* readOneFile(path, fallback, st);
}

/** Every file under `dir`, sorted by path so a batch reads in the same order on every machine. */
async function listFiles(dir: string): Promise<{ files: string[]; errors: IngestItem[] }> {
  const files: string[] = [];
  const errors: IngestItem[] = [];
  const seen = new Set<string>();
  const visit = async (d: string): Promise<void> => {
    // Symlinked directories can form loops; each real directory is read once.
    let real: string;
    try {
      real = await realpath(d);
    } catch {
      real = d;
    }
    if (seen.has(real)) return;
    seen.add(real);
    let names: string[];
    try {
      names = await readdir(d);
    } catch (e) {
      errors.push(fail('INPUT_NOT_FOUND', `cannot list directory (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, d));
      return;
    }
    for (const name of names) {
      // Hidden entries are editor, VCS and OS litter (.git, .DS_Store), never reports.
      if (name.startsWith('.')) continue;
      const p = join(d, name);
      const st = await statOrError(p);
      if (!('isFile' in st)) errors.push(st);
      else if (st.isDirectory()) await visit(p);
      else files.push(p);
    }
  };
  await visit(dir);
  files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { files, errors };
}

async function* readOneFile(path: string, fallback: Fallback, known: Stats | null): AsyncGenerator<IngestItem> {
  const st = known ?? (await statOrError(path));
  if (!('isFile' in st)) {
    yield st;
    return;
  }
  if (!st.isFile()) {
    yield fail('INPUT_UNSUPPORTED', 'not a regular file', path);
    return;
  }
  const format = formatForPath(path);
  if (!format) {
    yield fail('INPUT_UNSUPPORTED', `unsupported file type (want ${SUPPORTED_EXTENSIONS.join(', ')} or no extension)`, path);
    return;
  }
  if (st.size > MAX_INPUT_BYTES) {
    yield fail('INPUT_TOO_LARGE', `file is ${mb(st.size)} MB, over the ${mb(MAX_INPUT_BYTES)} MB limit`, path);
    return;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    yield fail('INPUT_NOT_FOUND', `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, path);
    return;
  }
  yield* readBytes(bytes, path, format, fallback);
}

async function* readStdin(stream: NodeJS.ReadableStream, fallback: Fallback): AsyncGenerator<IngestItem> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
      size += b.length;
      if (size > MAX_INPUT_BYTES) {
        yield fail('INPUT_TOO_LARGE', `over the ${mb(MAX_INPUT_BYTES)} MB limit`, 'stdin');
        return;
      }
      chunks.push(b);
    }
  } catch (e) {
    yield fail('INPUT_NOT_FOUND', `cannot read (${(e as Error).message})`, 'stdin');
    return;
  }
  yield* readBytes(Buffer.concat(chunks), 'stdin', null, fallback);
}

/** Shared by files and stdin; `format` null means "sniff it from the content". */
export function* readBytes(bytes: Uint8Array, source: string, format: InputFormat | null, fallback: Fallback): Generator<IngestItem> {
  const decoded = decodeBytes(bytes, format ?? (sniffFormat(Buffer.from(bytes.subarray(0, 512)).toString('latin1')) === 'html' ? 'html' : 'unknown'));
  const binary = binaryReason(bytes, decoded);
  if (binary) {
    yield fail('INPUT_BINARY', binary, source);
    return;
  }
  const text = normalizeText(decoded.text);
  if (!text.trim()) {
    yield fail('INPUT_EMPTY', 'empty or whitespace-only input', source);
    return;
  }
  const kind = format ?? sniffFormat(text);
  try {
    if (kind === 'jsonl') {
      yield* readJsonl(text, source, fallback);
    } else if (kind === 'html') {
      yield { ok: true, doc: htmlToDocument(text, source, { fallback }) };
    } else {
      yield { ok: true, doc: textToDocument(text, source, fallback) };
    }
  } catch (e) {
    if (!isSitrepError(e)) throw e;
    yield { ok: false, error: e };
  }
}

function mb(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1);
}

// ---- URLs -------------------------------------------------------------------------------------------

/** "scheme://…": a URL, not a path. Schemes other than http(s) are refused by the fetcher with a reason. */
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

/** The reader for a Content-Type; null means "sniff it", 'feed' and 'unsupported' are refused. */
function formatForMediaType(type: string): InputFormat | null | 'feed' | 'unsupported' {
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type === 'text/plain' || type === 'text/markdown') return 'text';
  if (/^application\/(?:x-)?(?:ndjson|jsonl|jsonlines|json-seq)$/.test(type)) return 'jsonl';
  if (/(?:rss|atom)\+xml$|^(?:application|text)\/xml$/.test(type)) return 'feed';
  if (type === '' || type === 'application/octet-stream') return null;
  return 'unsupported';
}

/**
 * An http(s) URL: fetched with the safe fetcher (fetch-url.ts), then read as HTML, text or JSONL by its
 * Content-Type. The final URL is the document's source, and its URL when the page names no canonical one.
 */
export async function* readUrl(url: string, fallback: Fallback, fetchOpts: FetchOptions = {}): AsyncGenerator<IngestItem> {
  let r: FetchResult;
  try {
    r = await fetchUrl(url, fetchOpts);
  } catch (e) {
    if (!isSitrepError(e)) throw e;
    yield { ok: false, error: e };
    return;
  }
  if (r.status < 200 || r.status > 299) {
    yield fail('FETCH_FAILED', `cannot fetch ${r.url}: HTTP ${r.status}`);
    return;
  }
  const type = mediaType(r.contentType);
  const format = formatForMediaType(type);
  if (format === 'feed') {
    yield fail('INPUT_UNSUPPORTED', `${r.url} is a feed (${type}): use \`sitrep watch\` to ingest its articles`);
    return;
  }
  if (format === 'unsupported') {
    yield fail('INPUT_UNSUPPORTED', `${r.url} is ${type}, not a report (want HTML or plain text)`);
    return;
  }
  for (const item of readBytes(r.bytes, r.url, format, fallback)) {
    yield item.ok ? { ok: true, doc: { ...item.doc, url: item.doc.url ?? r.url } } : item;
  }
}
