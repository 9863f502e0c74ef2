/**
 * The behaviour every Repository must have, as a node:test suite. Each backend's test file calls
 * `repositoryContract(name, open)` with a function that opens a fresh, empty store.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createDocument, withDiagnostics, type Document, type NewDocument } from '../core/document.js';
import { SitrepError } from '../core/errors.js';
import type { ExtractedEvent } from '../stages/incidents/contract.js';
import type { IncidentRecord } from '../stages/incidents/incident-record.js';
import type { IncidentFilter, Repository } from './repository.js';
import { incidentContract } from './incident-contract.js';

export function makeDocument(input: Partial<NewDocument> & { text: string }): Document {
  return createDocument({ source: 'test', ...input });
}

/** An ExtractedEvent with every contract field set; tests override what they look at. */
export function makeEvent(overrides: Partial<ExtractedEvent> & { doc_id: string; event_id: string }): ExtractedEvent {
  return {
    event_date: null,
    date_precision: 'unknown',
    historical: false,
    event_type: 'Explosions/Remote violence',
    sub_event_type: 'Air/drone strike',
    disorder_type: 'Political violence',
    weapons: ['drone'],
    launched: null,
    intercepted: null,
    impacted: null,
    fatalities: null,
    injured: null,
    damage: null,
    actor1: null,
    actor1_id: null,
    assoc_actor_1: null,
    actor2: null,
    inter1: null,
    inter2: null,
    claimed_by: [],
    claims: [],
    target: null,
    country: null,
    admin1: null,
    location: null,
    latitude: null,
    longitude: null,
    geo_precision: null,
    place_id: null,
    sources: [{ speaker: 'the regional governor', outlet: 'Test Wire', speaker_class: 'official' }],
    disputes: [],
    evidence: [{ field: 'event_type', start: 0, end: 6, rule: 'test-rule', quote: 'Drones' }],
    fields: {
      fatalities: {
        best: null,
        low: null,
        high: null,
        disputed: false,
        assertions: [],
      },
    },
    notes: '',
    published: null,
    outlet: null,
    ...overrides,
  };
}

/** An IncidentRecord with every field set; tests override what they look at. */
export function makeIncident(overrides: Partial<IncidentRecord> & { incident_id: string }): IncidentRecord {
  const { fields: _f, doc_id: _d, event_id: _e, ...base } = makeEvent({ doc_id: 'doc', event_id: 'doc:1' });
  return {
    ...base,
    event_id: `${overrides.incident_id}:1`,
    doc_id: 'doc',
    doc_ids: ['doc'],
    reports: [],
    fields: {},
    competing_claims: false,
    loaded_wording: [],
    ...overrides,
  };
}

async function rejectsWith(p: Promise<unknown>, code: SitrepError['code']): Promise<void> {
  await assert.rejects(p, (e: unknown) => e instanceof SitrepError && e.code === code);
}

export function repositoryContract(name: string, open: () => Promise<Repository>): void {
  const withStore = async (fn: (repo: Repository) => Promise<void>): Promise<void> => {
    const repo = await open();
    try {
      await fn(repo);
    } finally {
      await repo.close();
    }
  };

  const depotText = 'Drones struck a fuel depot near Harlow Ridge overnight, the governor said. Two workers were injured.';
  const bridgeText = 'Artillery fire damaged the old bridge over the Selva river on Monday, local officials said.';

  describe(`Repository contract: ${name}`, () => {
    describe('documents', () => {
      test('a new document is inserted and read back with its metadata', async () => {
        await withStore(async (repo) => {
          const doc = makeDocument({
            id: 'depot-1',
            text: depotText,
            title: 'Depot hit',
            outlet: 'Valley Courier',
            published: '2024-03-06',
            url: 'https://courier.example/depot',
            language: 'en',
            source: 'fixtures/depot.txt',
          });
          assert.deepEqual(await repo.putDocument(doc), { status: 'inserted', id: 'depot-1' });
          const stored = await repo.getDocument('depot-1');
          assert.ok(stored);
          assert.equal(stored.text, depotText);
          assert.equal(stored.contentHash, doc.meta.contentHash);
          assert.deepEqual(
            [stored.title, stored.outlet, stored.published, stored.url, stored.language, stored.source],
            ['Depot hit', 'Valley Courier', '2024-03-06', 'https://courier.example/depot', 'en', 'fixtures/depot.txt'],
          );
          assert.ok(!Number.isNaN(Date.parse(stored.ingestedAt)));
          assert.deepEqual(stored.diagnostics, []);
          assert.equal(await repo.getDocument('nope'), null);
        });
      });

      test('re-inserting the same content changes nothing, whatever id it comes with', async () => {
        await withStore(async (repo) => {
          const doc = makeDocument({ id: 'depot-1', text: depotText });
          await repo.putDocument(doc);
          const before = await repo.getDocument('depot-1');
          await new Promise((r) => setTimeout(r, 5)); // let the clock move, so a rewritten timestamp would show
          assert.deepEqual(await repo.putDocument(doc), { status: 'unchanged', id: 'depot-1' });
          assert.deepEqual(await repo.putDocument(makeDocument({ id: 'other-id', text: depotText, title: 'Another title' })), { status: 'unchanged', id: 'depot-1' });
          assert.equal(await repo.countDocuments(), 1);
          assert.deepEqual(await repo.getDocument('depot-1'), before);
          assert.equal(await repo.getDocument('other-id'), null);
        });
      });

      test('a document is found by its content hash, under the id it was stored with', async () => {
        await withStore(async (repo) => {
          const doc = makeDocument({ id: 'depot-1', text: depotText });
          assert.equal(await repo.documentIdByHash(doc.meta.contentHash), null);
          await repo.putDocument(doc);
          assert.equal(await repo.documentIdByHash(makeDocument({ id: 'another', text: depotText }).meta.contentHash), 'depot-1');
          assert.equal(await repo.documentIdByHash(makeDocument({ text: `${depotText} More.` }).meta.contentHash), null);
        });
      });

      test('different content under a used id is stored as <id>~<hash8>', async () => {
        await withStore(async (repo) => {
          const first = makeDocument({ id: 'report', text: depotText });
          const second = makeDocument({ id: 'report', text: bridgeText });
          await repo.putDocument(first);
          const suffixed = `report~${second.meta.contentHash.slice(0, 8)}`;
          assert.deepEqual(await repo.putDocument(second), { status: 'inserted', id: suffixed });
          assert.deepEqual(await repo.putDocument(second), { status: 'unchanged', id: suffixed });
          assert.equal((await repo.getDocument('report'))?.text, depotText);
          assert.equal((await repo.getDocument(suffixed))?.text, bridgeText);
          assert.equal(await repo.countDocuments(), 2);
        });
      });

      test('diagnostics are stored in order, with spans and data', async () => {
        await withStore(async (repo) => {
          const doc = withDiagnostics(makeDocument({ id: 'd', text: depotText }), [
            { code: 'DATE_UNANCHORED', message: 'no publication date', severity: 'warning', stage: 'dates' },
            { code: 'PLACE_AMBIGUOUS', message: 'two places named Harlow Ridge', severity: 'info', stage: 'places', span: { start: 30, end: 42 }, data: { candidates: 2 } },
          ]);
          await repo.putDocument(doc);
          assert.deepEqual((await repo.getDocument('d'))?.diagnostics, [
            { code: 'DATE_UNANCHORED', message: 'no publication date', severity: 'warning', stage: 'dates', start: null, end: null, data: null },
            { code: 'PLACE_AMBIGUOUS', message: 'two places named Harlow Ridge', severity: 'info', stage: 'places', start: 30, end: 42, data: { candidates: 2 } },
          ]);
        });
      });

      test('listDocuments pages by ingest time, then id', async () => {
        await withStore(async (repo) => {
          for (const [i, text] of ['Alpha report text.', 'Bravo report text.', 'Charlie report text.'].entries()) {
            await repo.putDocument(makeDocument({ id: `doc-${i}`, text }));
          }
          assert.deepEqual((await repo.listDocuments()).map((d) => d.id), ['doc-0', 'doc-1', 'doc-2']);
          assert.deepEqual((await repo.listDocuments({ limit: 2 })).map((d) => d.id), ['doc-0', 'doc-1']);
          assert.deepEqual((await repo.listDocuments({ limit: 2, offset: 2 })).map((d) => d.id), ['doc-2']);
          await rejectsWith(repo.listDocuments({ limit: -1 }), 'DATA_INVALID');
        });
      });
    });

    describe('search', () => {
      test('finds a word in the text or the title', async () => {
        await withStore(async (repo) => {
          await repo.putDocument(makeDocument({ id: 'depot', text: depotText, title: 'Depot hit' }));
          await repo.putDocument(makeDocument({ id: 'bridge', text: bridgeText, title: 'Bridge damaged' }));
          const hits = await repo.searchDocuments('fuel');
          assert.deepEqual(hits.map((h) => h.id), ['depot']);
          assert.ok(hits[0].snippet.length > 0);
          assert.ok(hits[0].snippet.includes('[') && hits[0].snippet.includes(']'), hits[0].snippet);
          assert.deepEqual((await repo.searchDocuments('Bridge damaged')).map((h) => h.id), ['bridge']);
          assert.deepEqual((await repo.searchDocuments('selva RIVER')).map((h) => h.id), ['bridge']);
          assert.deepEqual(await repo.searchDocuments('submarine'), []);
          assert.deepEqual(await repo.searchDocuments('   '), []);
          assert.equal((await repo.searchDocuments('said', 1)).length, 1);
        });
      });

      test('hostile queries neither fail nor touch the data', async () => {
        await withStore(async (repo) => {
          await repo.putDocument(makeDocument({ id: 'depot', text: depotText, title: 'Depot hit' }));
          for (const q of ['"unbalanced', 'NEAR(', '*', "'; DROP TABLE documents; --", 'depot AND', 'OR', 'title:depot', '(', ')', '^', '-depot', '"', 'a"b', '\u0000', 'NOT', '{title}: x']) {
            const hits = await repo.searchDocuments(q);
            assert.ok(Array.isArray(hits), q);
          }
          assert.equal(await repo.countDocuments(), 1);
          assert.deepEqual((await repo.searchDocuments('depot')).map((h) => h.id), ['depot']);
        });
      });
    });

    describe('events', () => {
      const doc = makeDocument({ id: 'raid', text: depotText, published: '2024-03-06', outlet: 'Valley Courier' });
      const events = [
        makeEvent({ doc_id: 'raid', event_id: 'raid:1', event_date: '2024-03-05', date_precision: 'day', country: 'Examplestan', admin1: 'North', latitude: 51.5, longitude: 30.25, fatalities: 0, injured: 2 }),
        makeEvent({ doc_id: 'raid', event_id: 'raid:2', event_date: '2023-10-01', historical: true, country: 'Examplestan', admin1: 'North' }),
        makeEvent({ doc_id: 'raid', event_id: 'raid:3', event_date: null, country: 'Otherland' }),
        makeEvent({ doc_id: 'raid', event_id: 'raid:0', event_date: '2024-03-05', country: 'Otherland', fatalities: 3 }),
      ];

      test('ingest stores the document and its events; events read back whole', async () => {
        await withStore(async (repo) => {
          assert.deepEqual(await repo.ingest(doc, events), { status: 'inserted', docId: 'raid', events: 4 });
          assert.equal(await repo.countDocuments(), 1);
          assert.equal(await repo.countEvents(), 4);
          assert.deepEqual(await repo.getEvent('raid:1'), events[0]);
          assert.equal(await repo.getEvent('raid:99'), null);
        });
      });

      test('listEvents sorts by date then id, undated last, and filters', async () => {
        await withStore(async (repo) => {
          await repo.ingest(doc, events);
          const ids = async (f?: Parameters<Repository['listEvents']>[0]) => (await repo.listEvents(f)).map((e) => e.event_id);
          assert.deepEqual(await ids(), ['raid:2', 'raid:0', 'raid:1', 'raid:3']);
          assert.deepEqual(await ids({ since: '2024-01-01' }), ['raid:0', 'raid:1']);
          assert.deepEqual(await ids({ until: '2024-03-04' }), ['raid:2']);
          assert.deepEqual(await ids({ since: '2024-03-05', until: '2024-03-05' }), ['raid:0', 'raid:1']);
          assert.deepEqual(await ids({ country: 'otherland' }), ['raid:0', 'raid:3']);
          assert.deepEqual(await ids({ country: 'Examplestan', since: '2024-01-01' }), ['raid:1']);
          assert.deepEqual(await ids({ docId: 'raid', limit: 2, offset: 1 }), ['raid:0', 'raid:1']);
          assert.deepEqual(await ids({ docId: 'other' }), []);
          await rejectsWith(repo.listEvents({ since: 'March 2024' }), 'DATA_INVALID');
          await rejectsWith(repo.listEvents({ limit: 1.5 }), 'DATA_INVALID');
        });
      });

      test('re-ingesting the same document and events duplicates nothing', async () => {
        await withStore(async (repo) => {
          await repo.ingest(doc, events);
          assert.deepEqual(await repo.ingest(doc, events), { status: 'unchanged', docId: 'raid', events: 0 });
          assert.equal(await repo.countDocuments(), 1);
          assert.equal(await repo.countEvents(), 4);
        });
      });

      test('events for a document stored earlier without them are added', async () => {
        await withStore(async (repo) => {
          await repo.putDocument(doc);
          assert.deepEqual(await repo.ingest(doc, events.slice(0, 2)), { status: 'unchanged', docId: 'raid', events: 2 });
          assert.deepEqual(await repo.ingest(doc, events), { status: 'unchanged', docId: 'raid', events: 2 });
          assert.equal(await repo.countEvents(), 4);
        });
      });

      test('events of a document stored under a suffixed id follow that id', async () => {
        await withStore(async (repo) => {
          await repo.ingest(doc, events);
          const other = makeDocument({ id: 'raid', text: bridgeText });
          const otherEvents = [makeEvent({ doc_id: 'raid', event_id: 'raid:1', event_date: '2024-04-01', country: 'Examplestan' })];
          const result = await repo.ingest(other, otherEvents);
          const suffixed = `raid~${other.meta.contentHash.slice(0, 8)}`;
          assert.deepEqual(result, { status: 'inserted', docId: suffixed, events: 1 });
          const moved = await repo.getEvent(`${suffixed}:1`);
          assert.equal(moved?.doc_id, suffixed);
          assert.equal(moved?.event_date, '2024-04-01');
          // The first document's event is untouched.
          assert.equal((await repo.getEvent('raid:1'))?.event_date, '2024-03-05');
          assert.equal(await repo.countEvents(), 5);
        });
      });

      test('a failure midway leaves no document and no events', async () => {
        await withStore(async (repo) => {
          const broken = makeEvent({ doc_id: 'raid', event_id: null as unknown as string });
          await rejectsWith(repo.ingest(doc, [events[0], events[1], broken]), 'STORE_FAILURE');
          assert.equal(await repo.countDocuments(), 0);
          assert.equal(await repo.countEvents(), 0);
          assert.equal(await repo.getDocument('raid'), null);
          assert.deepEqual(await repo.searchDocuments('depot'), []);
          // Nothing half-written blocks a clean retry.
          assert.deepEqual(await repo.ingest(doc, events), { status: 'inserted', docId: 'raid', events: 4 });
        });
      });

      test('an event that belongs to another document is refused, and nothing is written', async () => {
        await withStore(async (repo) => {
          const stray = makeEvent({ doc_id: 'someone-else', event_id: 'someone-else:1' });
          await rejectsWith(repo.ingest(doc, [events[0], stray]), 'DATA_INVALID');
          assert.equal(await repo.countDocuments(), 0);
          assert.equal(await repo.countEvents(), 0);
        });
      });
    });

    describe('incident queries', () => {
      const plan = (records: IncidentRecord[], members: Record<string, string[]> = {}) => ({
        at: '2024-04-01T00:00:00.000Z',
        upserts: records.map((record) => ({ record, members: members[record.incident_id] ?? [], change: { kind: 'created' as const } })),
        removals: [],
      });
      // D is the Tuesday 2024-02-20; A and B share Friday 2024-03-01; C is Saturday 2024-03-09; E is undated.
      const incidents = [
        makeIncident({ incident_id: 'inc-a', event_date: '2024-03-01', country: 'IQ', admin1: 'Erbil', weapons: ['drone'], actor1: 'Kataib Hezbollah', launched: 2, fatalities: 0, latitude: 36.2, longitude: 44.0 }),
        makeIncident({ incident_id: 'inc-b', event_date: '2024-03-01', country: 'IQ', admin1: 'Al Anbar', weapons: ['rocket', 'mortar'], claimed_by: ['Islamic Resistance in Iraq'], launched: 3, intercepted: 1, fatalities: 2, latitude: 33.8, longitude: 42.4, disputes: [{ field: 'launched', values: [] }] }),
        makeIncident({ incident_id: 'inc-c', event_date: '2024-03-09', country: 'SY', admin1: 'Al Hasakah', weapons: ['drone'], actor1: 'Islamic Resistance in Iraq', fatalities: 1, injured: 3, latitude: 36.5, longitude: 40.7 }),
        makeIncident({ incident_id: 'inc-d', event_date: '2024-02-20', country: 'JO', weapons: ['one_way_attack_drone'], fatalities: 3 }),
        makeIncident({ incident_id: 'inc-e', event_date: null, country: 'IQ', weapons: [] }),
      ];
      const withIncidents = (fn: (repo: Repository, ids: (f?: IncidentFilter) => Promise<string[]>) => Promise<void>) =>
        withStore(async (repo) => {
          // A and C are reported by stored documents, so the docIds filter has events to follow.
          await repo.ingest(makeDocument({ id: 'da', text: depotText }), [makeEvent({ doc_id: 'da', event_id: 'da:1', event_date: '2024-03-01' })]);
          await repo.ingest(makeDocument({ id: 'dc', text: bridgeText }), [makeEvent({ doc_id: 'dc', event_id: 'dc:1', event_date: '2024-03-09' })]);
          await repo.applyIncidentPlan(plan(incidents, { 'inc-a': ['da:1'], 'inc-c': ['dc:1'] }));
          await fn(repo, async (f) => (await repo.listIncidents(f)).map((i) => i.incident_id));
        });

      test('every filter, alone and together', async () => {
        await withIncidents(async (repo, ids) => {
          assert.deepEqual(await ids(), ['inc-d', 'inc-a', 'inc-b', 'inc-c', 'inc-e']);
          assert.deepEqual(await ids({ since: '2024-03-01' }), ['inc-a', 'inc-b', 'inc-c']);
          assert.deepEqual(await ids({ country: 'iq' }), ['inc-a', 'inc-b', 'inc-e']);
          assert.deepEqual(await ids({ admin1: 'al anbar' }), ['inc-b']);
          assert.deepEqual(await ids({ weapon: 'DRONE' }), ['inc-a', 'inc-c']);
          assert.deepEqual(await ids({ actor: 'islamic resistance in iraq' }), ['inc-b', 'inc-c'], 'a claimant or actor1');
          assert.deepEqual(await ids({ outcome: 'launched' }), ['inc-a', 'inc-b']);
          assert.deepEqual(await ids({ outcome: 'intercepted' }), ['inc-b']);
          assert.deepEqual(await ids({ outcome: 'impacted' }), ['inc-d', 'inc-b', 'inc-c'], 'casualties mean it hit');
          assert.deepEqual(await ids({ disputedOnly: true }), ['inc-b']);
          assert.deepEqual(await ids({ bbox: [40, 33, 43, 37] }), ['inc-b', 'inc-c']);
          assert.deepEqual(await ids({ docIds: ['dc', 'nope'] }), ['inc-c']);
          assert.deepEqual(await ids({ docIds: [] }), []);
          assert.deepEqual(await ids({ weapon: 'drone', country: 'SY', since: '2024-03-02', until: '2024-03-31' }), ['inc-c']);
          assert.equal(await repo.countIncidents(), 5);
          assert.equal(await repo.countIncidents({ country: 'IQ', limit: 1 }), 3);
          assert.equal(await repo.countIncidents({ weapon: 'drone', outcome: 'impacted' }), 1);
        });
      });

      test('sorts, with keyset paging that visits every incident once', async () => {
        await withIncidents(async (repo, ids) => {
          assert.deepEqual(await ids({ sort: '-date' }), ['inc-c', 'inc-a', 'inc-b', 'inc-d', 'inc-e']);
          assert.deepEqual(await ids({ sort: 'fatalities' }), ['inc-d', 'inc-b', 'inc-c', 'inc-a', 'inc-e']);
          for (const sort of ['date', '-date', 'fatalities'] as const) {
            const all = await ids({ sort });
            for (const limit of [1, 2, 3]) {
              const seen: string[] = [];
              let after: IncidentFilter['after'];
              for (let guard = 0; guard < 10; guard++) {
                const page = await repo.listIncidents({ sort, limit, after });
                seen.push(...page.map((i) => i.incident_id));
                if (page.length < limit) break;
                const last = page[page.length - 1];
                after = { id: last.incident_id, key: sort === 'fatalities' ? last.fatalities : last.event_date };
              }
              assert.deepEqual(seen, all, `${sort} by ${limit}`);
            }
          }
          await rejectsWith(repo.listIncidents({ sort: 'fatalities', after: { id: 'inc-a', key: '2024-03-01' } }), 'DATA_INVALID');
        });
      });

      test('aggregates count per day or ISO week and per key', async () => {
        await withIncidents(async (repo) => {
          assert.deepEqual(await repo.aggregateIncidents({}, 'day', 'weapon'), [
            { period: '2024-02-20', key: 'one_way_attack_drone', count: 1 },
            { period: '2024-03-01', key: 'drone', count: 1 },
            { period: '2024-03-01', key: 'mortar', count: 1 },
            { period: '2024-03-01', key: 'rocket', count: 1 },
            { period: '2024-03-09', key: 'drone', count: 1 },
          ]);
          assert.deepEqual(await repo.aggregateIncidents({}, 'week', 'country'), [
            { period: '2024-02-19', key: 'JO', count: 1 },
            { period: '2024-02-26', key: 'IQ', count: 2 },
            { period: '2024-03-04', key: 'SY', count: 1 },
          ]);
          assert.deepEqual(await repo.aggregateIncidents({}, 'day', 'actor'), [
            { period: '2024-02-20', key: null, count: 1 },
            { period: '2024-03-01', key: 'Islamic Resistance in Iraq', count: 1 },
            { period: '2024-03-01', key: 'Kataib Hezbollah', count: 1 },
            { period: '2024-03-09', key: 'Islamic Resistance in Iraq', count: 1 },
          ]);
          assert.deepEqual(await repo.aggregateIncidents({ weapon: 'drone' }, 'week', 'actor'), [
            { period: '2024-02-26', key: 'Kataib Hezbollah', count: 1 },
            { period: '2024-03-04', key: 'Islamic Resistance in Iraq', count: 1 },
          ]);
          await rejectsWith(repo.aggregateIncidents({}, 'month' as 'day', 'weapon'), 'DATA_INVALID');
          await rejectsWith(repo.aggregateIncidents({}, 'day', 'outlet' as 'weapon'), 'DATA_INVALID');
        });
      });

      test('facets follow updates and merges', async () => {
        await withIncidents(async (repo, ids) => {
          await repo.applyIncidentPlan(plan([{ ...incidents[0], weapons: ['rocket'] }]));
          assert.deepEqual(await ids({ weapon: 'drone' }), ['inc-c']);
          assert.deepEqual(await ids({ weapon: 'rocket' }), ['inc-a', 'inc-b']);
          await repo.applyIncidentPlan({ at: '2024-04-02T00:00:00.000Z', upserts: [], removals: [{ id: 'inc-c', aliasTo: 'inc-b', change: { kind: 'merged-into', into: 'inc-b' } }] });
          assert.deepEqual(await ids({ weapon: 'drone' }), []);
          assert.deepEqual(await ids({ actor: 'Islamic Resistance in Iraq' }), ['inc-b']);
        });
      });

      test('hostile filter values are plain values, and bad ones are refused', async () => {
        await withIncidents(async (repo, ids) => {
          for (const v of ["'; DROP TABLE incidents; --", "' OR '1'='1", '%', '_', '\\', '"', ')', 'NULL']) {
            assert.deepEqual(await ids({ country: v, admin1: v }), [], v);
            assert.deepEqual(await ids({ weapon: v }), [], v);
            assert.deepEqual(await ids({ actor: v, docIds: [v] }), [], v);
            assert.deepEqual(await repo.aggregateIncidents({ actor: v }, 'day', 'actor'), [], v);
          }
          assert.equal(await repo.countIncidents(), 5);
          await rejectsWith(repo.listIncidents({ outcome: 'exploded' as 'launched' }), 'DATA_INVALID');
          await rejectsWith(repo.listIncidents({ bbox: [10, 0, 5, 1] }), 'DATA_INVALID');
          await rejectsWith(repo.listIncidents({ sort: 'id' as 'date' }), 'DATA_INVALID');
        });
      });
    });

    incidentContract(withStore);

    test('a closed store refuses work with STORE_FAILURE, and closing twice is fine', async () => {
      const repo = await open();
      await repo.close();
      await repo.close();
      await rejectsWith(repo.countDocuments(), 'STORE_FAILURE');
      await rejectsWith(repo.putDocument(makeDocument({ text: depotText })), 'STORE_FAILURE');
    });
  });
}
