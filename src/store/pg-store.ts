/**
 * The PostgreSQL Repository (node-postgres). It behaves as the SQLite store does, and the same contract suite
 * (repository-contract.ts) pins both: identity by content hash, a re-ingest changes nothing, a document and its
 * events in one transaction, ids suffixed `~hash8` when taken, searches that cannot fail to parse.
 *
 * `--db postgres://user:pass@host:5432/db?schema=name` picks a schema (created when missing; default public), so
 * several stores, test runs above all, can share one database. Migrations (pg-migrations.ts) run at open under an
 * advisory lock, so processes opening the same database at once apply each migration exactly once.
 *
 * Concurrency: every write is one statement or one transaction, and every insert is an `ON CONFLICT DO NOTHING`
 * followed by a re-read, so two processes ingesting the same content at once store it once. Incident resolution
 * (resolve.ts) reads a part of the store, computes a plan and writes it; two resolutions interleaving could each
 * write a plan computed from a state the other has changed. `withIncidentLock()` / `lockIncidents()` serialize them
 * across processes with a session-level advisory lock (key: hashtextextended('sitrep:incidents:<schema>')); a
 * process that dies drops its connection and with it the lock. The workers (src/worker/worker.ts) take it around the
 * resolution of each document they ingest. `sitrep ingest --db postgres://…` (cli/main.ts) resolves without it:
 * run one such process at a time per schema, or queue the documents for workers instead.
 */
import pg from 'pg';
import type { Document } from '../core/document.js';
import { SitrepError, isSitrepError } from '../core/errors.js';
import type { ExtractedEvent } from '../stages/incidents/contract.js';
import type { IncidentRecord } from '../stages/incidents/incident-record.js';
import type { IncidentPlan } from '../stages/incidents/resolve.js';
import { facetKey, incidentFacets } from './incident-facets.js';
import { PG_MIGRATIONS, SEARCH_CONFIG, SEARCH_TEXT_CHARS, quoteIdent, type MigrationClient } from './pg-migrations.js';
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
  type EventFilter,
  type FeedState,
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

export interface PgStore extends Repository {
  /** The schema the store lives in. */
  readonly schema: string;
  /** Whether bounding-box filters use the PostGIS geography column and its GiST index. */
  readonly postgis: boolean;
  /** The connection pool, for modules that keep their own tables in the store's schema (the job queue). */
  readonly pool: pg.Pool;
  /** The highest migration applied. */
  schemaVersion(): Promise<number>;
  /**
   * Run `fn` while holding the store's incident lock: a PostgreSQL advisory lock that every process resolving
   * incidents in this schema takes, so resolutions never interleave. Calls within one process queue up in order.
   */
  withIncidentLock<T>(fn: () => Promise<T>): Promise<T>;
  /** The same lock, held until the returned function is called (once; later calls do nothing). */
  lockIncidents(): Promise<() => Promise<void>>;
}

export interface PgStoreOptions {
  /** The schema to use; overrides `?schema=` in the URL. Default: public. */
  schema?: string;
  /** The clock for ingested_at; injectable so tests are deterministic. */
  now?: () => Date;
  /** Connections in the pool. Default 10. */
  poolSize?: number;
  /** false: never use PostGIS for bbox, even when the column is there (tests compare both paths). */
  postgis?: boolean;
  /** Shown in pg_stat_activity. */
  applicationName?: string;
}

export const PG_URL = /^postgres(?:ql)?:\/\//i;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const SEARCH_DEFAULT_LIMIT = 20;
/** Characters of a hit's text that ts_headline looks through for its snippet. */
const HEADLINE_CHARS = 200_000;
const HEADLINE_OPTIONS = 'StartSel="[", StopSel="]", MaxWords=16, MinWords=6, ShortWord=2, MaxFragments=1, FragmentDelimiter=" … "';




interface IncidentRow {
  record: IncidentRecord;
  created_at: Date;
  updated_at: Date;
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

/**
 * Split `?schema=` (and `?options=`, which the store adds its search_path to) off a URL; what is left goes to
 * node-postgres as it is.
 */
export function parsePgUrl(url: string): { connectionString: string; schema: string | null; options: string | null } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new SitrepError('STORE_FAILURE', 'not a valid postgres:// URL', { input: redactUrl(url) });
  }
  const schema = u.searchParams.get('schema');
  const options = u.searchParams.get('options');
  u.searchParams.delete('schema');
  u.searchParams.delete('options');
  return { connectionString: u.toString(), schema, options };
}

function storeFailure(e: unknown, input: string, what: string): SitrepError {
  if (isSitrepError(e)) return e;
  const why = e instanceof Error ? e.message : String(e);
  return new SitrepError('STORE_FAILURE', `${what}: ${why}`, { input });
}

/** Open (creating the schema if needed) and migrate a store. */
export async function openPgStore(url: string, opts: PgStoreOptions = {}): Promise<PgStore> {
  const input = redactUrl(url);
  const parsed = parsePgUrl(url);
  const schema = opts.schema ?? parsed.schema ?? 'public';
  if (!SCHEMA_NAME.test(schema)) {
    throw new SitrepError('STORE_FAILURE', `schema must be lower-case letters, digits and _ (at most 63), got "${schema}"`, { input });
  }
  const now = opts.now ?? (() => new Date());
  const base: pg.ClientConfig = {
    connectionString: parsed.connectionString,
    application_name: opts.applicationName ?? 'sitrep',
    // Connection-string parameters override these in node-postgres: options comes out of the URL for that reason.
    options: `${parsed.options ? `${parsed.options} ` : ''}-c search_path=${schema}`,
  };
  let geo: string | null;
  try {
    geo = await migrate(base, schema, now);
  } catch (e) {
    throw storeFailure(e, input, 'cannot prepare the store');
  }
  const pool = new pg.Pool({ ...base, max: Math.max(2, opts.poolSize ?? 10) });
  // An idle connection that breaks (a server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return new PgRepository(pool, input, schema, geo, geo !== null && opts.postgis !== false, now);
}

/**
 * Apply the migrations this store lacks, each in its own transaction, under one database-wide advisory lock (which
 * also keeps two schemas from creating an extension at the same moment). Returns the PostGIS schema when the
 * incidents table has its geography column.
 */
async function migrate(config: pg.ClientConfig, schema: string, now: () => Date): Promise<string | null> {
  const client = new pg.Client(config);
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtextextended('sitrep:migrate', 0))");
    try {
      const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
      if (!exists.rowCount) await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${quoteIdent(schema)}.schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`);
      const current = Number((await client.query('SELECT coalesce(max(version), 0) AS v FROM schema_migrations')).rows[0].v);
      if (current > PG_MIGRATIONS.length) {
        throw new SitrepError('STORE_FAILURE', `store schema is version ${current}, newer than this sitrep knows (${PG_MIGRATIONS.length})`);
      }
      const db: MigrationClient = { query: (sql, params) => client.query(sql, params as unknown[]) };
      for (let v = current + 1; v <= PG_MIGRATIONS.length; v++) {
        const m = PG_MIGRATIONS[v - 1];
        await client.query('BEGIN');
        try {
          if (typeof m.up === 'string') await client.query(m.up);
          else await m.up(db);
          await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [v, m.name, now().toISOString()]);
          await client.query('COMMIT');
        } catch (e) {
          await client.query('ROLLBACK').catch(() => {});
          throw new SitrepError('STORE_FAILURE', `migration ${v} (${m.name}) failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtextextended('sitrep:migrate', 0))").catch(() => {});
    }
    const geog = await client.query(
      `SELECT format_type(a.atttypid, NULL) AS type FROM pg_attribute a
       WHERE a.attrelid = to_regclass($1) AND a.attname = 'geog' AND NOT a.attisdropped`,
      [`${quoteIdent(schema)}.incidents`],
    );
    if (!geog.rowCount) return null;
    const ns = await client.query("SELECT extnamespace::regnamespace::text AS ns FROM pg_extension WHERE extname = 'postgis'");
    return ns.rowCount ? String(ns.rows[0].ns) : null;
  } finally {
    await client.end().catch(() => {});
  }
}

/** The events table's columns, read from the record `x.record` (jsonb) in the order of its INSERT column lists. */
const EVENT_COLUMNS = 'event_id, doc_id, event_date, date_precision, country, admin1, sub_event_type, latitude, longitude, fatalities, record';
const EVENT_COLUMNS_FROM_RECORD = `x.record->>'event_id', x.record->>'doc_id', x.record->>'event_date', x.record->>'date_precision', x.record->>'country', x.record->>'admin1',
  x.record->>'sub_event_type', (x.record->>'latitude')::float8, (x.record->>'longitude')::float8, (x.record->>'fatalities')::int, x.record`;

function diagnosticRows(doc: Document) {
  return doc.diagnostics.map((d, i) => ({
    ordinal: i,
    code: d.code,
    severity: d.severity,
    stage: d.stage,
    span_start: d.span?.start ?? null,
    span_end: d.span?.end ?? null,
    message: d.message,
    data: d.data === undefined ? null : d.data,
  }));
}

/** Numbered parameters for building a statement: `p.add(v)` returns `$n`. */
class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

type Tx = pg.PoolClient;

class PgRepository implements PgStore {
  private closed = false;
  private lockChain: Promise<void> = Promise.resolve();

  constructor(
    readonly pool: pg.Pool,
    private readonly input: string,
    readonly schema: string,
    /** The PostGIS schema (quoted as needed) when incidents has its geography column; writes keep it filled. */
    private readonly geo: string | null,
    /** Whether bbox filters use that column's index. */
    readonly postgis: boolean,
    private readonly now: () => Date,
  ) {}

  /** Every method goes through here: SitrepErrors pass, anything else becomes STORE_FAILURE. */
  private async run<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      if (this.closed) throw new SitrepError('STORE_FAILURE', `${what}: the store is closed`, { input: this.input });
      return await fn();
    } catch (e) {
      throw storeFailure(e, this.input, what);
    }
  }

  private async tx<T>(fn: (c: Tx) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      try {
        await c.query('ROLLBACK');
      } catch (rollbackError) {
        // A connection that cannot roll back goes out of the pool rather than back into it.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      throw e;
    } finally {
      c.release(broken);
    }
  }

  private async rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query(sql, params)).rows as T[];
  }

  putDocument(doc: Document): Promise<PutDocumentResult> {
    return this.run('cannot store the document', async () => {
      const fast = await this.insertNew(doc, []);
      if (fast) return { status: fast.status, id: fast.docId };
      return this.tx((c) => this.put(c, doc));
    });
  }

  ingest(doc: Document, events: readonly ExtractedEvent[]): Promise<IngestResult> {
    return this.run('cannot ingest the document', async () => {
      for (const event of events) {
        if (event.doc_id !== doc.meta.id) {
          throw new SitrepError('DATA_INVALID', `event ${event.event_id} belongs to document ${event.doc_id}, not ${doc.meta.id}`, { input: doc.meta.source });
        }
      }
      const fast = await this.insertNew(doc, events);
      if (fast) return fast;
      return this.tx(async (c): Promise<IngestResult> => {
        const put = await this.put(c, doc);
        const stored = await this.putEvents(c, events.map((e) => rebaseEvent(e, doc.meta.id, put.id)), doc.meta.contentHash);
        return { status: put.status, docId: put.id, events: stored };
      });
    });
  }

  /**
   * The common case in one statement (so one round trip, and atomic without a transaction of its own): new content
   * under a free id, with events whose ids are free. Null when that is not the case (the content or the id is
   * there already, or an event id is taken), and nothing was written: the careful path in a transaction decides.
   */
  private async insertNew(doc: Document, events: readonly ExtractedEvent[]): Promise<IngestResult | null> {
    const { meta } = doc;
    if (doc.text.includes('\u0000')) {
      throw new SitrepError('DATA_INVALID', 'the text holds a NUL character, which PostgreSQL cannot store', { input: meta.source });
    }
    try {
      const { rows } = await this.pool.query(
        `WITH doc AS (
           INSERT INTO documents (id, content_hash, source, url, title, outlet, published, language, text, ingested_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING id),
         diag AS (
           INSERT INTO document_diagnostics (doc_id, ordinal, code, severity, stage, span_start, span_end, message, data)
           SELECT doc.id, x.ordinal, x.code, x.severity, x.stage, x.span_start, x.span_end, x.message, x.data
           FROM doc, jsonb_to_recordset($11::jsonb) AS x(ordinal int, code text, severity text, stage text, span_start int, span_end int, message text, data jsonb)),
         ev AS (
           INSERT INTO events (${EVENT_COLUMNS})
           SELECT ${EVENT_COLUMNS_FROM_RECORD} FROM doc, jsonb_array_elements($12::jsonb) AS x(record)
           RETURNING 1)
         SELECT (SELECT id FROM doc) AS id, (SELECT count(*) FROM ev)::int AS events`,
        [meta.id, meta.contentHash, meta.source, meta.url, meta.title, meta.outlet, meta.published, meta.language, doc.text, this.now().toISOString(), JSON.stringify(diagnosticRows(doc)), JSON.stringify(events)],
      );
      if (rows[0].id === null) return null;
      return { status: 'inserted', docId: rows[0].id, events: rows[0].events };
    } catch (e) {
      // 23505, unique_violation: an event id is taken (by another document's event, or twice in this one).
      if ((e as { code?: string }).code === '23505') return null;
      throw e;
    }
  }

  /**
   * Call inside a transaction. Safe against a concurrent writer of the same content: the insert does nothing on any
   * conflict (waiting for the other transaction first), and a re-read says whether the content or only the id was taken.
   */
  private async put(c: Tx, doc: Document): Promise<PutDocumentResult> {
    const { meta } = doc;
    const sameContent = async () => (await c.query('SELECT id FROM documents WHERE content_hash = $1', [meta.contentHash])).rows[0] as { id: string } | undefined;
    for (const id of candidateIds(meta.id, meta.contentHash)) {
      const inserted = await c.query(
        `INSERT INTO documents (id, content_hash, source, url, title, outlet, published, language, text, ingested_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
        [id, meta.contentHash, meta.source, meta.url, meta.title, meta.outlet, meta.published, meta.language, doc.text, this.now().toISOString()],
      );
      if (inserted.rowCount) {
        if (doc.diagnostics.length) {
          await c.query(
            `INSERT INTO document_diagnostics (doc_id, ordinal, code, severity, stage, span_start, span_end, message, data)
             SELECT $1, x.ordinal, x.code, x.severity, x.stage, x.span_start, x.span_end, x.message, x.data
             FROM jsonb_to_recordset($2::jsonb) AS x(ordinal int, code text, severity text, stage text, span_start int, span_end int, message text, data jsonb)`,
            [id, JSON.stringify(diagnosticRows(doc))],
          );
        }
        return { status: 'inserted', id };
      }
      // Same content, whatever id it came with (stored earlier, or by another writer just now): nothing to write,
      // not even a timestamp. Otherwise the id was taken by other content: try the next.
      const same = await sameContent();
      if (same) return { status: 'unchanged', id: same.id };
    }
    throw new SitrepError('STORE_FAILURE', `no free id for document ${meta.id}`, { input: meta.source });
  }

  /**
   * Store events, all in one statement; returns how many were new. An event already stored for this document is
   * left alone; one whose id another document's event holds gets the content-hash suffix instead, as documents do.
   */
  private async putEvents(c: Tx, events: ExtractedEvent[], contentHash: string): Promise<number> {
    if (!events.length) return 0;
    const insert = async (batch: ExtractedEvent[]): Promise<Set<unknown>> => {
      const { rows } = await c.query(
        `INSERT INTO events (${EVENT_COLUMNS})
         SELECT ${EVENT_COLUMNS_FROM_RECORD}
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(record, n) ORDER BY x.n
         ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
        [JSON.stringify(batch)],
      );
      return new Set(rows.map((r) => r.event_id));
    };
    const first = await insert(events);
    let stored = first.size;
    const missed = events.filter((e) => !first.has(e.event_id));
    if (!missed.length) return stored;
    // Ids that were taken: by this document (nothing to do) or by another one's event (try the suffixed ids).
    const owners = new Map(
      (await c.query('SELECT event_id, doc_id FROM events WHERE event_id = ANY($1::text[])', [missed.map((e) => e.event_id)])).rows.map((r) => [r.event_id, r.doc_id]),
    );
    for (const event of missed) {
      if (owners.get(event.event_id) === event.doc_id) continue;
      let done = false;
      for (const id of candidateIds(event.event_id, contentHash).slice(1)) {
        if ((await insert([{ ...event, event_id: id }])).size) {
          stored++;
          done = true;
          break;
        }
        const owner = (await c.query('SELECT doc_id FROM events WHERE event_id = $1', [id])).rows[0] as { doc_id: string } | undefined;
        if (owner?.doc_id === event.doc_id) {
          done = true;
          break;
        }
      }
      if (!done) throw new SitrepError('STORE_FAILURE', `no free id for event ${event.event_id}`);
    }
    return stored;
  }

  documentIdByHash(contentHash: string): Promise<string | null> {
    return this.run('cannot read the document', async () => (await this.rows<{ id: string }>('SELECT id FROM documents WHERE content_hash = $1', [contentHash]))[0]?.id ?? null);
  }

  getDocument(id: string): Promise<StoredDocument | null> {
    return this.run('cannot read the document', async () => {
      const [row] = await this.rows<DocumentRow & { text: string }>(`SELECT ${SUMMARY_COLUMNS}, d.text FROM documents d WHERE d.id = $1`, [id]);
      if (!row) return null;
      const diagnostics = (
        await this.rows<DiagnosticRow>(`SELECT ${DIAGNOSTIC_COLUMNS} FROM document_diagnostics WHERE doc_id = $1 ORDER BY ordinal`, [id])
      ).map(toDiagnostic);
      return { ...toSummary(row), text: row.text, diagnostics };
    });
  }

  listDocuments(page: Page = {}): Promise<DocumentSummary[]> {
    return this.run('cannot list documents', async () => {
      checkPage(page);
      const rows = await this.rows<DocumentRow>(`SELECT ${SUMMARY_COLUMNS} FROM documents d ORDER BY d.ingested_at, d.id LIMIT $1 OFFSET $2`, [page.limit ?? null, page.offset ?? 0]);
      return rows.map(toSummary);
    });
  }

  searchDocuments(query: string, limit: number = SEARCH_DEFAULT_LIMIT): Promise<SearchHit[]> {
    return this.run('cannot search documents', async () => {
      checkPage({ limit });
      const terms = toPgSearchTerms(query);
      if (!terms || limit === 0) return [];
      // The query is built from parameters only: plainto_tsquery takes the words as plain text, and each prefix
      // term is letters and digits alone, so no input can be search syntax.
      const p = new Params();
      const parts = [`plainto_tsquery('${SEARCH_CONFIG}', ${p.add(terms.words)})`, ...terms.prefixes.map((w) => `to_tsquery('${SEARCH_CONFIG}', ${p.add(`'${w}':*`)})`)];
      const lim = p.add(limit);
      const rows = await this.rows<DocumentRow & { snippet: string; score: number }>(
        `WITH q AS (SELECT ${parts.join(' && ')} AS q),
         hits AS (
           SELECT d.id, ts_rank_cd(d.search, q.q) AS score FROM documents d, q
           WHERE numnode(q.q) > 0 AND d.search @@ q.q ORDER BY score DESC, d.id LIMIT ${lim})
         SELECT ${SUMMARY_COLUMNS}, hits.score,
           CASE WHEN d.title IS NULL OR to_tsvector('${SEARCH_CONFIG}', left(d.text, ${SEARCH_TEXT_CHARS})) @@ q.q
             THEN ts_headline('${SEARCH_CONFIG}', left(d.text, ${HEADLINE_CHARS}), q.q, '${HEADLINE_OPTIONS}')
             ELSE ts_headline('${SEARCH_CONFIG}', d.title, q.q, '${HEADLINE_OPTIONS}') END AS snippet
         FROM hits JOIN documents d ON d.id = hits.id, q
         ORDER BY hits.score DESC, d.id`,
        p.values,
      );
      return rows.map((r) => ({ ...toSummary(r), snippet: r.snippet, score: Number(r.score) }));
    });
  }

  getEvent(eventId: string): Promise<ExtractedEvent | null> {
    return this.run('cannot read the event', async () => {
      const [row] = await this.rows<{ record: ExtractedEvent }>('SELECT record FROM events WHERE event_id = $1', [eventId]);
      return row ? row.record : null;
    });
  }

  listEvents(filter: EventFilter = {}): Promise<ExtractedEvent[]> {
    return this.run('cannot list events', async () => {
      checkEventFilter(filter);
      const p = new Params();
      const where: string[] = [];
      if (filter.since != null) where.push(`event_date >= ${p.add(filter.since)}`);
      if (filter.until != null) where.push(`event_date <= ${p.add(filter.until)}`);
      if (filter.country != null) where.push(`lower(country) = ${p.add(facetKey(filter.country))}`);
      if (filter.docId != null) where.push(`doc_id = ${p.add(filter.docId)}`);
      const sql =
        `SELECT record FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}` +
        ` ORDER BY event_date IS NULL, event_date, event_id LIMIT ${p.add(filter.limit ?? null)} OFFSET ${p.add(filter.offset ?? 0)}`;
      return (await this.rows<{ record: ExtractedEvent }>(sql, p.values)).map((r) => r.record);
    });
  }

  eventsReaching(since: string, until: string, countries?: readonly string[] | null): Promise<ExtractedEvent[]> {
    return this.run('cannot read events', async () => {
      const windows = reachingWindows(since, until);
      const params: unknown[] = [];
      const add = (v: unknown) => `$${params.push(v)}`;
      const reach = windows.map((w) => `(date_precision = ${add(w.precision)} AND event_date BETWEEN ${add(w.since)} AND ${add(w.until)})`).join(' OR ');
      const where = countries ? `(${reach}) AND (country IS NULL OR country = ANY(${add([...countries])}::text[]))` : reach;
      return (await this.rows<{ record: ExtractedEvent }>(`SELECT record FROM events WHERE ${where} ORDER BY event_id`, params)).map((r) => r.record);
    });
  }

  eventsWithoutIncident(limit = 10_000): Promise<ExtractedEvent[]> {
    return this.run('cannot read unresolved events', async () =>
      (
        await this.rows<{ record: ExtractedEvent }>(
          'SELECT e.record FROM events e WHERE NOT EXISTS (SELECT 1 FROM incident_members m WHERE m.event_id = e.event_id) ORDER BY e.event_id LIMIT $1',
          [limit],
        )
      ).map((r) => r.record),
    );
  }

  membership(eventIds: readonly string[]): Promise<Map<string, string>> {
    return this.run('cannot read incident membership', async () => {
      const out = new Map<string, string>();
      if (!eventIds.length) return out;
      const rows = await this.rows<{ event_id: string; incident_id: string }>('SELECT event_id, incident_id FROM incident_members WHERE event_id = ANY($1::text[])', [[...eventIds]]);
      // In the order asked, as the SQLite store gives them.
      const byEvent = new Map(rows.map((r) => [r.event_id, r.incident_id]));
      for (const id of eventIds) {
        const inc = byEvent.get(id);
        if (inc !== undefined) out.set(id, inc);
      }
      return out;
    });
  }

  getIncident(id: string): Promise<IncidentRecord | null> {
    return this.run('cannot read the incident', async () => {
      const [row] = await this.rows<IncidentRow>('SELECT record, created_at, updated_at FROM incidents WHERE incident_id = $1', [id]);
      return row ? toIncident(row) : null;
    });
  }

  /**
   * One transaction, and a fixed number of statements whatever the plan's size: each step takes every removal or
   * upsert at once, as arrays. The effect is that of SQLite's store, which applies them one by one: removals first
   * (their aliases, and the aliases that pointed at them, now point where they went), then upserts (created_at kept
   * on update; an id that comes back is no longer an alias; facets and members replaced), then the change log, in
   * the plan's order.
   */
  applyIncidentPlan(plan: IncidentPlan): Promise<void> {
    return this.run('cannot store incidents', () =>
      this.tx(async (c) => {
        const removed = plan.removals.map((r) => r.id);
        if (removed.length) {
          await c.query(
            `WITH i AS (DELETE FROM incidents WHERE incident_id = ANY($1::text[])),
                  m AS (DELETE FROM incident_members WHERE incident_id = ANY($1::text[])),
                  f AS (DELETE FROM incident_facets WHERE incident_id = ANY($1::text[]))
             SELECT 1`,
            [removed],
          );
          for (const r of plan.removals) {
            if (!r.aliasTo) continue;
            // One by one: the aliases that pointed at this id follow it, including one an earlier removal just made.
            await c.query(
              'INSERT INTO incident_aliases (old_id, incident_id, since) VALUES ($1, $2, $3) ON CONFLICT (old_id) DO UPDATE SET incident_id = excluded.incident_id, since = excluded.since',
              [r.id, r.aliasTo, plan.at],
            );
            await c.query('UPDATE incident_aliases SET incident_id = $1 WHERE incident_id = $2', [r.aliasTo, r.id]);
          }
        }
        const ups = plan.upserts;
        const ids = ups.map((u) => u.record.incident_id);
        if (ups.length) {
          const rows = ups.map((u) => {
            const { created_at: _c, updated_at: _u, ...body } = u.record;
            const r = u.record;
            const geo = r.latitude != null && r.longitude != null && Math.abs(r.latitude) <= 90 && Math.abs(r.longitude) <= 180;
            return { id: r.incident_id, event_date: r.event_date, country: r.country, admin1: r.admin1, sub_event_type: r.sub_event_type, latitude: r.latitude, longitude: r.longitude, fatalities: r.fatalities, disputed: r.disputes.length > 0, geo, record: body };
          });
          const geog = this.geo === null ? '' : ', geog = excluded.geog';
          const geogCol = this.geo === null ? '' : ', geog';
          const geogVal = this.geo === null ? '' : `, CASE WHEN x.geo THEN ${this.pgis('ST_SetSRID')}(${this.pgis('ST_MakePoint')}(x.longitude, x.latitude), 4326)::${this.pgis('geography')} END`;
          // The records (created_at kept on update); an id that was an alias and is an incident again is no longer
          // one; the old facets and members go (the new ones follow in the next statement, which sees them gone).
          await c.query(
            `WITH up AS (
               INSERT INTO incidents (incident_id, event_date, country, admin1, sub_event_type, latitude, longitude, fatalities, disputed, record, created_at, updated_at${geogCol})
               SELECT x.id, x.event_date, x.country, x.admin1, x.sub_event_type, x.latitude, x.longitude, x.fatalities, x.disputed, x.record, $2, $2${geogVal}
               FROM jsonb_to_recordset($1::jsonb) AS x(id text, event_date text, country text, admin1 text, sub_event_type text, latitude float8, longitude float8,
                                                        fatalities int, disputed boolean, geo boolean, record jsonb)
               ON CONFLICT (incident_id) DO UPDATE SET event_date = excluded.event_date, country = excluded.country, admin1 = excluded.admin1,
                 sub_event_type = excluded.sub_event_type, latitude = excluded.latitude, longitude = excluded.longitude, fatalities = excluded.fatalities,
                 disputed = excluded.disputed, record = excluded.record, updated_at = excluded.updated_at${geog}
               RETURNING incident_id, (xmax = 0) AS inserted),
             a AS (DELETE FROM incident_aliases WHERE old_id IN (SELECT incident_id FROM up WHERE inserted)),
             f AS (DELETE FROM incident_facets WHERE incident_id = ANY($3::text[])),
             m AS (DELETE FROM incident_members WHERE incident_id = ANY($3::text[]))
             SELECT count(*) FROM up`,
            [JSON.stringify(rows), plan.at, ids],
          );
        }
        // Facets and members of the upserts, and the change log in the plan's order (removals first).
        const facets = ups.flatMap((u) => incidentFacets(u.record).map((f) => [f.facet, f.value, u.record.incident_id, f.label]));
        // An event named twice goes where the later upsert puts it, as when upserts are applied in turn.
        const members = new Map<string, string>();
        for (const u of ups) for (const m of u.members) members.set(m, u.record.incident_id);
        const log = [...plan.removals.map((r) => [r.id, r.change] as const), ...ups.map((u) => [u.record.incident_id, u.change] as const)];
        if (facets.length || members.size || log.length) {
          await c.query(
            `WITH f AS (
               INSERT INTO incident_facets (facet, value, incident_id, label)
               SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING),
             m AS (
               INSERT INTO incident_members (event_id, incident_id) SELECT * FROM unnest($5::text[], $6::text[])
               ON CONFLICT (event_id) DO UPDATE SET incident_id = excluded.incident_id),
             l AS (
               INSERT INTO incident_changes (incident_id, changed_at, change)
               SELECT x.id, $9, x.change FROM unnest($7::text[], $8::jsonb[]) WITH ORDINALITY AS x(id, change, n) ORDER BY x.n)
             SELECT 1`,
            [
              ...[0, 1, 2, 3].map((k) => facets.map((f) => f[k])),
              [...members.keys()],
              [...members.values()],
              log.map(([id]) => id),
              log.map(([, ch]) => JSON.stringify(ch)),
              plan.at,
            ],
          );
        }
      }),
    );
  }

  /** A PostGIS name, qualified with its schema. */
  private pgis(name: string): string {
    return `${this.geo}.${name}`;
  }

  listIncidents(filter: IncidentFilter = {}): Promise<IncidentRecord[]> {
    return this.run('cannot list incidents', async () => {
      checkIncidentFilter(filter);
      const p = new Params();
      const where = this.incidentWhere(filter, p);
      const sort = filter.sort ?? 'date';
      const key = sort === 'fatalities' ? 'i.fatalities' : 'i.event_date';
      const dir = sort === 'date' ? 'ASC' : 'DESC';
      if (filter.after) {
        const { id, key: k } = filter.after;
        if (k !== null && (sort === 'fatalities') !== (typeof k === 'number')) {
          throw new SitrepError('DATA_INVALID', `after.key must be ${sort === 'fatalities' ? 'a number' : 'a date string'} (or null) for sort ${sort}`);
        }
        if (k === null) where.push(`(${key} IS NULL AND i.incident_id > ${p.add(id)})`);
        else {
          const kp = p.add(k);
          where.push(`(${key} IS NULL OR ${key} ${dir === 'ASC' ? '>' : '<'} ${kp} OR (${key} = ${kp} AND i.incident_id > ${p.add(id)}))`);
        }
      }
      const rows = await this.rows<IncidentRow>(
        `SELECT i.record, i.created_at, i.updated_at FROM incidents i ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY ${key} IS NULL, ${key} ${dir}, i.incident_id LIMIT ${p.add(filter.limit ?? null)} OFFSET ${p.add(filter.offset ?? 0)}`,
        p.values,
      );
      return rows.map(toIncident);
    });
  }

  countIncidents(filter: IncidentFilter = {}): Promise<number> {
    return this.run('cannot count incidents', async () => {
      checkIncidentFilter(filter);
      const p = new Params();
      const where = this.incidentWhere(filter, p);
      const [row] = await this.rows<{ n: string }>(`SELECT count(*) AS n FROM incidents i ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`, p.values);
      return Number(row.n);
    });
  }

  aggregateIncidents(filter: IncidentFilter, interval: AggregateInterval, by: AggregateBy): Promise<AggregateRow[]> {
    return this.run('cannot aggregate incidents', async () => {
      checkIncidentFilter(filter);
      if (interval !== 'day' && interval !== 'week') throw new SitrepError('DATA_INVALID', `interval must be day or week, got "${interval}"`);
      if (by !== 'weapon' && by !== 'country' && by !== 'actor') throw new SitrepError('DATA_INVALID', `by must be weapon, country or actor, got "${by}"`);
      const p = new Params();
      const facet = by === 'country' ? null : p.add(by);
      const where = ['i.event_date IS NOT NULL', ...this.incidentWhere(filter, p)];
      // sitrep_week_start: the Monday on or before the date (ISO weeks), NULL for a date that is not one.
      const period = interval === 'day' ? 'substr(i.event_date, 1, 10)' : 'sitrep_week_start(i.event_date)';
      const sql = facet === null
        ? `SELECT ${period} AS period, i.country AS key, count(*) AS count FROM incidents i WHERE ${where.join(' AND ')} GROUP BY 1, 2`
        : `SELECT ${period} AS period, min(f.label COLLATE "C") AS key, count(*) AS count FROM incidents i
           LEFT JOIN incident_facets f ON f.incident_id = i.incident_id AND f.facet = ${facet}
           WHERE ${where.join(' AND ')} GROUP BY 1, f.value`;
      const rows = (await this.rows<{ period: string; key: string | null; count: string }>(sql, p.values)).map((r) => ({ period: r.period, key: r.key, count: Number(r.count) }));
      return rows.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : a.key === b.key ? 0 : a.key === null ? 1 : b.key === null ? -1 : a.key < b.key ? -1 : 1));
    });
  }

  /** The WHERE terms an IncidentFilter makes over `incidents i` (paging, sort and cursor aside); values as parameters only. */
  private incidentWhere(f: IncidentFilter, p: Params): string[] {
    const where: string[] = [];
    if (f.since != null) where.push(`i.event_date >= ${p.add(f.since)}`);
    if (f.until != null) where.push(`i.event_date <= ${p.add(f.until)}`);
    // lower() on these "C"-collated columns folds ASCII only, as SQLite's does; facetKey folds the value the same way.
    if (f.country != null) where.push(`lower(i.country) = ${p.add(facetKey(f.country))}`);
    if (f.admin1 != null) where.push(`lower(i.admin1) = ${p.add(facetKey(f.admin1))}`);
    if (f.disputedOnly) where.push('i.disputed');
    if (f.bbox) {
      const [minLon, minLat, maxLon, maxLat] = f.bbox;
      // The exact test is on latitude/longitude, so both stores agree to the last digit; with PostGIS the geography
      // column's GiST index first narrows the rows to a slightly larger box.
      where.push(`i.longitude BETWEEN ${p.add(minLon)} AND ${p.add(maxLon)} AND i.latitude BETWEEN ${p.add(minLat)} AND ${p.add(maxLat)}`);
      const geo = this.geoPrefilter(f.bbox, p);
      if (geo) where.push(geo);
    }
    for (const [facet, value] of [['weapon', f.weapon], ['actor', f.actor], ['outcome', f.outcome]] as const) {
      if (value == null) continue;
      where.push(`EXISTS (SELECT 1 FROM incident_facets x WHERE x.incident_id = i.incident_id AND x.facet = ${p.add(facet)} AND x.value = ${p.add(facetKey(value))})`);
    }
    if (f.docIds) {
      where.push(`i.incident_id IN (SELECT m.incident_id FROM events e JOIN incident_members m ON m.event_id = e.event_id WHERE e.doc_id = ANY(${p.add([...f.docIds])}::text[]))`);
    }
    return where;
  }

  /**
   * `geog && polygon` for an index scan: the box padded by 0.05° and its edges cut into 1° pieces, so the geodesic
   * polygon covers every point of the latitude/longitude box (a long geodesic edge would bow away from the parallel
   * it stands for). Boxes too large for a geodesic polygon get no prefilter; the plain comparisons still apply.
   */
  private geoPrefilter(box: readonly [number, number, number, number], p: Params): string | null {
    if (!this.postgis) return null;
    const pad = 0.05;
    const [minLon, minLat, maxLon, maxLat] = [Math.max(-180, box[0] - pad), Math.max(-90, box[1] - pad), Math.min(180, box[2] + pad), Math.min(90, box[3] + pad)];
    if (maxLon - minLon >= 180 || minLat <= -89 || maxLat >= 89) return null;
    const env = `${this.pgis('ST_MakeEnvelope')}(${p.add(minLon)}, ${p.add(minLat)}, ${p.add(maxLon)}, ${p.add(maxLat)}, 4326)`;
    return `i.geog OPERATOR(${this.geo}.&&) ${this.pgis('ST_Segmentize')}(${env}, 1)::${this.pgis('geography')}`;
  }

  resolveIncidentId(id: string): Promise<string | null> {
    return this.run('cannot resolve the incident id', async () => {
      const [row] = await this.rows<{ id: string }>(
        `SELECT incident_id AS id, 1 AS rank FROM incidents WHERE incident_id = $1
         UNION ALL SELECT incident_id, 2 FROM incident_aliases WHERE old_id = $1
         UNION ALL SELECT incident_id, 3 FROM incident_members WHERE event_id = $1
         ORDER BY rank LIMIT 1`,
        [id],
      );
      return row?.id ?? null;
    });
  }

  incidentHistory(id: string): Promise<IncidentHistoryEntry[]> {
    return this.run('cannot read the incident history', async () =>
      (await this.rows<{ changed_at: Date; change: IncidentHistoryEntry['change'] }>('SELECT changed_at, change FROM incident_changes WHERE incident_id = $1 ORDER BY seq', [id])).map((r) => ({
        at: r.changed_at.toISOString(),
        change: r.change,
      })),
    );
  }

  countDocuments(): Promise<number> {
    return this.run('cannot count documents', async () => Number((await this.rows<{ n: string }>('SELECT count(*) AS n FROM documents'))[0].n));
  }

  countEvents(): Promise<number> {
    return this.run('cannot count events', async () => Number((await this.rows<{ n: string }>('SELECT count(*) AS n FROM events'))[0].n));
  }

  schemaVersion(): Promise<number> {
    return this.run('cannot read the schema version', async () => Number((await this.rows<{ v: number }>('SELECT coalesce(max(version), 0) AS v FROM schema_migrations'))[0].v));
  }

  getFeedState(url: string): Promise<FeedState | null> {
    return this.run('cannot read the feed state', async () => {
      const [row] = await this.rows<{ url: string; etag: string | null; last_modified: string | null; last_checked: string | null; failures: number; last_error: string | null; seen: string[] }>(
        'SELECT url, etag, last_modified, last_checked, failures, last_error, seen FROM feeds WHERE url = $1',
        [url],
      );
      if (!row) return null;
      return { url: row.url, etag: row.etag, lastModified: row.last_modified, lastChecked: row.last_checked, failures: row.failures, lastError: row.last_error, seen: row.seen };
    });
  }

  putFeedState(state: FeedState): Promise<void> {
    return this.run('cannot store the feed state', async () => {
      await this.pool.query(
        `INSERT INTO feeds (url, etag, last_modified, last_checked, failures, last_error, seen) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, last_checked = excluded.last_checked,
           failures = excluded.failures, last_error = excluded.last_error, seen = excluded.seen`,
        [state.url, state.etag, state.lastModified, state.lastChecked, state.failures, state.lastError, JSON.stringify(state.seen)],
      );
    });
  }

  async withIncidentLock<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.lockIncidents();
    try {
      return await fn();
    } finally {
      await release();
    }
  }

  lockIncidents(): Promise<() => Promise<void>> {
    // One waiter per process at a time: a process whose every pooled connection sat waiting for the lock would
    // have none left for the work done under it.
    const previous = this.lockChain;
    let done!: () => void;
    this.lockChain = new Promise<void>((resolve) => (done = resolve));
    const key = `sitrep:incidents:${this.schema}`;
    return this.run('cannot take the incident lock', async () => {
      await previous;
      let c: pg.PoolClient | undefined;
      try {
        c = await this.pool.connect();
        await c.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key]);
      } catch (e) {
        c?.release(e instanceof Error ? e : new Error(String(e)));
        done();
        throw e;
      }
      const held = c;
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        try {
          await held.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]);
          held.release();
        } catch (e) {
          // A connection that cannot unlock is closed, and the lock goes with it.
          held.release(e instanceof Error ? e : new Error(String(e)));
        } finally {
          done();
        }
      };
    }).catch((e: unknown) => {
      done();
      throw e;
    });
  }

  async close(): Promise<void> {
    // Closing twice is harmless: shells close in finally blocks that may run after an earlier close.
    if (this.closed) return;
    this.closed = true;
    try {
      await this.pool.end();
    } catch (e) {
      throw storeFailure(e, this.input, 'cannot close the store');
    }
  }
}

/**
 * What a search box gives, as tsquery pieces that cannot be syntax: the words for plainto_tsquery, and the words
 * typed with a trailing `*` as prefixes of letters and digits only. Null when nothing searchable is left.
 */
export function toPgSearchTerms(query: string): { words: string; prefixes: string[] } | null {
  const words: string[] = [];
  const prefixes: string[] = [];
  // Control characters (NUL above all, which PostgreSQL text cannot hold) have no place in a search.
  for (const raw of query.replace(/[\u0000-\u001f\u007f]/g, ' ').split(/\s+/)) {
    if (!raw) continue;
    const prefix = raw.length > 1 && raw.endsWith('*');
    const word = prefix ? raw.replace(/\*+$/, '') : raw;
    if (!/[\p{L}\p{N}]/u.test(word)) continue;
    if (!prefix) {
      words.push(word);
      continue;
    }
    const pieces = word.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    words.push(...pieces.slice(0, -1));
    prefixes.push(pieces[pieces.length - 1].toLowerCase());
  }
  return words.length || prefixes.length ? { words: words.join(' '), prefixes } : null;
}



function toIncident(r: IncidentRow): IncidentRecord {
  return { ...r.record, created_at: r.created_at.toISOString(), updated_at: r.updated_at.toISOString() };
}
