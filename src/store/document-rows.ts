/**
 * Rows of the documents and document_diagnostics tables as both stores select them, and their mapping to the
 * repository's types. The drivers differ only in what a timestamp and a JSON column come back as.
 */
import type { DocumentSummary, StoredDiagnostic } from './repository.js';

export const SUMMARY_COLUMNS = 'd.id, d.content_hash, d.source, d.url, d.title, d.outlet, d.published, d.language, d.ingested_at';
export const DIAGNOSTIC_COLUMNS = 'code, severity, stage, span_start, span_end, message, data';

export interface DocumentRow {
  id: string;
  content_hash: string;
  source: string;
  url: string | null;
  title: string | null;
  outlet: string | null;
  published: string | null;
  language: string | null;
  /** ISO text in SQLite, a Date from PostgreSQL. */
  ingested_at: string | Date;
}

export interface DiagnosticRow {
  code: string;
  severity: string;
  stage: string;
  span_start: number | null;
  span_end: number | null;
  message: string;
  /** JSON text in SQLite, already parsed (jsonb) from PostgreSQL. */
  data: string | Record<string, unknown> | null;
}

export function toSummary(r: DocumentRow): DocumentSummary {
  return {
    id: r.id,
    contentHash: r.content_hash,
    source: r.source,
    url: r.url,
    title: r.title,
    outlet: r.outlet,
    published: r.published,
    language: r.language,
    ingestedAt: typeof r.ingested_at === 'string' ? r.ingested_at : r.ingested_at.toISOString(),
  };
}

export function toDiagnostic(r: DiagnosticRow): StoredDiagnostic {
  const data = r.data == null ? null : typeof r.data === 'string' ? (JSON.parse(r.data) as Record<string, unknown>) : r.data;
  return { code: r.code, severity: r.severity, stage: r.stage, start: r.span_start, end: r.span_end, message: r.message, data };
}
