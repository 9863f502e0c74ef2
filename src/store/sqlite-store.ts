/**
 * The SQLite Repository (better-sqlite3). better-sqlite3 is synchronous; the methods are async only to
 * share the Repository interface with the PostgreSQL store.
 */
import Database, { type Statement } from 'better-sqlite3';
import type { Document } from '../core/document.js';
import { SitrepError, isSitrepError } from '../core/errors.js';
import type { ExtractedEvent } from '../stages/incidents/contract.js';
import type { IncidentRecord } from '../stages/incidents/incident-record.js';
import type { IncidentPlan } from '../stages/incidents/resolve.js';
import { toFts5Query } from './fts5-query.js';
import { incidentFacets, weekStart, type FacetKind } from './incident-facets.js';
import { IncidentSnapshot, snapshotRow, type SnapshotRow, type SnapshotSource } from './incident-snapshot.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import {
  candidateIds,
  checkEventFilter,
  checkIncidentFilter,
  checkPage,
  reachingWindows,
  rebaseEvent,
  type AggregateBy,
  type AggregateInterval,
  type AggregateRow,
  type DocumentSummary,
  type FeedState,
  type EventFilter,
  type IncidentFilter,
  type IncidentHistoryEntry,
  type IngestResult,
  type Page,
  type PutDocumentResult,
  type Repository,
  type SearchHit,
  type StoredDocument,
} from './repository.js';
import { DIAGNOSTIC_COLUMNS, SUMMARY_COLUMNS, toDiagnostic, toSummary, type DiagnosticRow, type DocumentRow } from './document-rows.js';

export interface SqliteStore extends Repository {
  readonly path: string;
  /** The highest migration applied. */
  schemaVersion(): Promise<number>;
}

export interface SqliteStoreOptions {
  /** The clock for ingested_at / applied_at; injectable so tests are deterministic. */
  now?: () => Date;
  /** How long a writer waits for another process's lock before failing. */
  busyTimeoutMs?: number;
}

type Db = Database.Database;



const SEARCH_DEFAULT_LIMIT = 20;

/** Open (creating if needed) and migrate a store. `:memory:` gives a private in-memory store. */
export function openSqliteStore(path: string, opts: SqliteStoreOptions = {}): SqliteStore {
  const now = opts.now ?? (() => new Date());
  let db: Db;
  try {
    db = new Database(path);
  } catch (e) {
    throw storeFailure(e, path, 'cannot open the store');
  }
  try {
    // WAL lets readers run while one process ingests; busy_timeout makes a second writer wait, not fail.
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(opts.busyTimeoutMs ?? 5000))}`);
    migrate(db, now);
  } catch (e) {
    db.close();
    throw storeFailure(e, path, 'cannot prepare the store');
  }
  return new SqliteRepository(db, path, now);
}

function storeFailure(e: unknown, path: string, what: string): SitrepError {
  if (isSitrepError(e)) return e;
  const why = e instanceof Error ? e.message : String(e);
  return new SitrepError('STORE_FAILURE', `${what}: ${why}`, { input: path });
}

function migrate(db: Db, now: () => Date): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  // IMMEDIATE takes the write lock before reading the version, so two processes opening a fresh file
  // cannot both apply the same migration.
  db.transaction(() => {
    const current = (db.prepare('SELECT coalesce(max(version), 0) AS v FROM schema_migrations').get() as { v: number }).v;
    if (current > SQLITE_MIGRATIONS.length) {
      throw new SitrepError('STORE_FAILURE', `store schema is version ${current}, newer than this sitrep knows (${SQLITE_MIGRATIONS.length})`);
    }
    const record = db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)');
    for (let v = current + 1; v <= SQLITE_MIGRATIONS.length; v++) {
      db.exec(SQLITE_MIGRATIONS[v - 1]);
      record.run(v, now().toISOString());
    }
  }).immediate();
}

class SqliteRepository implements SqliteStore {
  private snap: IncidentSnapshot | null = null;
  private snapVersion = -1;

  constructor(
    private readonly db: Db,
    readonly path: string,
    private readonly now: () => Date,
  ) {}

  /** Prepared statements by SQL text: preparing costs as much as running a small query, and ingest runs the same dozen. */
  private readonly statements = new Map<string, Statement>();

  /** A prepared statement, reused. (Not for .iterate(): a statement being iterated cannot run again meanwhile.) */
  private stmt(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /** Every method goes through here: SitrepErrors pass, anything else becomes STORE_FAILURE. */
  private run<T>(what: string, fn: () => T): Promise<T> {
    try {
      if (!this.db.open) throw new SitrepError('STORE_FAILURE', `${what}: the store is closed`, { input: this.path });
      return Promise.resolve(fn());
    } catch (e) {
      return Promise.reject(storeFailure(e, this.path, what));
    }
  }

  putDocument(doc: Document): Promise<PutDocumentResult> {
    return this.run('cannot store the document', () => this.db.transaction(() => this.put(doc)).immediate());
  }

  ingest(doc: Document, events: readonly ExtractedEvent[]): Promise<IngestResult> {
    return this.run('cannot ingest the document', () =>
      this.db
        .transaction((): IngestResult => {
          const put = this.put(doc);
          let stored = 0;
          for (const event of events) {
            if (event.doc_id !== doc.meta.id) {
              throw new SitrepError('DATA_INVALID', `event ${event.event_id} belongs to document ${event.doc_id}, not ${doc.meta.id}`, { input: doc.meta.source });
            }
            if (this.putEvent(rebaseEvent(event, doc.meta.id, put.id), doc.meta.contentHash)) stored++;
          }
          return { status: put.status, docId: put.id, events: stored };
        })
        .immediate(),
    );
  }

  /** Call inside a transaction. */
  private put(doc: Document): PutDocumentResult {
    const { meta } = doc;
    const same = this.stmt('SELECT id FROM documents WHERE content_hash = ?').get(meta.contentHash) as { id: string } | undefined;
    // Same content, whatever id it came with: nothing to write, not even a timestamp.
    if (same) return { status: 'unchanged', id: same.id };
    const taken = this.stmt('SELECT 1 FROM documents WHERE id = ?');
    const id = candidateIds(meta.id, meta.contentHash).find((c) => !taken.get(c));
    if (!id) throw new SitrepError('STORE_FAILURE', `no free id for document ${meta.id}`, { input: meta.source });
    this
      .stmt(
        `INSERT INTO documents (id, content_hash, source, url, title, outlet, published, language, text, ingested_at)
         VALUES (@id, @contentHash, @source, @url, @title, @outlet, @published, @language, @text, @ingestedAt)`,
      )
      .run({
        id,
        contentHash: meta.contentHash,
        source: meta.source,
        url: meta.url,
        title: meta.title,
        outlet: meta.outlet,
        published: meta.published,
        language: meta.language,
        text: doc.text,
        ingestedAt: this.now().toISOString(),
      });
    const diag = this.stmt(
      `INSERT INTO document_diagnostics (doc_id, ordinal, code, severity, stage, span_start, span_end, message, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    doc.diagnostics.forEach((d, i) => {
      diag.run(id, i, d.code, d.severity, d.stage, d.span?.start ?? null, d.span?.end ?? null, d.message, d.data === undefined ? null : JSON.stringify(d.data));
    });
    this.stmt('INSERT INTO documents_fts (doc_id, title, text) VALUES (?, ?, ?)').run(id, meta.title ?? '', doc.text);
    return { status: 'inserted', id };
  }

  /**
   * Store one event; false when it is already there. An id held by another document's event is not
   * overwritten: this event gets the content-hash suffix instead, as documents do.
   */
  private putEvent(event: ExtractedEvent, contentHash: string): boolean {
    const owner = this.stmt('SELECT doc_id FROM events WHERE event_id = ?');
    // A null id goes straight to the insert, where the NOT NULL constraint rejects it (and rolls back).
    const ids = typeof event.event_id === 'string' ? candidateIds(event.event_id, contentHash) : [event.event_id];
    for (const id of ids) {
      const row = owner.get(id) as { doc_id: string } | undefined;
      if (row && row.doc_id === event.doc_id) return false;
      if (row) continue;
      const record = id === event.event_id ? event : { ...event, event_id: id };
      this
        .stmt(
          `INSERT INTO events (event_id, doc_id, event_date, date_precision, country, admin1, sub_event_type, latitude, longitude, fatalities, record)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          record.doc_id,
          record.event_date,
          record.date_precision,
          record.country,
          record.admin1,
          record.sub_event_type,
          record.latitude,
          record.longitude,
          record.fatalities,
          JSON.stringify(record),
        );
      return true;
    }
    throw new SitrepError('STORE_FAILURE', `no free id for event ${event.event_id}`);
  }

  documentIdByHash(contentHash: string): Promise<string | null> {
    return this.run('cannot read the document', () => (this.stmt('SELECT id FROM documents WHERE content_hash = ?').get(contentHash) as { id: string } | undefined)?.id ?? null);
  }

  getDocument(id: string): Promise<StoredDocument | null> {
    return this.run('cannot read the document', () => {
      const row = this.stmt(`SELECT ${SUMMARY_COLUMNS}, d.text FROM documents d WHERE d.id = ?`).get(id) as (DocumentRow & { text: string }) | undefined;
      if (!row) return null;
      const diagnostics = (
        this
          .stmt(`SELECT ${DIAGNOSTIC_COLUMNS} FROM document_diagnostics WHERE doc_id = ? ORDER BY ordinal`)
          .all(id) as DiagnosticRow[]
      ).map(toDiagnostic);
      return { ...toSummary(row), text: row.text, diagnostics };
    });
  }

  listDocuments(page: Page = {}): Promise<DocumentSummary[]> {
    return this.run('cannot list documents', () => {
      checkPage(page);
      const rows = this
        .stmt(`SELECT ${SUMMARY_COLUMNS} FROM documents d ORDER BY d.ingested_at, d.id LIMIT ? OFFSET ?`)
        .all(page.limit ?? -1, page.offset ?? 0) as DocumentRow[];
      return rows.map(toSummary);
    });
  }

  searchDocuments(query: string, limit: number = SEARCH_DEFAULT_LIMIT): Promise<SearchHit[]> {
    return this.run('cannot search documents', () => {
      checkPage({ limit });
      const match = toFts5Query(query);
      if (!match || limit === 0) return [];
      const rows = this
        .stmt(
          `SELECT ${SUMMARY_COLUMNS},
                  snippet(documents_fts, -1, '[', ']', '…', 16) AS snippet,
                  bm25(documents_fts) AS rank
           FROM documents_fts JOIN documents d ON d.id = documents_fts.doc_id
           WHERE documents_fts MATCH ?
           ORDER BY rank, d.id
           LIMIT ?`,
        )
        .all(match, limit) as (DocumentRow & { snippet: string; rank: number })[];
      // bm25() is lower-is-better; flip it so callers read score as "higher is better".
      return rows.map((r) => ({ ...toSummary(r), snippet: r.snippet, score: -r.rank }));
    });
  }

  getEvent(eventId: string): Promise<ExtractedEvent | null> {
    return this.run('cannot read the event', () => {
      const row = this.stmt('SELECT record FROM events WHERE event_id = ?').get(eventId) as { record: string } | undefined;
      return row ? (JSON.parse(row.record) as ExtractedEvent) : null;
    });
  }

  listEvents(filter: EventFilter = {}): Promise<ExtractedEvent[]> {
    return this.run('cannot list events', () => {
      checkEventFilter(filter);
      const where: string[] = [];
      const params: (string | number)[] = [];
      if (filter.since != null) {
        where.push('event_date >= ?');
        params.push(filter.since);
      }
      if (filter.until != null) {
        where.push('event_date <= ?');
        params.push(filter.until);
      }
      if (filter.country != null) {
        where.push('lower(country) = lower(?)');
        params.push(filter.country);
      }
      if (filter.docId != null) {
        where.push('doc_id = ?');
        params.push(filter.docId);
      }
      const sql =
        `SELECT record FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}` +
        // "event_date IS NULL" first puts undated events last, the same in SQLite and PostgreSQL.
        ' ORDER BY event_date IS NULL, event_date, event_id LIMIT ? OFFSET ?';
      const rows = this.stmt(sql).all(...params, filter.limit ?? -1, filter.offset ?? 0) as { record: string }[];
      return rows.map((r) => JSON.parse(r.record) as ExtractedEvent);
    });
  }

  eventsReaching(since: string, until: string, countries?: readonly string[] | null): Promise<ExtractedEvent[]> {
    return this.run('cannot read events', () => {
      const windows = reachingWindows(since, until);
      const sql = windows.map(() => '(date_precision = ? AND event_date BETWEEN ? AND ?)').join(' OR ');
      const params = windows.flatMap((w) => [w.precision, w.since, w.until]);
      const rows = countries
        ? this.stmt(`SELECT record FROM events WHERE (${sql}) AND (country IS NULL OR country IN (SELECT value FROM json_each(?))) ORDER BY event_id`).all(...params, JSON.stringify(countries))
        : this.stmt(`SELECT record FROM events WHERE ${sql} ORDER BY event_id`).all(...params);
      return (rows as { record: string }[]).map((r) => JSON.parse(r.record) as ExtractedEvent);
    });
  }

  eventsWithoutIncident(limit = 10_000): Promise<ExtractedEvent[]> {
    return this.run('cannot read unresolved events', () =>
      (this.stmt('SELECT e.record FROM events e LEFT JOIN incident_members m ON m.event_id = e.event_id WHERE m.event_id IS NULL ORDER BY e.event_id LIMIT ?').all(limit) as { record: string }[]).map((r) => JSON.parse(r.record) as ExtractedEvent),
    );
  }

  membership(eventIds: readonly string[]): Promise<Map<string, string>> {
    return this.run('cannot read incident membership', () => {
      const get = this.stmt('SELECT incident_id FROM incident_members WHERE event_id = ?');
      const out = new Map<string, string>();
      for (const id of eventIds) {
        const row = get.get(id) as { incident_id: string } | undefined;
        if (row) out.set(id, row.incident_id);
      }
      return out;
    });
  }

  getIncident(id: string): Promise<IncidentRecord | null> {
    return this.run('cannot read the incident', () => {
      const row = this.stmt('SELECT record, created_at, updated_at FROM incidents WHERE incident_id = ?').get(id) as { record: string; created_at: string; updated_at: string } | undefined;
      return row ? { ...(JSON.parse(row.record) as IncidentRecord), created_at: row.created_at, updated_at: row.updated_at } : null;
    });
  }

  applyIncidentPlan(plan: IncidentPlan): Promise<void> {
    const snapshotChanges: SnapshotRow[] = [];
    return this.run('cannot store incidents', () => {
      this.db
        .transaction(() => {
          const log = (id: string, change: unknown) => {
            const next = (this.stmt('SELECT coalesce(max(ordinal), 0) + 1 AS n FROM incident_changes WHERE incident_id = ?').get(id) as { n: number }).n;
            this.stmt('INSERT INTO incident_changes (incident_id, ordinal, changed_at, change) VALUES (?, ?, ?, ?)').run(id, next, plan.at, JSON.stringify(change));
          };
          for (const r of plan.removals) {
            this.stmt('DELETE FROM incidents WHERE incident_id = ?').run(r.id);
            this.stmt('DELETE FROM incident_members WHERE incident_id = ?').run(r.id);
            this.stmt('DELETE FROM incident_facets WHERE incident_id = ?').run(r.id);
            this.stmt('DELETE FROM incident_index WHERE incident_id = ?').run(r.id);
            if (r.aliasTo) {
              this.stmt('INSERT INTO incident_aliases (old_id, incident_id, since) VALUES (?, ?, ?) ON CONFLICT (old_id) DO UPDATE SET incident_id = excluded.incident_id, since = excluded.since').run(r.id, r.aliasTo, plan.at);
              // Older aliases of the absorbed id follow it.
              this.stmt('UPDATE incident_aliases SET incident_id = ? WHERE incident_id = ?').run(r.aliasTo, r.id);
            }
            log(r.id, r.change);
          }
          for (const u of plan.upserts) {
            const rec = u.record;
            const existing = this.stmt('SELECT created_at FROM incidents WHERE incident_id = ?').get(rec.incident_id) as { created_at: string } | undefined;
            const { created_at: _c, updated_at: _u, ...body } = rec;
            const params = [rec.event_date, rec.country, rec.admin1, rec.sub_event_type, rec.latitude, rec.longitude, rec.fatalities, rec.disputes.length ? 1 : 0, JSON.stringify(body)];
            if (existing) {
              this.stmt('UPDATE incidents SET event_date = ?, country = ?, admin1 = ?, sub_event_type = ?, latitude = ?, longitude = ?, fatalities = ?, disputed = ?, record = ?, updated_at = ? WHERE incident_id = ?').run(...params, plan.at, rec.incident_id);
            } else {
              this.stmt('INSERT INTO incidents (event_date, country, admin1, sub_event_type, latitude, longitude, fatalities, disputed, record, created_at, updated_at, incident_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(...params, plan.at, plan.at, rec.incident_id);
              // An id that was an alias and is an incident again is no longer an alias.
              this.stmt('DELETE FROM incident_aliases WHERE old_id = ?').run(rec.incident_id);
            }
            this.stmt('DELETE FROM incident_facets WHERE incident_id = ?').run(rec.incident_id);
            const facet = this.stmt('INSERT OR IGNORE INTO incident_facets (facet, value, incident_id, label) VALUES (?, ?, ?, ?)');
            const facets = incidentFacets(rec);
            for (const f of facets) facet.run(f.facet, f.value, rec.incident_id, f.label);
            const indexRow = { incident_id: rec.incident_id, event_date: rec.event_date, week: rec.event_date ? weekStart(rec.event_date) : null, country: rec.country, admin1: rec.admin1, latitude: rec.latitude, longitude: rec.longitude, fatalities: rec.fatalities, disputed: rec.disputes.length ? 1 : 0 };
            this
              .stmt(
                `INSERT INTO incident_index (incident_id, event_date, week, country, admin1, latitude, longitude, fatalities, disputed)
                 VALUES (@incident_id, @event_date, @week, @country, @admin1, @latitude, @longitude, @fatalities, @disputed)
                 ON CONFLICT (incident_id) DO UPDATE SET event_date = excluded.event_date, week = excluded.week, country = excluded.country,
                   admin1 = excluded.admin1, latitude = excluded.latitude, longitude = excluded.longitude, fatalities = excluded.fatalities,
                   disputed = excluded.disputed`,
              )
              .run(indexRow);
            snapshotChanges.push(snapshotRow(indexRow, facets));
            this.stmt('DELETE FROM incident_members WHERE incident_id = ?').run(rec.incident_id);
            const member = this.stmt('INSERT INTO incident_members (event_id, incident_id) VALUES (?, ?) ON CONFLICT (event_id) DO UPDATE SET incident_id = excluded.incident_id');
            for (const m of u.members) member.run(m, rec.incident_id);
            log(rec.incident_id, u.change);
          }
        })
        .immediate();
      // Committed: the snapshot follows (this connection's own writes do not move data_version).
      if (this.snap) {
        for (const r of plan.removals) this.snap.remove(r.id);
        for (const row of snapshotChanges) this.snap.upsert(row);
      }
    });
  }

  /** The in-memory snapshot of incident_index and incident_facets, rebuilt when another connection has written. */
  private snapshot(): IncidentSnapshot {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (this.snap && version === this.snapVersion) return this.snap;
    const facets = new Map<string, { facet: FacetKind; value: string; label: string }[]>();
    for (const f of this.db.prepare('SELECT incident_id, facet, value, label FROM incident_facets').iterate() as IterableIterator<{ incident_id: string; facet: FacetKind; value: string; label: string }>) {
      const list = facets.get(f.incident_id);
      if (list) list.push(f);
      else facets.set(f.incident_id, [f]);
    }
    const rows = (this.stmt('SELECT incident_id, event_date, week, country, admin1, latitude, longitude, fatalities, disputed FROM incident_index').all() as SnapshotSource[]).map((r) => snapshotRow(r, facets.get(r.incident_id) ?? []));
    this.snap = new IncidentSnapshot(rows);
    this.snapVersion = version;
    return this.snap;
  }

  /** The docIds filter as the incidents those documents report. */
  private docIncidents(filter: IncidentFilter): Set<string> | undefined {
    if (!filter.docIds) return undefined;
    const rows = this
      .stmt('SELECT DISTINCT m.incident_id AS id FROM events e JOIN incident_members m ON m.event_id = e.event_id WHERE e.doc_id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(filter.docIds)) as { id: string }[];
    return new Set(rows.map((r) => r.id));
  }

  listIncidents(filter: IncidentFilter = {}): Promise<IncidentRecord[]> {
    return this.run('cannot list incidents', () => {
      checkIncidentFilter(filter);
      // Ids from the snapshot; then only the page's records, which are large.
      const ids = this.snapshot().ids(filter, this.docIncidents(filter));
      if (!ids.length) return [];
      const rows = this
        .stmt('SELECT incident_id, record, created_at, updated_at FROM incidents WHERE incident_id IN (SELECT value FROM json_each(?))')
        .all(JSON.stringify(ids)) as { incident_id: string; record: string; created_at: string; updated_at: string }[];
      const byId = new Map(rows.map((r) => [r.incident_id, r]));
      return ids.filter((id) => byId.has(id)).map((id) => byId.get(id)!).map((r) => ({ ...(JSON.parse(r.record) as IncidentRecord), created_at: r.created_at, updated_at: r.updated_at }));
    });
  }

  countIncidents(filter: IncidentFilter = {}): Promise<number> {
    return this.run('cannot count incidents', () => {
      checkIncidentFilter(filter);
      return this.snapshot().count(filter, this.docIncidents(filter));
    });
  }

  aggregateIncidents(filter: IncidentFilter, interval: AggregateInterval, by: AggregateBy): Promise<AggregateRow[]> {
    return this.run('cannot aggregate incidents', () => {
      checkIncidentFilter(filter);
      if (interval !== 'day' && interval !== 'week') throw new SitrepError('DATA_INVALID', `interval must be day or week, got "${interval}"`);
      if (by !== 'weapon' && by !== 'country' && by !== 'actor') throw new SitrepError('DATA_INVALID', `by must be weapon, country or actor, got "${by}"`);
      return this.snapshot().aggregate(filter, interval, by, this.docIncidents(filter));
    });
  }

  resolveIncidentId(id: string): Promise<string | null> {
    return this.run('cannot resolve the incident id', () => {
      if (this.stmt('SELECT 1 FROM incidents WHERE incident_id = ?').get(id)) return id;
      const alias = this.stmt('SELECT incident_id FROM incident_aliases WHERE old_id = ?').get(id) as { incident_id: string } | undefined;
      if (alias) return alias.incident_id;
      // A per-report event id leads to the incident that holds it.
      const member = this.stmt('SELECT incident_id FROM incident_members WHERE event_id = ?').get(id) as { incident_id: string } | undefined;
      return member?.incident_id ?? null;
    });
  }

  incidentHistory(id: string): Promise<IncidentHistoryEntry[]> {
    return this.run('cannot read the incident history', () =>
      (this.stmt('SELECT changed_at, change FROM incident_changes WHERE incident_id = ? ORDER BY ordinal').all(id) as { changed_at: string; change: string }[]).map((r) => ({ at: r.changed_at, change: JSON.parse(r.change) })),
    );
  }

  countDocuments(): Promise<number> {
    return this.run('cannot count documents', () => (this.stmt('SELECT count(*) AS n FROM documents').get() as { n: number }).n);
  }

  countEvents(): Promise<number> {
    return this.run('cannot count events', () => (this.stmt('SELECT count(*) AS n FROM events').get() as { n: number }).n);
  }

  schemaVersion(): Promise<number> {
    return this.run('cannot read the schema version', () => (this.stmt('SELECT coalesce(max(version), 0) AS v FROM schema_migrations').get() as { v: number }).v);
  }

  getFeedState(url: string): Promise<FeedState | null> {
    return this.run('cannot read the feed state', () => {
      const row = this.stmt('SELECT url, etag, last_modified, last_checked, failures, last_error, seen FROM feeds WHERE url = ?').get(url) as
        | { url: string; etag: string | null; last_modified: string | null; last_checked: string | null; failures: number; last_error: string | null; seen: string }
        | undefined;
      if (!row) return null;
      return { url: row.url, etag: row.etag, lastModified: row.last_modified, lastChecked: row.last_checked, failures: row.failures, lastError: row.last_error, seen: JSON.parse(row.seen) as string[] };
    });
  }

  putFeedState(state: FeedState): Promise<void> {
    return this.run('cannot store the feed state', () => {
      this
        .stmt(
          `INSERT INTO feeds (url, etag, last_modified, last_checked, failures, last_error, seen) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, last_checked = excluded.last_checked,
             failures = excluded.failures, last_error = excluded.last_error, seen = excluded.seen`,
        )
        .run(state.url, state.etag, state.lastModified, state.lastChecked, state.failures, state.lastError, JSON.stringify(state.seen));
    });
  }

  close(): Promise<void> {
    // Closing twice is harmless: shells close in finally blocks that may run after an earlier close.
    try {
      if (this.db.open) this.db.close();
      return Promise.resolve();
    } catch (e) {
      return Promise.reject(storeFailure(e, this.path, 'cannot close the store'));
    }
  }
}


