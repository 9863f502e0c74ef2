/**
 * Resolution is incremental (each report re-clusters only its mergeable component, read from the store around its
 * dates) yet must leave the store as one clustering of every event would, whatever the order reports arrive in.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { context } from '../../../test/helpers.js';
import { makeDocument, makeEvent } from '../../store/repository-contract.js';
import type { Repository } from '../../store/repository.js';
import { openSqliteStore } from '../../store/sqlite-store.js';
import { clusterEvents } from './cluster.js';
import { dateReach } from './compatibility.js';
import type { ExtractedEvent } from './contract.js';
import { resolveIncidents } from './resolve.js';

/** A seeded generator (mulberry32), so the reports are the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLACES = [
  { country: 'XA', admin1: 'North', location: 'Harlow Ridge depot', place_id: 'p-harlow', latitude: 36.2, longitude: 44.0, geo_precision: 1 },
  { country: 'XA', admin1: 'North', location: 'Selva', place_id: 'p-selva', latitude: 36.25, longitude: 44.05, geo_precision: 2 },
  { country: 'XA', admin1: 'North', location: 'North province', place_id: 'p-north', latitude: null, longitude: null, geo_precision: 3 },
  { country: 'XA', admin1: 'South', location: 'Brill air base', place_id: 'p-brill', latitude: 33.1, longitude: 45.2, geo_precision: 1 },
  { country: 'XB', admin1: 'East', location: 'Yarrow', place_id: 'p-yarrow', latitude: 34.0, longitude: 40.0, geo_precision: 2 },
  { country: null, admin1: null, location: null, place_id: null, latitude: null, longitude: null, geo_precision: null },
] as const;
const WEAPONS = [['drone'], ['rocket'], ['airstrike'], []];
const ACTORS = [{ actor1: null, inter1: null }, { actor1: 'Dawn Brigades', inter1: 3 }, { actor1: 'State forces', inter1: 1 }];
const PRECISIONS = ['day', 'day', 'day', 'day', 'week', 'month', 'unknown'] as const;

/** Reports of attacks at a few places over three weeks, dated as closely as reports are, some not at all. */
function reports(count: number, seed: number): { id: string; events: ExtractedEvent[] }[] {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  return Array.from({ length: count }, (_, i) => {
    const id = `r${String(i).padStart(3, '0')}`;
    const events = Array.from({ length: 1 + Math.floor(r() * 3) }, (_, k) => {
      const day = 1 + Math.floor(r() * 21);
      return makeEvent({
        doc_id: id,
        event_id: `${id}:${k + 1}`,
        event_date: r() < 0.05 ? null : `2024-03-${String(day).padStart(2, '0')}`,
        date_precision: pick(PRECISIONS),
        ...pick(PLACES),
        weapons: pick(WEAPONS),
        ...pick(ACTORS),
        outlet: pick(['Valley Courier', 'Harbour Post', 'Northern Wire']),
        published: '2024-03-25',
      });
    });
    return { id, events };
  });
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const r = random(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

async function ingestAll(store: Repository, docs: readonly { id: string; events: ExtractedEvent[] }[]): Promise<void> {
  let clock = 0;
  for (const d of docs) {
    await store.ingest(makeDocument({ id: d.id, text: `Report ${d.id} of attacks in March.` }), d.events);
    await resolveIncidents(store, d.events, context(), new Date(Date.UTC(2026, 0, 1, 0, 0, clock++)));
  }
}

const membersOf = (groups: readonly (readonly { event_id: string }[])[]) => groups.map((g) => g.map((e) => e.event_id).sort().join(' ')).sort();

test('report by report, in any order, the store holds the clustering of all the events at once', async () => {
  const docs = reports(50, 2024);
  const all = docs.flatMap((d) => d.events);
  const expected = membersOf(clusterEvents(all));
  assert.ok(expected.some((g) => g.split(' ').length >= 3), 'some incidents have three reports or more');
  const records: string[][] = [];
  for (const seed of [1, 7, 42]) {
    const store = openSqliteStore(':memory:');
    try {
      await ingestAll(store, shuffled(docs, seed));
      const incidents = await store.listIncidents();
      assert.deepEqual(membersOf(incidents.map((i) => i.reports)), expected);
      records.push(incidents.map(({ created_at, updated_at, ...rest }) => JSON.stringify(rest)).sort());
      assert.equal((await store.eventsWithoutIncident()).length, 0);
    } finally {
      await store.close();
    }
  }
  assert.deepEqual(records[1], records[0]);
  assert.deepEqual(records[2], records[0]);
});

test('a resolution reads only the events its dates can meet, not the archive', async () => {
  // A year of reports, one every few days, then a late report of an attack on 10 March.
  const year = reports(120, 7).map((d, i) => ({
    ...d,
    events: d.events.map((e) => ({ ...e, date_precision: 'day' as const, event_date: new Date(Date.UTC(2023, 0, 1 + i * 3)).toISOString().slice(0, 10) })),
  }));
  const store = openSqliteStore(':memory:');
  try {
    await ingestAll(store, year);
    const late = makeEvent({ doc_id: 'late', event_id: 'late:1', event_date: '2023-03-10', date_precision: 'day', ...PLACES[0], weapons: ['drone'] });
    await store.ingest(makeDocument({ id: 'late', text: 'A drone hit the Harlow Ridge depot on 10 March.' }), [late]);
    const read: ExtractedEvent[] = [];
    const watched = new Proxy(store, {
      get(target, key, receiver) {
        if (key !== 'eventsReaching') return Reflect.get(target, key, receiver);
        return async (...args: Parameters<Repository['eventsReaching']>) => {
          const found = await target.eventsReaching(...args);
          read.push(...found);
          return found;
        };
      },
    });
    await resolveIncidents(watched, [late], context(), new Date());
    assert.ok(read.length > 0);
    // Every event read can meet the new one's date, or one of the events linked to it: a few days around 10 March.
    const [from, to] = dateReach(late)!;
    for (const e of read) {
      const [a, b] = dateReach(e)!;
      assert.ok(b >= from - 10 && a <= to + 10, `${e.event_id} (${e.event_date}) is far from 10 March`);
    }
    assert.ok(read.length < (await store.countEvents()) / 10, `${read.length} events read`);
  } finally {
    await store.close();
  }
});
