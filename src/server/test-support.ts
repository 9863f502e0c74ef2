/**
 * For the server's tests: a store holding a handful of hand-made incidents and reports (no extraction needed), and a
 * real server on a free loopback port.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { StageContext } from '../stages/context.js';
import type { IncidentRecord, SourcedAssertion } from '../stages/incidents/incident-record.js';
import { makeDocument, makeEvent, makeIncident } from '../store/repository-contract.js';
import type { Repository } from '../store/repository.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import { buildServer, type ServerOptions } from './app.js';

export const WIRE_TEXT = 'Two rockets struck the Erbil air base on Monday, a U.S. official said. Kataib Hezbollah claimed the attack.';
export const STATE_TEXT = 'Three rockets hit the occupation base in Erbil on Monday, state television reported.';
export const LOCAL_TEXT = 'A drone was shot down near Al Asad air base on Friday, the coalition said.';

const assertion = (over: Pick<SourcedAssertion, 'value' | 'speaker' | 'outlet' | 'start' | 'end' | 'quote' | 'doc_id' | 'report_outlet'> & Partial<SourcedAssertion>): SourcedAssertion => ({ min: null, max: null, speaker_class: 'official', stance: 'asserted', rule: 'test', published: '2024-01-02', ...over });

/** Five incidents (one undated, one disputed, one claimed), three reports, one absorbed id. */
export async function seedStore(store: Repository): Promise<void> {
  await store.ingest(makeDocument({ id: 'wire-1', text: WIRE_TEXT, title: 'Rockets hit Erbil base', outlet: 'Test Wire', published: '2024-01-02' }), [
    makeEvent({ doc_id: 'wire-1', event_id: 'wire-1:1', event_date: '2024-01-01', evidence: [{ field: 'launched', start: 0, end: 11, rule: 'count-before-weapon', quote: 'Two rockets' }, { field: 'location', start: 23, end: 37, rule: 'facility' }], claims: [{ claimant: 'Kataib Hezbollah', claimant_id: 'kataib-hezbollah', known_actor: true, channel: null, speaker: 'Test Wire', outlet: 'Test Wire', quote: 'Kataib Hezbollah claimed the attack.', start: 70, end: 106 }] }),
  ]);
  await store.ingest(makeDocument({ id: 'state-1', text: STATE_TEXT, title: 'Base in Erbil hit', outlet: 'State TV', published: '2024-01-02' }), [
    makeEvent({ doc_id: 'state-1', event_id: 'state-1:1', event_date: '2024-01-01', evidence: [{ field: 'launched', start: 0, end: 13, rule: 'count-before-weapon', quote: 'Three rockets' }], loaded_wording: [{ word: 'occupation base', start: 22, end: 37 }] }),
  ]);
  await store.ingest(makeDocument({ id: 'local-2', text: LOCAL_TEXT, title: 'Drone downed', outlet: 'Local Post', published: '2024-01-06' }), [
    makeEvent({ doc_id: 'local-2', event_id: 'local-2:1', event_date: '2024-01-05', evidence: [{ field: 'weapons', start: 2, end: 7, rule: 'weapon-lexicon:drone' }] }),
  ]);
  const erbil: IncidentRecord = makeIncident({
    incident_id: 'inc-erbil',
    event_date: '2024-01-01',
    date_precision: 'day',
    country: 'IQ',
    admin1: 'Erbil',
    location: 'Erbil Air Base',
    latitude: 36.24,
    longitude: 43.96,
    geo_precision: 1,
    weapons: ['rocket'],
    launched: 2,
    fatalities: 0,
    claimed_by: ['Kataib Hezbollah'],
    doc_ids: ['wire-1', 'state-1'],
    reports: [
      { doc_id: 'wire-1', event_id: 'wire-1:1', outlet: 'Test Wire', published: '2024-01-02' },
      { doc_id: 'state-1', event_id: 'state-1:1', outlet: 'State TV', published: '2024-01-02' },
    ],
    disputes: [{ field: 'launched', values: [{ value: 2, speaker: 'a U.S. official', outlet: 'Test Wire', start: 0, end: 11 }, { value: 3, speaker: 'State TV', outlet: 'State TV', start: 0, end: 13 }] }],
    fields: {
      launched: {
        best: 2, low: 2, high: 3, disputed: true, confirmation: 'confirmed', revisions: [],
        assertions: [
          assertion({ value: 2, min: 2, max: 2, speaker: 'a U.S. official', outlet: 'Test Wire', start: 0, end: 11, quote: 'Two rockets struck the Erbil air base on Monday', doc_id: 'wire-1', report_outlet: 'Test Wire' }),
          assertion({ value: 3, min: 3, max: 3, speaker: 'State TV', outlet: 'State TV', start: 0, end: 13, quote: 'Three rockets hit the occupation base', doc_id: 'state-1', report_outlet: 'State TV' }),
        ],
      },
    },
    claims: [{ claimant: 'Kataib Hezbollah', claimant_id: 'kataib-hezbollah', known_actor: true, channel: null, speaker: 'Test Wire', outlet: 'Test Wire', quote: 'Kataib Hezbollah claimed the attack.', start: 70, end: 106 }],
    evidence: [{ field: 'location', start: 23, end: 37, rule: 'facility', doc_id: 'wire-1' } as IncidentRecord['evidence'][number]],
    loaded_wording: [{ word: 'occupation base', start: 22, end: 37, outlet: 'State TV', doc_id: 'state-1' }],
  });
  const incidents = [
    erbil,
    makeIncident({ incident_id: 'inc-asad', event_date: '2024-01-05', country: 'IQ', admin1: 'Al Anbar', location: 'Al Asad Air Base', latitude: 33.79, longitude: 42.44, geo_precision: 1, weapons: ['drone'], launched: 1, intercepted: 1, doc_ids: ['local-2'], reports: [{ doc_id: 'local-2', event_id: 'local-2:1', outlet: 'Local Post', published: '2024-01-06' }] }),
    makeIncident({ incident_id: 'inc-hasakah', event_date: '2024-01-20', country: 'SY', admin1: 'Al Hasakah', location: 'Tal Baydar', latitude: 36.65, longitude: 40.6, geo_precision: 1, weapons: ['one_way_attack_drone'], fatalities: 1, actor1: 'Islamic Resistance in Iraq' }),
    makeIncident({ incident_id: 'inc-tower', event_date: '2024-01-28', country: 'JO', admin1: null, location: 'Tower 22', latitude: 33.32, longitude: 38.69, geo_precision: 1, weapons: ['drone'], fatalities: 3, injured: 34 }),
    makeIncident({ incident_id: 'inc-undated', event_date: null, country: 'IQ', weapons: [] }),
  ];
  await store.applyIncidentPlan({
    at: '2024-02-01T00:00:00.000Z',
    upserts: incidents.map((record) => ({ record, members: record.incident_id === 'inc-erbil' ? ['wire-1:1', 'state-1:1'] : record.incident_id === 'inc-asad' ? ['local-2:1'] : [], change: { kind: 'created' as const } })),
    removals: [{ id: 'inc-absorbed', aliasTo: 'inc-erbil', change: { kind: 'merged-into', into: 'inc-erbil' } }],
  });
}

export interface TestServer {
  base: string;
  app: FastifyInstance;
  store: Repository;
  close(): Promise<void>;
}

const noContext = (): StageContext => {
  throw new Error('this test server has no extraction context');
};

/** A seeded store in a temp file and a server on 127.0.0.1 at a free port. */
export async function startTestServer(opts: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-api-'));
  const store = opts.store ?? openSqliteStore(join(dir, 'api.db'));
  if (!opts.store) await seedStore(store);
  const app = await buildServer({ context: noContext, log: () => {}, ...opts, store });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    base: `http://127.0.0.1:${port}`,
    app,
    store,
    async close() {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
