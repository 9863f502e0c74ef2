/**
 * The store's interface. SQLite implements it now and PostgreSQL will later, so every method returns a
 * Promise and nothing here names a backend. The contract suite in repository-contract.ts pins the behaviour.
 */
import type { Document } from '../core/document.js';
import { SitrepError } from '../core/errors.js';
import type { ExtractedEvent } from '../stages/incidents/contract.js';
import type { IncidentRecord } from '../stages/incidents/incident-record.js';
import type { IncidentChange, IncidentStore } from '../stages/incidents/resolve.js';

export interface StoredDiagnostic {
  code: string;
  severity: string;
  stage: string;
  start: number | null;
  end: number | null;
  message: string;
  data: Record<string, unknown> | null;
}

export interface DocumentSummary {
  id: string;
  contentHash: string;
  source: string;
  url: string | null;
  title: string | null;
  outlet: string | null;
  published: string | null;
  language: string | null;
  /** ISO timestamp of the first ingest; a re-ingest of the same content leaves it alone. */
  ingestedAt: string;
}

export interface StoredDocument extends DocumentSummary {
  text: string;
  diagnostics: StoredDiagnostic[];
}

export interface SearchHit extends DocumentSummary {
  /** A short extract around the match, matched words in [brackets]. */
  snippet: string;
  /** Relevance: higher is better; comparable only within one search. */
  score: number;
}

export interface Page {
  limit?: number;
  offset?: number;
}

export interface EventFilter extends Page {
  /** Inclusive YYYY-MM-DD bounds on event_date; events without a date are left out when either is set. */
  since?: string;
  until?: string;
  /** Case-insensitive exact match. */
  country?: string;
  docId?: string;
}

export interface IncidentFilter extends Page {
  since?: string;
  until?: string;
  country?: string;
  disputedOnly?: boolean;
}

export interface IncidentHistoryEntry { at: string; change: IncidentChange }

export type PutStatus = 'inserted' | 'unchanged';

export interface PutDocumentResult {
  status: PutStatus;
  /** The id the document is stored under: its own, an earlier copy's, or `<id>~<hash8>` when its id was taken. */
  id: string;
}

export interface IngestResult {
  status: PutStatus;
  docId: string;
  /** Events newly stored by this call (events already stored are not counted). */
  events: number;
}

export interface Repository extends IncidentStore {
  /** Identity is the content hash: storing the same content again writes nothing and reports 'unchanged'. */
  putDocument(doc: Document): Promise<PutDocumentResult>;
  /** The document and its events in one transaction: either all of it is stored or none of it. */
  ingest(doc: Document, events: readonly ExtractedEvent[]): Promise<IngestResult>;
  getDocument(id: string): Promise<StoredDocument | null>;
  /** By ingest time, then id. */
  listDocuments(page?: Page): Promise<DocumentSummary[]>;
  /** Full-text search over title and text; the query is words, never search syntax, so it cannot fail to parse. */
  searchDocuments(query: string, limit?: number): Promise<SearchHit[]>;
  getEvent(eventId: string): Promise<ExtractedEvent | null>;
  /** Sorted by event_date (undated last), then event_id. */
  listEvents(filter?: EventFilter): Promise<ExtractedEvent[]>;
  countDocuments(): Promise<number>;
  countEvents(): Promise<number>;
  /** Events no incident holds yet (an ingest stopped between storing them and resolving them). */
  eventsWithoutIncident(limit?: number): Promise<ExtractedEvent[]>;
  /** Incidents across documents, by date (undated last), then id. */
  listIncidents(filter?: IncidentFilter): Promise<IncidentRecord[]>;
  countIncidents(): Promise<number>;
  /** An id absorbed by a merge resolves to the incident that absorbed it. */
  resolveIncidentId(id: string): Promise<string | null>;
  incidentHistory(id: string): Promise<IncidentHistoryEntry[]>;
  close(): Promise<void>;
}

// ---- rules every backend shares -----------------------------------------------------------------

/**
 * Ids to try, in order, for a record whose natural id may be taken by different content: the id itself,
 * then the id suffixed with ever longer prefixes of the content hash. The suffix is derived, not random,
 * so the same content always lands on the same id.
 */
export function candidateIds(id: string, contentHash: string): string[] {
  return [id, ...[8, 16, 64].map((n) => `${id}~${contentHash.slice(0, n)}`)];
}

/**
 * Event ids are made from the document id (`<doc_id>:<n>`, see incidents/to-contract.ts). When the
 * document is stored under another id, its events follow it, so that re-ingests still match them.
 */
export function rebaseEvent(event: ExtractedEvent, fromDocId: string, toDocId: string): ExtractedEvent {
  if (fromDocId === toDocId) return event;
  const id = event.event_id;
  const eventId = typeof id === 'string' && id.startsWith(fromDocId) ? toDocId + id.slice(fromDocId.length) : id;
  return { ...event, doc_id: toDocId, event_id: eventId };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reject paging and filter values that would silently mean something else. */
export function checkEventFilter(filter: EventFilter): void {
  checkPage(filter);
  for (const key of ['since', 'until'] as const) {
    const v = filter[key];
    if (v != null && !DATE.test(v)) throw new SitrepError('DATA_INVALID', `${key} must be YYYY-MM-DD, got "${v}"`);
  }
}

export function checkPage(page: Page): void {
  for (const key of ['limit', 'offset'] as const) {
    const v = page[key];
    if (v != null && !(Number.isInteger(v) && v >= 0)) throw new SitrepError('DATA_INVALID', `${key} must be a non-negative integer, got ${v}`);
  }
}
