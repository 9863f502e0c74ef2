import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { IncidentRecord } from '../stages/incidents/incident-record.js';
import { incidentFacets } from './incident-facets.js';
import { IncidentSnapshot, snapshotRow } from './incident-snapshot.js';
import { makeIncident } from './repository-contract.js';
import { openSqliteStore } from './sqlite-store.js';

const plan = (records: IncidentRecord[], removals: string[] = []) => ({
  at: '2024-04-01T00:00:00.000Z',
  upserts: records.map((record) => ({ record, members: [], change: { kind: 'created' as const } })),
  removals: removals.map((id) => ({ id, aliasTo: null, change: { kind: 'merged-into' as const } })),
});

test('a store sees what another process wrote, and its own writes at once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-snapshot-'));
  const path = join(dir, 'shared.db');
  const reader = openSqliteStore(path);
  const writer = openSqliteStore(path);
  try {
    const ids = async () => (await reader.listIncidents()).map((i) => i.incident_id);
    assert.deepEqual(await ids(), []);
    await writer.applyIncidentPlan(plan([makeIncident({ incident_id: 'inc-1', event_date: '2024-01-02', weapons: ['drone'] })]));
    assert.deepEqual(await ids(), ['inc-1'], 'another connection’s commit is seen');
    assert.equal(await reader.countIncidents({ weapon: 'drone' }), 1);
    await reader.applyIncidentPlan(plan([makeIncident({ incident_id: 'inc-0', event_date: '2024-01-01', weapons: ['rocket'] })]));
    assert.deepEqual(await ids(), ['inc-0', 'inc-1'], 'its own write is seen');
    await writer.applyIncidentPlan(plan([makeIncident({ incident_id: 'inc-1', event_date: '2024-01-03', weapons: ['rocket'] })], ['inc-0']));
    assert.deepEqual(await ids(), ['inc-1']);
    assert.equal(await reader.countIncidents({ weapon: 'drone' }), 0);
    assert.deepEqual(await reader.aggregateIncidents({}, 'day', 'weapon'), [{ period: '2024-01-03', key: 'rocket', count: 1 }]);
  } finally {
    await reader.close();
    await writer.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a failed write leaves the snapshot as the store is', async () => {
  const store = openSqliteStore(':memory:');
  try {
    await store.applyIncidentPlan(plan([makeIncident({ incident_id: 'inc-1', event_date: '2024-01-02' })]));
    assert.equal(await store.countIncidents(), 1);
    // A member event that does not exist breaks the foreign key: the whole plan rolls back.
    const broken = { ...plan([makeIncident({ incident_id: 'inc-2', event_date: '2024-01-03' })]), upserts: [{ record: makeIncident({ incident_id: 'inc-2', event_date: '2024-01-03' }), members: ['no-such-event'], change: { kind: 'created' as const } }] };
    await assert.rejects(store.applyIncidentPlan(broken));
    assert.equal(await store.countIncidents(), 1);
    assert.deepEqual((await store.listIncidents()).map((i) => i.incident_id), ['inc-1']);
  } finally {
    await store.close();
  }
});

test('labels: a facet shows under the least of its spellings; unknown values match nothing', () => {
  const row = (id: string, actor: string) => {
    const rec = makeIncident({ incident_id: id, event_date: '2024-01-01', actor1: actor });
    return snapshotRow({ incident_id: id, event_date: rec.event_date, week: '2024-01-01', country: 'IQ', admin1: null, latitude: null, longitude: null, fatalities: null, disputed: 0 }, incidentFacets(rec));
  };
  const snap = new IncidentSnapshot([row('a', 'Zeta Brigade'), row('b', 'ZETA BRIGADE')]);
  assert.deepEqual(snap.aggregate({}, 'day', 'actor'), [{ period: '2024-01-01', key: 'ZETA BRIGADE', count: 2 }]);
  assert.equal(snap.count({ actor: 'zeta brigade' }), 2);
  assert.equal(snap.count({ actor: 'Nobody Known' }), 0);
  assert.equal(snap.count({ country: 'iq' }), 2);
  assert.equal(snap.count({ country: 'Iraq' }), 0);
});
