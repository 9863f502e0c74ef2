/**
 * The SQLite schema as an ordered list: entry i is schema version i + 1. Never edit an entry that has
 * shipped; append a new one. Version 1 is plain SQL a PostgreSQL store can reuse as is (DOUBLE PRECISION,
 * no AUTOINCREMENT, no rowid); version 2 is the SQLite-only full-text index, which the PostgreSQL store
 * will replace with its own (tsvector + GIN).
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  // 1: documents, their diagnostics, events.
  `
  CREATE TABLE documents (
    id           TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    source       TEXT NOT NULL,
    url          TEXT,
    title        TEXT,
    outlet       TEXT,
    published    TEXT,
    language     TEXT,
    text         TEXT NOT NULL,
    ingested_at  TEXT NOT NULL
  );
  CREATE INDEX documents_ingested_at ON documents (ingested_at, id);

  -- span_start/span_end rather than start/end: END is a reserved word in both SQLite and PostgreSQL.
  CREATE TABLE document_diagnostics (
    doc_id     TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ordinal    INTEGER NOT NULL,
    code       TEXT NOT NULL,
    severity   TEXT NOT NULL,
    stage      TEXT NOT NULL,
    span_start INTEGER,
    span_end   INTEGER,
    message    TEXT NOT NULL,
    data       TEXT,
    PRIMARY KEY (doc_id, ordinal)
  );

  -- The indexed columns serve filters; "record" is the whole ExtractedEvent as JSON, the source of truth.
  -- NOT NULL on the key matters in SQLite, which otherwise allows NULL in a non-integer primary key.
  CREATE TABLE events (
    event_id       TEXT NOT NULL PRIMARY KEY,
    doc_id         TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    event_date     TEXT,
    country        TEXT,
    admin1         TEXT,
    sub_event_type TEXT,
    latitude       DOUBLE PRECISION,
    longitude      DOUBLE PRECISION,
    fatalities     INTEGER,
    record         TEXT NOT NULL
  );
  CREATE INDEX events_doc_id ON events (doc_id);
  CREATE INDEX events_event_date ON events (event_date, event_id);
  CREATE INDEX events_country ON events ((lower(country)));
  `,
  // 2: full-text search (SQLite FTS5). A separate table rather than external content: external content
  // keys on rowid, which VACUUM may renumber for a table with a TEXT primary key.
  `
  CREATE VIRTUAL TABLE documents_fts USING fts5(
    doc_id UNINDEXED,
    title,
    text,
    tokenize = 'porter unicode61 remove_diacritics 2'
  );
  INSERT INTO documents_fts (doc_id, title, text) SELECT id, coalesce(title, ''), text FROM documents;
  `,
  // 3: incidents across documents. An incident owns its reports' events; its record is the merged JSON (source of
  // truth), with indexed columns for filters; every change is logged; ids absorbed by a merge live on as aliases.
  `
  CREATE TABLE incidents (
    incident_id    TEXT NOT NULL PRIMARY KEY,
    event_date     TEXT,
    country        TEXT,
    admin1         TEXT,
    sub_event_type TEXT,
    latitude       DOUBLE PRECISION,
    longitude      DOUBLE PRECISION,
    fatalities     INTEGER,
    disputed       INTEGER NOT NULL,
    record         TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
  );
  CREATE INDEX incidents_event_date ON incidents (event_date, incident_id);
  CREATE INDEX incidents_country ON incidents ((lower(country)));
  CREATE INDEX incidents_updated_at ON incidents (updated_at);

  CREATE TABLE incident_members (
    event_id    TEXT NOT NULL PRIMARY KEY REFERENCES events (event_id) ON DELETE CASCADE,
    incident_id TEXT NOT NULL
  );
  CREATE INDEX incident_members_incident ON incident_members (incident_id);

  CREATE TABLE incident_changes (
    incident_id TEXT NOT NULL,
    ordinal     INTEGER NOT NULL,
    changed_at  TEXT NOT NULL,
    change      TEXT NOT NULL,
    PRIMARY KEY (incident_id, ordinal)
  );

  CREATE TABLE incident_aliases (
    old_id      TEXT NOT NULL PRIMARY KEY,
    incident_id TEXT NOT NULL,
    since       TEXT NOT NULL
  );
  `,
  // 4: what incident queries filter, sort and count by (repository.ts IncidentFilter, aggregateIncidents). The
  // multi-valued facets of incident-facets.ts (weapons; actor1 and claimants; outcomes) get a table of their own.
  // incident_index is SQLite's own: a narrow copy of each incident's filter and sort columns and its ISO week, read
  // whole into the store's in-memory snapshot (incident-snapshot.ts) without touching the records, which are large.
  // The backfill derives both for stored incidents in SQL exactly as the store does in TypeScript (its tests compare).
  `
  CREATE TABLE incident_facets (
    facet       TEXT NOT NULL,
    value       TEXT NOT NULL,
    incident_id TEXT NOT NULL,
    label       TEXT NOT NULL,
    PRIMARY KEY (facet, value, incident_id)
  ) WITHOUT ROWID;
  CREATE INDEX incident_facets_incident ON incident_facets (incident_id, facet, label);

  CREATE TABLE incident_index (
    incident_id TEXT NOT NULL PRIMARY KEY,
    event_date  TEXT,
    week        TEXT,
    country     TEXT,
    admin1      TEXT,
    latitude    DOUBLE PRECISION,
    longitude   DOUBLE PRECISION,
    fatalities  INTEGER,
    disputed    INTEGER NOT NULL
  ) WITHOUT ROWID;

  INSERT OR IGNORE INTO incident_facets (facet, value, incident_id, label)
    SELECT 'weapon', lower(j.value), i.incident_id, j.value FROM incidents i, json_each(i.record, '$.weapons') j
    WHERE j.type = 'text' AND trim(j.value) <> '';
  INSERT OR IGNORE INTO incident_facets (facet, value, incident_id, label)
    SELECT 'actor', lower(a), incident_id, a FROM (SELECT incident_id, json_extract(record, '$.actor1') AS a FROM incidents)
    WHERE typeof(a) = 'text' AND trim(a) <> '';
  INSERT OR IGNORE INTO incident_facets (facet, value, incident_id, label)
    SELECT 'actor', lower(j.value), i.incident_id, j.value FROM incidents i, json_each(i.record, '$.claimed_by') j
    WHERE j.type = 'text' AND trim(j.value) <> '';
  INSERT OR IGNORE INTO incident_facets (facet, value, incident_id, label)
    SELECT 'outcome', 'launched', incident_id, 'launched' FROM incidents WHERE coalesce(json_extract(record, '$.launched'), 0) > 0;
  INSERT OR IGNORE INTO incident_facets (facet, value, incident_id, label)
    SELECT 'outcome', 'intercepted', incident_id, 'intercepted' FROM incidents WHERE coalesce(json_extract(record, '$.intercepted'), 0) > 0;
  INSERT OR IGNORE INTO incident_facets (facet, value, incident_id, label)
    SELECT 'outcome', 'impacted', incident_id, 'impacted' FROM incidents
    WHERE coalesce(json_extract(record, '$.impacted'), 0) > 0 OR coalesce(json_extract(record, '$.fatalities'), 0) > 0 OR coalesce(json_extract(record, '$.injured'), 0) > 0;

  INSERT INTO incident_index (incident_id, event_date, week, country, admin1, latitude, longitude, fatalities, disputed)
    SELECT incident_id, event_date, date(event_date, '-6 days', 'weekday 1'), country, admin1, latitude, longitude, fatalities, disputed FROM incidents;
  `,
  // 5: feeds `sitrep watch` polls (src/feeds): the validators for conditional GET, when it last asked, how many polls in a
  // row failed (for backoff), the last error, and the keys (guid or link, JSON array, newest last) of items already
  // taken. Plain SQL: the PostgreSQL store can reuse it as is.
  `
  CREATE TABLE feeds (
    url           TEXT NOT NULL PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT,
    last_checked  TEXT,
    failures      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT,
    seen          TEXT NOT NULL DEFAULT '[]'
  );
  `,
  // 6: the resolver reads the events a date can meet (repository.ts eventsReaching): by precision, then date, since
  // each precision widens a date by its own margin (compatibility.ts dateMarginDays). date_precision mirrors the record.
  `
  ALTER TABLE events ADD COLUMN date_precision TEXT;
  UPDATE events SET date_precision = json_extract(record, '$.date_precision');
  CREATE INDEX events_date_reach ON events (date_precision, event_date);
  `,
];
