/**
 * The PostgreSQL schema as an ordered list: entry i is schema version i + 1. Never edit an entry that has shipped;
 * append a new one. pg-store.ts applies them in order, each in its own transaction, under an advisory lock, and
 * records each in schema_migrations. Every statement runs with search_path set to the store's schema, so unqualified
 * names land there; extensions live in their own schema (public unless they were installed elsewhere).
 *
 * The tables mirror the SQLite schema (migrations.ts) column for column, so both stores answer the same queries the
 * same way; what differs is PostgreSQL's own: jsonb records, timestamptz, a tsvector column with a GIN index for
 * search, a geography point with a GiST index when PostGIS is there, and the job queue.
 */

export interface MigrationClient {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

export interface PgMigration {
  name: string;
  /** SQL to run, or a function for a step that depends on what the server offers (an optional extension). */
  up: string | ((db: MigrationClient) => Promise<void>);
}

/** The name of the text search configuration the search column and queries use (one per schema). */
export const SEARCH_CONFIG = 'sitrep_search';

/**
 * Characters of title and text that go into the search index (a long report is a tenth of it): this keeps any one
 * tsvector under PostgreSQL's 1 MB limit, whatever the text, so no document is refused for its size.
 */
export const SEARCH_TITLE_CHARS = 10_000;
export const SEARCH_TEXT_CHARS = 200_000;

/**
 * The schema an extension lives in, creating it in public when it is missing and this role may; null when it is
 * not to be had (not installed on the server, or not allowed). A savepoint keeps a refusal from spoiling the
 * migration's transaction.
 */
export async function ensureExtension(db: MigrationClient, name: string): Promise<string | null> {
  const found = async () => {
    const { rows } = await db.query('SELECT extnamespace::regnamespace::text AS ns FROM pg_extension WHERE extname = $1', [name]);
    return rows.length ? String(rows[0].ns) : null;
  };
  const existing = await found();
  if (existing) return existing;
  const available = await db.query('SELECT 1 FROM pg_available_extensions WHERE name = $1', [name]);
  if (!available.rows.length) return null;
  await db.query('SAVEPOINT sitrep_extension');
  try {
    await db.query(`CREATE EXTENSION IF NOT EXISTS ${quoteIdent(name)} SCHEMA public`);
    await db.query('RELEASE SAVEPOINT sitrep_extension');
  } catch {
    await db.query('ROLLBACK TO SAVEPOINT sitrep_extension');
    return null;
  }
  return found();
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    // COLLATE "C" on ids, dates and the columns filters fold with lower(): byte order and ASCII-only case folding,
    // as SQLite has them, whatever the database's locale.
    name: 'documents, their diagnostics, events',
    up: `
    CREATE TABLE documents (
      id           TEXT COLLATE "C" PRIMARY KEY,
      content_hash TEXT NOT NULL UNIQUE,
      source       TEXT NOT NULL,
      url          TEXT,
      title        TEXT,
      outlet       TEXT,
      published    TEXT,
      language     TEXT,
      text         TEXT NOT NULL,
      ingested_at  TIMESTAMPTZ NOT NULL
    );
    CREATE INDEX documents_ingested_at ON documents (ingested_at, id);

    CREATE TABLE document_diagnostics (
      doc_id     TEXT COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
      ordinal    INTEGER NOT NULL,
      code       TEXT NOT NULL,
      severity   TEXT NOT NULL,
      stage      TEXT NOT NULL,
      span_start INTEGER,
      span_end   INTEGER,
      message    TEXT NOT NULL,
      data       JSONB,
      PRIMARY KEY (doc_id, ordinal)
    );

    CREATE TABLE events (
      event_id       TEXT COLLATE "C" NOT NULL PRIMARY KEY,
      doc_id         TEXT COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
      event_date     TEXT COLLATE "C",
      country        TEXT COLLATE "C",
      admin1         TEXT COLLATE "C",
      sub_event_type TEXT,
      latitude       DOUBLE PRECISION,
      longitude      DOUBLE PRECISION,
      fatalities     INTEGER,
      record         JSONB NOT NULL
    );
    CREATE INDEX events_doc_id ON events (doc_id);
    CREATE INDEX events_event_date ON events (event_date, event_id);
    CREATE INDEX events_country ON events ((lower(country)));
    `,
  },
  {
    // English stemming, and accents folded (Kyïv finds Kyiv) when the unaccent extension can be had. The column is
    // generated, so no write path can forget it and a failed transaction leaves no index entry behind.
    name: 'full-text search: tsvector column with a GIN index',
    up: async (db) => {
      await db.query(`CREATE TEXT SEARCH CONFIGURATION ${SEARCH_CONFIG} (COPY = pg_catalog.english)`);
      const unaccent = await ensureExtension(db, 'unaccent');
      if (unaccent) {
        await db.query(`ALTER TEXT SEARCH CONFIGURATION ${SEARCH_CONFIG} ALTER MAPPING FOR hword, hword_part, word WITH ${unaccent}.unaccent, english_stem`);
      }
      await db.query(`
        ALTER TABLE documents ADD COLUMN search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('${SEARCH_CONFIG}', left(coalesce(title, ''), ${SEARCH_TITLE_CHARS})), 'A') ||
          setweight(to_tsvector('${SEARCH_CONFIG}', left(text, ${SEARCH_TEXT_CHARS})), 'B')
        ) STORED`);
      await db.query('CREATE INDEX documents_search ON documents USING gin (search)');
    },
  },
  {
    name: 'incidents, members, change log, aliases',
    up: `
    CREATE TABLE incidents (
      incident_id    TEXT COLLATE "C" NOT NULL PRIMARY KEY,
      event_date     TEXT COLLATE "C",
      country        TEXT COLLATE "C",
      admin1         TEXT COLLATE "C",
      sub_event_type TEXT,
      latitude       DOUBLE PRECISION,
      longitude      DOUBLE PRECISION,
      fatalities     INTEGER,
      disputed       BOOLEAN NOT NULL,
      record         JSONB NOT NULL,
      created_at     TIMESTAMPTZ NOT NULL,
      updated_at     TIMESTAMPTZ NOT NULL
    );
    CREATE INDEX incidents_event_date ON incidents (event_date, incident_id);
    CREATE INDEX incidents_country ON incidents ((lower(country)));
    CREATE INDEX incidents_updated_at ON incidents (updated_at);
    CREATE INDEX incidents_fatalities ON incidents (fatalities, incident_id);
    CREATE INDEX incidents_lat_lon ON incidents (latitude, longitude);

    -- What incident filters and aggregates match on (incident-facets.ts): weapons; actor1 and claimants; outcomes.
    CREATE TABLE incident_facets (
      facet       TEXT NOT NULL,
      value       TEXT COLLATE "C" NOT NULL,
      incident_id TEXT COLLATE "C" NOT NULL,
      label       TEXT COLLATE "C" NOT NULL,
      PRIMARY KEY (facet, value, incident_id)
    );
    CREATE INDEX incident_facets_incident ON incident_facets (incident_id, facet, label);

    -- The Monday on or before an ISO date (the period of weekly aggregates); NULL for text that is no date.
    CREATE FUNCTION sitrep_week_start(d text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
    BEGIN
      RETURN to_char(date_trunc('week', substr(d, 1, 10)::date), 'YYYY-MM-DD');
    EXCEPTION WHEN others THEN
      RETURN NULL;
    END $$;

    CREATE TABLE incident_members (
      event_id    TEXT COLLATE "C" NOT NULL PRIMARY KEY REFERENCES events (event_id) ON DELETE CASCADE,
      incident_id TEXT COLLATE "C" NOT NULL
    );
    CREATE INDEX incident_members_incident ON incident_members (incident_id);

    -- A sequence orders the log, so two writers can never collide on an ordinal.
    CREATE TABLE incident_changes (
      seq         BIGSERIAL PRIMARY KEY,
      incident_id TEXT COLLATE "C" NOT NULL,
      changed_at  TIMESTAMPTZ NOT NULL,
      change      JSONB NOT NULL
    );
    CREATE INDEX incident_changes_incident ON incident_changes (incident_id, seq);

    CREATE TABLE incident_aliases (
      old_id      TEXT COLLATE "C" NOT NULL PRIMARY KEY,
      incident_id TEXT COLLATE "C" NOT NULL,
      since       TIMESTAMPTZ NOT NULL
    );
    CREATE INDEX incident_aliases_incident ON incident_aliases (incident_id);
    `,
  },
  {
    // Optional: a geography point per incident with a GiST index, when PostGIS can be created. Without it the store
    // filters on the latitude/longitude columns alone; pg-store.ts looks for the column at open.
    name: 'PostGIS point on incidents, when available',
    up: async (db) => {
      const postgis = await ensureExtension(db, 'postgis');
      if (!postgis) return;
      await db.query(`ALTER TABLE incidents ADD COLUMN geog ${postgis}.geography(Point, 4326)`);
      await db.query(`
        UPDATE incidents SET geog = ${postgis}.ST_SetSRID(${postgis}.ST_MakePoint(longitude, latitude), 4326)::${postgis}.geography
        WHERE latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180`);
      await db.query('CREATE INDEX incidents_geog ON incidents USING gist (geog)');
    },
  },
  {
    // The work queue for `sitrep worker`: one job per document, deduplicated by content hash. A worker claims a job
    // with FOR UPDATE SKIP LOCKED and holds a lease it renews; a lease that runs out means the worker died, and the
    // job goes back to pending (or to failed once it has used up its attempts).
    name: 'job queue',
    up: `
    CREATE TABLE jobs (
      id           BIGSERIAL PRIMARY KEY,
      kind         TEXT NOT NULL DEFAULT 'ingest',
      content_hash TEXT NOT NULL UNIQUE,
      payload      JSONB NOT NULL,
      state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'failed')),
      attempts     INTEGER NOT NULL DEFAULT 0,
      max_attempts INTEGER NOT NULL DEFAULT 3,
      run_after    TIMESTAMPTZ NOT NULL DEFAULT now(),
      locked_by    TEXT,
      locked_at    TIMESTAMPTZ,
      lease_until  TIMESTAMPTZ,
      last_error   TEXT,
      result       JSONB,
      created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
      finished_at  TIMESTAMPTZ
    );
    CREATE INDEX jobs_pending ON jobs (run_after, id) WHERE state = 'pending';
    CREATE INDEX jobs_running ON jobs (lease_until) WHERE state = 'running';
    `,
  },
  {
    // Feeds `sitrep watch` polls (src/feeds), as SQLite's migration 5 has them; seen is a JSON array, newest last.
    name: 'feed state',
    up: `
    CREATE TABLE feeds (
      url           TEXT NOT NULL PRIMARY KEY,
      etag          TEXT,
      last_modified TEXT,
      last_checked  TEXT,
      failures      INTEGER NOT NULL DEFAULT 0,
      last_error    TEXT,
      seen          JSONB NOT NULL DEFAULT '[]'
    );
    `,
  },
  {
    // As SQLite's migration 6: the events a date can meet are read by precision, then date (pg-store.ts eventsReaching).
    name: 'events by date precision',
    up: `
    ALTER TABLE events ADD COLUMN date_precision TEXT COLLATE "C";
    UPDATE events SET date_precision = record->>'date_precision';
    CREATE INDEX events_date_reach ON events (date_precision, event_date);
    `,
  },
];
