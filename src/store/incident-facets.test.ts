import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { facetKey, incidentFacets, incidentOutcomes, primaryOutcome, weekStart } from './incident-facets.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { makeIncident } from './repository-contract.js';
import { openSqliteStore } from './sqlite-store.js';

test('outcomes: counts above zero, and casualties mean the attack hit', () => {
  const base = makeIncident({ incident_id: 'x' });
  assert.deepEqual(incidentOutcomes(base), []);
  assert.equal(primaryOutcome(base), null);
  assert.deepEqual(incidentOutcomes({ ...base, launched: 3, intercepted: 3 }), ['launched', 'intercepted']);
  assert.equal(primaryOutcome({ ...base, launched: 3, intercepted: 3 }), 'intercepted');
  assert.deepEqual(incidentOutcomes({ ...base, launched: 0, injured: 1 }), ['impacted']);
  assert.equal(primaryOutcome({ ...base, launched: 2, impacted: 1, intercepted: 1 }), 'impacted');
});

test('weeks start on Monday', () => {
  assert.equal(weekStart('2024-02-19'), '2024-02-19');
  assert.equal(weekStart('2024-02-25'), '2024-02-19');
  assert.equal(weekStart('2024-03-01'), '2024-02-26');
  assert.equal(weekStart('2024-01-01'), '2024-01-01');
  assert.equal(weekStart('2023-12-31'), '2023-12-25');
});

test('facet keys lower-case ASCII only, as SQLite lower() does', () => {
  assert.equal(facetKey('Kataib Hezbollah'), 'kataib hezbollah');
  assert.equal(facetKey('ÉTAT'), 'État');
});

test('migration 4 derives the facets of stored incidents exactly as incidentFacets() does', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-facets-'));
  try {
    const path = join(dir, 'v3.db');
    const records = [
      makeIncident({ incident_id: 'inc-1', weapons: ['drone', 'rocket', 'drone'], actor1: 'Kataib Hezbollah', claimed_by: ['Kataib Hezbollah', 'Islamic Resistance in Iraq'], launched: 2, fatalities: 1 }),
      makeIncident({ incident_id: 'inc-2', weapons: [], actor1: null, claimed_by: [], intercepted: 4, launched: 0 }),
      makeIncident({ incident_id: 'inc-3', weapons: ['ballistic_missile'], actor1: 'ÉTAT Forces', impacted: 1, injured: 0 }),
      makeIncident({ incident_id: 'inc-4', weapons: ['  '], actor1: '', claimed_by: [' '], injured: 2 }),
    ].map((r, i) => ({ ...r, event_date: ['2024-02-04', '2024-02-05', '2023-12-31', null][i], country: i === 0 ? 'IQ' : null, admin1: i === 0 ? 'Erbil' : null, latitude: i === 0 ? 36.2 : null, longitude: i === 0 ? 44 : null, fatalities: i === 0 ? 1 : null }));
    // A store at schema version 3, holding incidents written before the facets existed.
    const old = new Database(path);
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    for (let v = 1; v <= 3; v++) {
      old.exec(SQLITE_MIGRATIONS[v - 1]);
      old.prepare('INSERT INTO schema_migrations VALUES (?, ?)').run(v, '2024-01-01T00:00:00.000Z');
    }
    const insert = old.prepare('INSERT INTO incidents (incident_id, event_date, country, admin1, sub_event_type, latitude, longitude, fatalities, disputed, record, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)');
    for (const r of records) insert.run(r.incident_id, r.event_date, r.country, r.admin1, r.sub_event_type, r.latitude, r.longitude, r.fatalities, JSON.stringify(r), 'now', 'now');
    old.close();

    const store = openSqliteStore(path);
    void store.close();
    const db = new Database(path, { readonly: true });
    const stored = db.prepare('SELECT incident_id, facet, value, label FROM incident_facets ORDER BY incident_id, facet, value').all();
    const index = db.prepare('SELECT * FROM incident_index ORDER BY incident_id').all();
    db.close();
    assert.deepEqual(index, records.map((r) => ({
      incident_id: r.incident_id, event_date: r.event_date, week: r.event_date ? weekStart(r.event_date) : null, country: r.country, admin1: r.admin1,
      latitude: r.latitude, longitude: r.longitude, fatalities: r.fatalities, disputed: 0,
    })));
    const expected = records
      .flatMap((r) => incidentFacets(r).map((f) => ({ incident_id: r.incident_id, facet: f.facet, value: f.value, label: f.label })))
      .sort((a, b) => a.incident_id.localeCompare(b.incident_id) || a.facet.localeCompare(b.facet) || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    assert.deepEqual(stored, expected);
    assert.ok(expected.some((f) => f.label === 'ÉTAT Forces' && f.value === 'État forces'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
