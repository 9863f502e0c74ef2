/** Plain-text reports, optionally headed by `Title:` / `Outlet:` / `Published:` / `URL:` lines. */
import type { NewDocument } from '../../core/document.js';
import { SitrepError } from '../../core/errors.js';
import { cleanString, normalizeLanguage, normalizePublished } from './normalize-meta.js';

type HeaderField = 'title' | 'outlet' | 'published' | 'url' | 'language';

const HEADER_KEYS: Readonly<Record<string, HeaderField>> = {
  title: 'title',
  outlet: 'outlet',
  published: 'published',
  url: 'url',
  language: 'language',
};

const HEADER_LINE = /^([A-Za-z]+):[ \t]*(.*)$/;

/**
 * Build a document from already-normalised text (LF line endings, no BOM). Header lines are read only
 * when every line before the first blank line is one, so a report whose first line happens to contain
 * a colon ("KYIV: Drones struck…") keeps its text.
 */
export function textToDocument(text: string, source: string, fallback: { published?: string | null; outlet?: string | null } = {}): NewDocument {
  const { meta, body } = splitHeader(text, source);
  if (!body.trim()) throw new SitrepError('INPUT_EMPTY', meta.found ? 'no text after the header lines' : 'empty or whitespace-only input', { input: source });
  return {
    text: body,
    id: null,
    title: meta.title ?? null,
    outlet: meta.outlet ?? cleanString(fallback.outlet),
    published: meta.published ?? fallback.published ?? null,
    url: meta.url ?? null,
    language: meta.language ?? null,
    source,
  };
}

function splitHeader(text: string, source: string): { meta: Partial<Record<HeaderField, string | null>> & { found: boolean }; body: string } {
  const lines = text.split('\n');
  const blank = lines.findIndex((l) => !l.trim());
  if (blank <= 0) return { meta: { found: false }, body: text };
  const meta: Partial<Record<HeaderField, string | null>> = {};
  for (let i = 0; i < blank; i++) {
    const m = HEADER_LINE.exec(lines[i].trim());
    const field = m ? HEADER_KEYS[m[1].toLowerCase()] : undefined;
    if (!m || !field) return { meta: { found: false }, body: text };
    const value = cleanString(m[2]);
    if (field === 'published' && value) {
      const date = normalizePublished(value);
      // A header that says it is a date but is not one would silently mis-date every event: refuse it.
      if (!date) throw new SitrepError('INPUT_MALFORMED', `invalid Published header "${value}" (want YYYY-MM-DD or an ISO timestamp)`, { input: source, line: i + 1 });
      meta.published = date;
    } else if (field === 'language' && value) {
      meta.language = normalizeLanguage(value);
    } else {
      meta[field] = value;
    }
  }
  let start = blank;
  while (start < lines.length && !lines[start].trim()) start++;
  return { meta: { ...meta, found: true }, body: lines.slice(start).join('\n') };
}
