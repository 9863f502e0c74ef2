/** JSONL batches: one report per line, `{"id","text"|"html","published","url","title","outlet","language"}`. */
import type { NewDocument } from '../../core/document.js';
import { SitrepError, isSitrepError } from '../../core/errors.js';
import { htmlToDocument } from './html.js';
import { cleanString, normalizeLanguage, normalizePublished } from './normalize-meta.js';

export type LineResult = { ok: true; doc: NewDocument } | { ok: false; error: SitrepError };

const STRING_FIELDS = ['text', 'html', 'published', 'url', 'title', 'outlet', 'language'] as const;

/**
 * Read every non-blank line of an already-normalised JSONL text. Each line stands alone: a bad line is
 * an INPUT_MALFORMED result carrying its line number, and the lines after it are still read.
 */
export function* readJsonl(text: string, input: string, fallback: { published?: string | null; outlet?: string | null } = {}): Generator<LineResult> {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    const line = i + 1;
    try {
      yield { ok: true, doc: lineToDocument(lines[i], input, line, fallback) };
    } catch (e) {
      if (!isSitrepError(e)) throw e;
      // Errors name the file and line, not the "path:LINE" source, so oneLine() reads "path:LINE: why".
      yield { ok: false, error: new SitrepError(e.code, e.message, { input, line }) };
    }
  }
}

function malformed(message: string): SitrepError {
  return new SitrepError('INPUT_MALFORMED', message);
}

function lineToDocument(raw: string, input: string, line: number, fallback: { published?: string | null; outlet?: string | null }): NewDocument {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw malformed(`not JSON (${why.length > 120 ? `${why.slice(0, 117)}...` : why})`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw malformed('not a JSON object');
  const rec = value as Record<string, unknown>;

  for (const f of STRING_FIELDS) {
    if (rec[f] != null && typeof rec[f] !== 'string') throw malformed(`"${f}" must be a string`);
  }
  // Numeric ids are common in exported datasets; anything else is a mistake worth reporting.
  if (rec.id != null && typeof rec.id !== 'string' && typeof rec.id !== 'number') throw malformed('"id" must be a string or a number');
  const text = rec.text as string | undefined;
  const html = rec.html as string | undefined;
  if (text == null && html == null) throw malformed('missing both "text" and "html"');

  let published: string | null = null;
  const rawPublished = cleanString(rec.published as string | undefined);
  if (rawPublished) {
    published = normalizePublished(rawPublished);
    if (!published) throw malformed(`invalid "published" date "${rawPublished}" (want YYYY-MM-DD or an ISO timestamp)`);
  }
  const known = {
    id: rec.id == null ? null : String(rec.id),
    url: cleanString(rec.url as string | undefined),
    title: cleanString(rec.title as string | undefined),
    outlet: cleanString(rec.outlet as string | undefined),
    published,
    language: rec.language ? normalizeLanguage(rec.language as string) : null,
  };
  const source = `${input}:${line}`;

  // Prefer "text" when both are given: it is what the producer already extracted and checked.
  if (text != null) {
    const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
    if (!normalised.trim()) throw new SitrepError('INPUT_EMPTY', '"text" is empty');
    return {
      text: normalised,
      ...known,
      outlet: known.outlet ?? cleanString(fallback.outlet),
      published: known.published ?? fallback.published ?? null,
      source,
    };
  }
  return htmlToDocument(html!, source, { known, fallback });
}
