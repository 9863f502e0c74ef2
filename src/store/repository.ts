/**
 * The store's interface. SQLite implements it now and PostgreSQL will later, so every method returns a
 * Promise and nothing here names a backend. The contract suite in repository-contract.ts pins the behaviour.
 */
import type { Document } from '../core/document.js';
import { SitrepError } from '../core/errors.js';
import type { ExtractedEvent } from '../stages/incidents/contract.js';
import type { IncidentRecord } from '../stages/incidents/incident-record.js';
import { DATE_MARGINS } from '../stages/incidents/compatibility.js';
import type { IncidentChange, IncidentStore } from '../stages/incidents/resolve.js';
import { OUTCOMES, type Outcome } from './incident-facets.js';

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
  /** Case-insensitive exact match on admin1. */
  admin1?: string;
  /** Case-insensitive exact match on actor1 or any claimant (incident-facets.ts). */
  actor?: string;
  /** A weapon code as `weapons` holds it ("drone", "ballistic_missile"), case-insensitive. */
  weapon?: string;
  /** An outcome the incident reports, as incidentOutcomes() derives it. */
  outcome?: Outcome;
  /** [minLon, minLat, maxLon, maxLat], inclusive; incidents without coordinates are left out. */
  bbox?: readonly [number, number, number, number];
  /** Only incidents one of these documents reports (an empty list matches nothing). */
  docIds?: readonly string[];
  /** date: oldest first; -date: newest first; fatalities: most first. Undated (or unknown fatalities) last, then id. */
  sort?: IncidentSort;
  /** Keyset paging: the incidents after this one in the sort order (with `limit`; `offset` counts from there). */
  after?: IncidentCursor;
}

export type IncidentSort = 'date' | '-date' | 'fatalities';

/** A position in a sort order: the last incident seen, with its sort key (event_date, or fatalities for that sort). */
export interface IncidentCursor {
  id: string;
  key: string | number | null;
}

export type AggregateInterval = 'day' | 'week';
export type AggregateBy = 'weapon' | 'country' | 'actor';

/**
 * Incidents per period (YYYY-MM-DD: the day, or the Monday that starts the ISO week) and key (weapon code, country,
 * actor label; null when the incident has none). An incident with several weapons or actors counts under each.
 */
export interface AggregateRow {
  period: string;
  key: string | null;
  count: number;
}

export interface IncidentHistoryEntry { at: string; change: IncidentChange }

/** One polled feed (src/feeds/watch.ts). */
export interface FeedState {
  url: string;
  /** Validators from the last full answer, sent back as If-None-Match / If-Modified-Since. */
  etag: string | null;
  lastModified: string | null;
  /** ISO time of the last poll, successful or not. */
  lastChecked: string | null;
  /** Polls that failed in a row; 0 after a success. Drives the backoff. */
  failures: number;
  lastError: string | null;
  /** Keys (guid, else link) of items already ingested or given up on, newest last; bounded by the watcher. */
  seen: string[];
}

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
  /** The id of the stored document with this content hash, if any: lets a re-ingest skip extraction. */
  documentIdByHash(contentHash: string): Promise<string | null>;
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
  /** How many incidents match the filter (paging, sort and cursor ignored); all of them without one. */
  countIncidents(filter?: IncidentFilter): Promise<number>;
  /** Dated incidents matching the filter, counted per period and key; sorted by period, then key (null last). */
  aggregateIncidents(filter: IncidentFilter, interval: AggregateInterval, by: AggregateBy): Promise<AggregateRow[]>;
  /** An id absorbed by a merge resolves to the incident that absorbed it. */
  resolveIncidentId(id: string): Promise<string | null>;
  incidentHistory(id: string): Promise<IncidentHistoryEntry[]>;
  /** What `sitrep watch` remembers about one feed, or null before its first poll. */
  getFeedState(url: string): Promise<FeedState | null>;
  /** Insert or replace the state of one feed (keyed by its URL). */
  putFeedState(state: FeedState): Promise<void>;
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

function shiftDay(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * What eventsReaching reads, as a range of event dates per precision: an event of precision p reaches a day in
 * [since, until] when its date lies within p's margin (compatibility.ts dateMarginDays) of that range. Each range is
 * one step of an index on (date_precision, event_date), so a read costs what it finds, not what the store holds.
 */
export function reachingWindows(since: string, until: string): { precision: string; since: string; until: string }[] {
  for (const [key, v] of [['since', since], ['until', until]]) if (!DATE.test(v)) throw new SitrepError('DATA_INVALID', `${key} must be YYYY-MM-DD, got "${v}"`);
  return [...DATE_MARGINS].map(([precision, margin]) => ({ precision, since: shiftDay(since, -margin), until: shiftDay(until, margin) }));
}

/** Reject paging and filter values that would silently mean something else. */
export function checkEventFilter(filter: EventFilter): void {
  checkPage(filter);
  for (const key of ['since', 'until'] as const) {
    const v = filter[key];
    if (v != null && !DATE.test(v)) throw new SitrepError('DATA_INVALID', `${key} must be YYYY-MM-DD, got "${v}"`);
  }
}

/** checkEventFilter, plus the incident-only fields. */
export function checkIncidentFilter(filter: IncidentFilter): void {
  checkEventFilter(filter);
  if (filter.outcome != null && !OUTCOMES.includes(filter.outcome)) throw new SitrepError('DATA_INVALID', `outcome must be one of ${OUTCOMES.join(', ')}, got "${filter.outcome}"`);
  if (filter.sort != null && !['date', '-date', 'fatalities'].includes(filter.sort)) throw new SitrepError('DATA_INVALID', `sort must be date, -date or fatalities, got "${filter.sort}"`);
  if (filter.bbox != null) {
    const b = filter.bbox;
    if (b.length !== 4 || !b.every((n) => typeof n === 'number' && Number.isFinite(n)) || b[0] > b[2] || b[1] > b[3]) {
      throw new SitrepError('DATA_INVALID', 'bbox must be four finite numbers minLon,minLat,maxLon,maxLat with min <= max');
    }
  }
  const a = filter.after;
  if (a != null && (typeof a.id !== 'string' || !(a.key === null || typeof a.key === 'string' || (typeof a.key === 'number' && Number.isFinite(a.key))))) {
    throw new SitrepError('DATA_INVALID', 'after must be {id: string, key: string | number | null}');
  }
  if (a != null && a.key !== null && typeof a.key !== (filter.sort === 'fatalities' ? 'number' : 'string')) {
    throw new SitrepError('DATA_INVALID', `after.key must be ${filter.sort === 'fatalities' ? 'a number (fatalities)' : 'a date'} or null for sort ${filter.sort ?? 'date'}`);
  }
}

export function checkPage(page: Page): void {
  for (const key of ['limit', 'offset'] as const) {
    const v = page[key];
    if (v != null && !(Number.isInteger(v) && v >= 0)) throw new SitrepError('DATA_INVALID', `${key} must be a non-negative integer, got ${v}`);
  }
}
