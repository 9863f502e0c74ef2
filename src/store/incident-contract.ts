/**
 * The incident half of the Repository contract: what resolve.ts relies on (plans applied whole, membership, events
 * by date, events without an incident) and what the shells read back (records with their timestamps, aliases after a
 * merge, the change log, list filters). repositoryContract() runs it for every backend.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SitrepError } from '../core/errors.js';
import type { IncidentRecord } from '../stages/incidents/incident-record.js';
import type { IncidentChange, IncidentPlan } from '../stages/incidents/resolve.js';
import { makeDocument, makeEvent, makeIncident } from './repository-contract.js';
import type { IncidentFilter, Repository } from './repository.js';

const T1 = '2024-04-01T10:00:00.000Z';
const T2 = '2024-04-02T11:30:00.000Z';
const T3 = '2024-04-03T09:15:00.000Z';
const T4 = '2024-04-04T08:00:00.000Z';

type Upsert = IncidentPlan['upserts'][number];
type Removal = IncidentPlan['removals'][number];

function upsert(record: IncidentRecord, members: string[], change: IncidentChange = { kind: 'created', added_reports: record.doc_ids }): Upsert {
  return { record, members, change };
}

function plan(at: string, upserts: Upsert[], removals: Removal[] = []): IncidentPlan {
  return { at, upserts, removals };
}

export function incidentContract(withStore: (fn: (repo: Repository) => Promise<void>) => Promise<void>): void {
  // Two reports: alpha (two attacks) and bravo (one dated attack, one undated).
  const seed = async (repo: Repository) => {
    await repo.ingest(makeDocument({ id: 'alpha', text: 'Two drones hit the Harlow Ridge depot on Friday; a rocket fell near Selva on Saturday.' }), [
      makeEvent({ doc_id: 'alpha', event_id: 'alpha:1', event_date: '2024-03-01', country: 'XA', latitude: 36.2, longitude: 44.0 }),
      makeEvent({ doc_id: 'alpha', event_id: 'alpha:2', event_date: '2024-03-02', country: 'XA' }),
    ]);
    await repo.ingest(makeDocument({ id: 'bravo', text: 'A drone struck the depot at Harlow Ridge, the governor said. An older raid is not dated.' }), [
      makeEvent({ doc_id: 'bravo', event_id: 'bravo:1', event_date: '2024-03-01', country: 'XA', latitude: 36.2, longitude: 44.0 }),
      makeEvent({ doc_id: 'bravo', event_id: 'bravo:2', event_date: null, country: 'XA' }),
    ]);
  };
  const depot = makeIncident({ incident_id: 'inc-depot', event_date: '2024-03-01', country: 'XA', doc_ids: ['alpha', 'bravo'], latitude: 36.2, longitude: 44.0, fatalities: 1 });
  const selva = makeIncident({ incident_id: 'inc-selva', event_date: '2024-03-02', country: 'XA', doc_ids: ['alpha'], weapons: ['rocket'] });
  const ids = (list: { incident_id: string }[]) => list.map((i) => i.incident_id);
  const eventIds = (list: { event_id: string }[]) => list.map((e) => e.event_id);

  describe('incident lifecycle', () => {
    test('events a date can meet and events no incident holds yet', async () => {
      await withStore(async (repo) => {
        await seed(repo);
        // These events' precision is 'unknown': two days either side of their date, as a day's (compatibility.ts).
        assert.deepEqual(eventIds(await repo.eventsReaching('2024-03-03', '2024-03-03')), ['alpha:1', 'alpha:2', 'bravo:1']);
        assert.deepEqual(eventIds(await repo.eventsReaching('2024-03-04', '2024-03-31')), ['alpha:2']);
        assert.deepEqual(eventIds(await repo.eventsReaching('2024-02-01', '2024-02-28')), ['alpha:1', 'bravo:1']);
        assert.deepEqual(await repo.eventsReaching('2024-03-05', '2024-12-31'), []);
        assert.deepEqual(await repo.eventsReaching('2024-02-01', '2024-02-27'), []);
        assert.deepEqual(eventIds(await repo.eventsWithoutIncident()), ['alpha:1', 'alpha:2', 'bravo:1', 'bravo:2']);
        assert.deepEqual(eventIds(await repo.eventsWithoutIncident(2)), ['alpha:1', 'alpha:2']);
        assert.deepEqual(await repo.membership(['alpha:1']), new Map());
        assert.deepEqual(await repo.membership([]), new Map());
        // Only the countries asked for, and events without a country.
        await repo.ingest(makeDocument({ id: 'charlie', text: 'A rocket hit a post in Yarrow on Friday. A blast was heard somewhere the same day.' }), [
          makeEvent({ doc_id: 'charlie', event_id: 'charlie:1', event_date: '2024-03-01', country: 'XB' }),
          makeEvent({ doc_id: 'charlie', event_id: 'charlie:2', event_date: '2024-03-01', country: null }),
        ]);
        assert.deepEqual(eventIds(await repo.eventsReaching('2024-03-01', '2024-03-01', ['XA'])), ['alpha:1', 'alpha:2', 'bravo:1', 'charlie:2']);
        assert.deepEqual(eventIds(await repo.eventsReaching('2024-03-01', '2024-03-01', ['XB', 'XC'])), ['charlie:1', 'charlie:2']);
        assert.deepEqual(eventIds(await repo.eventsReaching('2024-03-01', '2024-03-01', null)), ['alpha:1', 'alpha:2', 'bravo:1', 'charlie:1', 'charlie:2']);
      });
    });

    test('a date reaches as far as its precision: a day two days, a week eight, a month 32, a year 367', async () => {
      await withStore(async (repo) => {
        await repo.ingest(makeDocument({ id: 'delta', text: 'Attacks on the depot, dated as closely as the reports allow.' }), [
          makeEvent({ doc_id: 'delta', event_id: 'delta:day', event_date: '2024-07-01', date_precision: 'day' }),
          makeEvent({ doc_id: 'delta', event_id: 'delta:week', event_date: '2024-03-10', date_precision: 'week' }),
          makeEvent({ doc_id: 'delta', event_id: 'delta:month', event_date: '2024-05-15', date_precision: 'month' }),
          makeEvent({ doc_id: 'delta', event_id: 'delta:year', event_date: '2023-06-01', date_precision: 'year' }),
        ]);
        const reaching = async (since: string, until: string) => eventIds(await repo.eventsReaching(since, until));
        assert.deepEqual(await reaching('2024-07-03', '2024-07-03'), ['delta:day']);
        assert.deepEqual(await reaching('2024-06-26', '2024-06-28'), []);
        assert.deepEqual(await reaching('2024-03-18', '2024-03-18'), ['delta:week', 'delta:year']);
        assert.deepEqual(await reaching('2024-03-19', '2024-04-12'), ['delta:year']);
        assert.deepEqual(await reaching('2024-04-13', '2024-04-13'), ['delta:month', 'delta:year']);
        assert.deepEqual(await reaching('2024-06-03', '2024-06-16'), ['delta:month']);
        assert.deepEqual(await reaching('2022-05-30', '2022-05-30'), ['delta:year']);
        assert.deepEqual(await reaching('2022-05-29', '2022-05-29'), []);
      });
    });

    test('a plan creates incidents with their members, timestamps and a change log', async () => {
      await withStore(async (repo) => {
        await seed(repo);
        await repo.applyIncidentPlan(plan(T1, [upsert(depot, ['alpha:1', 'bravo:1']), upsert(selva, ['alpha:2'])]));
        assert.equal(await repo.countIncidents(), 2);
        const stored = await repo.getIncident('inc-depot');
        assert.deepEqual(stored, { ...depot, created_at: T1, updated_at: T1 });
        assert.equal(await repo.getIncident('inc-none'), null);
        assert.deepEqual(await repo.membership(['bravo:1', 'alpha:2', 'bravo:2', 'nope']), new Map([['bravo:1', 'inc-depot'], ['alpha:2', 'inc-selva']]));
        assert.deepEqual(eventIds(await repo.eventsWithoutIncident()), ['bravo:2']);
        assert.deepEqual(await repo.incidentHistory('inc-depot'), [{ at: T1, change: { kind: 'created', added_reports: ['alpha', 'bravo'] } }]);
        assert.deepEqual(await repo.incidentHistory('inc-none'), []);
        assert.deepEqual(ids(await repo.listIncidents()), ['inc-depot', 'inc-selva']);
        assert.deepEqual(await repo.listIncidents({ limit: 1 }), [{ ...depot, created_at: T1, updated_at: T1 }]);
      });
    });

    test('an update keeps created_at, replaces the members, and logs the change after the first', async () => {
      await withStore(async (repo) => {
        await seed(repo);
        await repo.applyIncidentPlan(plan(T1, [upsert(depot, ['alpha:1', 'bravo:1']), upsert(selva, ['alpha:2'])]));
        const change: IncidentChange = { kind: 'updated', added_reports: [], removed_reports: [], changed_fields: [{ field: 'fatalities', from: 1, to: 2 }] };
        const revised = { ...depot, fatalities: 2 };
        // bravo:2 joins the depot, and alpha:1 moves from it to Selva.
        await repo.applyIncidentPlan(plan(T2, [upsert(revised, ['bravo:1', 'bravo:2'], change), upsert(selva, ['alpha:2', 'alpha:1'], change)]));
        assert.deepEqual(await repo.getIncident('inc-depot'), { ...revised, created_at: T1, updated_at: T2 });
        assert.deepEqual(
          await repo.membership(['alpha:1', 'alpha:2', 'bravo:1', 'bravo:2']),
          new Map([['alpha:1', 'inc-selva'], ['alpha:2', 'inc-selva'], ['bravo:1', 'inc-depot'], ['bravo:2', 'inc-depot']]),
        );
        assert.deepEqual(await repo.eventsWithoutIncident(), []);
        assert.deepEqual(await repo.incidentHistory('inc-depot'), [
          { at: T1, change: { kind: 'created', added_reports: ['alpha', 'bravo'] } },
          { at: T2, change },
        ]);
        assert.equal((await repo.listIncidents({ country: 'xa', since: '2024-03-01', until: '2024-03-01' }))[0].fatalities, 2);
      });
    });

    test('a merge leaves an alias that resolves, older aliases follow, and an id that comes back is no alias', async () => {
      await withStore(async (repo) => {
        await seed(repo);
        await repo.applyIncidentPlan(plan(T1, [upsert(depot, ['alpha:1', 'bravo:1']), upsert(selva, ['alpha:2'])]));
        const merged = { ...depot, doc_ids: ['alpha', 'bravo'] };
        await repo.applyIncidentPlan(plan(T2, [upsert(merged, ['alpha:1', 'alpha:2', 'bravo:1'], { kind: 'updated', added_reports: [] })], [{ id: 'inc-selva', aliasTo: 'inc-depot', change: { kind: 'merged-into', into: 'inc-depot' } }]));
        assert.equal(await repo.getIncident('inc-selva'), null);
        assert.equal(await repo.countIncidents(), 1);
        assert.equal(await repo.resolveIncidentId('inc-selva'), 'inc-depot');
        assert.equal(await repo.resolveIncidentId('inc-depot'), 'inc-depot');
        assert.equal(await repo.resolveIncidentId('alpha:2'), 'inc-depot', 'a report event id leads to its incident');
        assert.equal(await repo.resolveIncidentId('bravo:2'), null);
        assert.equal(await repo.resolveIncidentId('nope'), null);
        assert.deepEqual(await repo.incidentHistory('inc-selva'), [
          { at: T1, change: { kind: 'created', added_reports: ['alpha'] } },
          { at: T2, change: { kind: 'merged-into', into: 'inc-depot' } },
        ]);
        assert.deepEqual(await repo.membership(['alpha:2']), new Map([['alpha:2', 'inc-depot']]));

        // The depot is absorbed in turn: the Selva alias follows it to the new incident.
        const larger = makeIncident({ incident_id: 'inc-larger', event_date: '2024-03-01', country: 'XA', doc_ids: ['alpha', 'bravo'] });
        await repo.applyIncidentPlan(plan(T3, [upsert(larger, ['alpha:1', 'alpha:2', 'bravo:1', 'bravo:2'])], [{ id: 'inc-depot', aliasTo: 'inc-larger', change: { kind: 'merged-into', into: 'inc-larger' } }]));
        assert.equal(await repo.resolveIncidentId('inc-depot'), 'inc-larger');
        assert.equal(await repo.resolveIncidentId('inc-selva'), 'inc-larger');

        // Selva is split off again under its old id: it is an incident, and no longer an alias.
        await repo.applyIncidentPlan(plan(T4, [upsert(selva, ['alpha:2']), upsert(larger, ['alpha:1', 'bravo:1', 'bravo:2'], { kind: 'updated', removed_reports: [] })]));
        assert.equal(await repo.resolveIncidentId('inc-selva'), 'inc-selva');
        assert.deepEqual((await repo.getIncident('inc-selva'))?.created_at, T4);
        assert.deepEqual(ids(await repo.listIncidents()), ['inc-larger', 'inc-selva']);
        assert.equal((await repo.incidentHistory('inc-selva')).length, 3);

        // A removal with nowhere to go leaves no alias.
        await repo.applyIncidentPlan(plan(T4, [], [{ id: 'inc-selva', aliasTo: null, change: { kind: 'merged-into' } }]));
        assert.equal(await repo.resolveIncidentId('inc-selva'), null);
      });
    });

    test('a plan is applied whole or not at all', async () => {
      await withStore(async (repo) => {
        await seed(repo);
        await repo.applyIncidentPlan(plan(T1, [upsert(depot, ['alpha:1', 'bravo:1'])]));
        // The second upsert names an event the store does not hold: nothing of this plan may stay.
        const bad = plan(T2, [upsert(selva, ['alpha:2']), upsert({ ...depot, fatalities: 9 }, ['alpha:1', 'ghost:1'], { kind: 'updated' })], []);
        await assert.rejects(repo.applyIncidentPlan(bad), (e: unknown) => e instanceof SitrepError && e.code === 'STORE_FAILURE');
        assert.equal(await repo.countIncidents(), 1);
        assert.equal((await repo.getIncident('inc-depot'))?.fatalities, 1);
        assert.equal((await repo.incidentHistory('inc-depot')).length, 1);
        assert.deepEqual(await repo.membership(['alpha:1', 'bravo:1', 'alpha:2']), new Map([['alpha:1', 'inc-depot'], ['bravo:1', 'inc-depot']]));
      });
    });

    test('disputedOnly and bbox follow updates; bbox edges are inclusive and coordinates may be negative', async () => {
      await withStore(async (repo) => {
        await seed(repo);
        const disputed = { ...selva, disputes: [{ field: 'launched', values: [] }], latitude: -12.5, longitude: -77 };
        const corner = makeIncident({ incident_id: 'inc-corner', event_date: '2024-03-05', latitude: 10, longitude: 20 });
        await repo.applyIncidentPlan(plan(T1, [upsert(depot, ['alpha:1', 'bravo:1']), upsert(disputed, ['alpha:2']), upsert(corner, ['bravo:2'])]));
        const list = async (f: IncidentFilter) => ids(await repo.listIncidents(f));
        assert.deepEqual(await list({ disputedOnly: true }), ['inc-selva']);
        assert.deepEqual(await list({ bbox: [-80, -15, -70, -10] }), ['inc-selva']);
        assert.deepEqual(await list({ bbox: [20, 10, 44, 36.2] }), ['inc-depot', 'inc-corner'], 'points on the edges are inside');
        assert.deepEqual(await list({ bbox: [20.000001, 10, 44, 36.2] }), ['inc-depot']);
        assert.deepEqual(await list({ bbox: [-180, -90, 180, 90] }), ['inc-depot', 'inc-selva', 'inc-corner']);
        assert.deepEqual(await list({ bbox: [0, 0, 0, 0] }), []);
        assert.equal(await repo.countIncidents({ bbox: [-180, -90, 180, 90], disputedOnly: true }), 1);
        // The dispute is settled and the incident moves: both filters see the new state.
        await repo.applyIncidentPlan(plan(T2, [upsert({ ...selva, latitude: 36, longitude: 44 }, ['alpha:2'], { kind: 'updated' })]));
        assert.deepEqual(await list({ disputedOnly: true }), []);
        assert.deepEqual(await list({ bbox: [-80, -15, -70, -10] }), []);
        assert.deepEqual(await list({ bbox: [43, 35, 45, 37] }), ['inc-depot', 'inc-selva']);
      });
    });
  });
}
