/**
 * The PostgreSQL store: the shared contract, plus what only PostgreSQL has (schemas, migrations under a lock,
 * tsvector search, PostGIS, the incident lock). Needs SITREP_TEST_PG, a postgres:// URL to a database this user
 * may create schemas in (`.ci/postgres.sh start DIR` makes one); without it the suite is skipped. Every store
 * opened here lives in a schema of its own, named after this run, and all of them are dropped at the end.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { SitrepError } from '../core/errors.js';
import { PG_MIGRATIONS } from './pg-migrations.js';
import { PG_SKIP, TEST_PG_URL, testSchemas, urlWithSchema } from './pg-test-schemas.js';
import { openPgStore, parsePgUrl, redactUrl, toPgSearchTerms, type PgStore, type PgStoreOptions } from './pg-store.js';
import { makeDocument, makeEvent, makeIncident, repositoryContract } from './repository-contract.js';


describe('PostgreSQL search terms (no server needed)', () => {
  test('words go to plainto_tsquery; prefixes keep letters and digits only', () => {
    assert.deepEqual(toPgSearchTerms('drone strike'), { words: 'drone strike', prefixes: [] });
    assert.deepEqual(toPgSearchTerms('dro* erbil'), { words: 'erbil', prefixes: ['dro'] });
    assert.deepEqual(toPgSearchTerms("al-Asa'*"), { words: 'al', prefixes: ['asa'] });
    assert.deepEqual(toPgSearchTerms("x':*|y*"), { words: 'x', prefixes: ['y'] });
    assert.equal(toPgSearchTerms('* - ( ) "'), null);
    assert.equal(toPgSearchTerms(''), null);
    assert.deepEqual(toPgSearchTerms('a\u0000b'), { words: 'a b', prefixes: [] });
  });

  test('URLs: the schema parameter is split off and passwords never show', () => {
    assert.deepEqual(parsePgUrl('postgres://u:p@h:5/db?schema=abc&sslmode=disable'), { connectionString: 'postgres://u:p@h:5/db?sslmode=disable', schema: 'abc', options: null });
    assert.equal(parsePgUrl('postgres://h/db?options=-c%20statement_timeout%3D5000').options, '-c statement_timeout=5000');
    assert.equal(parsePgUrl('postgresql://h/db').schema, null);
    assert.equal(redactUrl('postgres://u:secret@h/db'), 'postgres://u:***@h/db');
  });
});

// Without a server, one skipped test says why (a skipped suite would not count in the runner's totals).
if (PG_SKIP) test('PostgreSQL store: the repository contract and the PostgreSQL-only tests', { skip: PG_SKIP }, () => {});
else describe('PostgreSQL store', () => {
  const url = TEST_PG_URL ?? '';
  const schemas = testSchemas('sitrep_t');
  const freshSchema = () => schemas.fresh();
  const open = (opts: PgStoreOptions = {}) => openPgStore(url, { schema: freshSchema(), poolSize: 4, ...opts });

  after(() => schemas.dropAll(url));

  repositoryContract('postgresql', () => open());

  describe('PostgreSQL only', () => {
    test('migrations: applied once under the lock, however many processes open a new schema at once', async () => {
      const schema = freshSchema();
      const stores = await Promise.all([1, 2, 3, 4].map(() => openPgStore(url, { schema, poolSize: 2 })));
      try {
        for (const s of stores) assert.equal(await s.schemaVersion(), PG_MIGRATIONS.length);
        const { rows } = await stores[0].pool.query('SELECT version, name FROM schema_migrations ORDER BY version');
        assert.deepEqual(rows, PG_MIGRATIONS.map((m, i) => ({ version: i + 1, name: m.name })));
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    });

    test('the schema is in the URL too, and data is kept across reopen', async () => {
      const schema = freshSchema();
      const first = await openPgStore(urlWithSchema(url, schema), { now: () => new Date('2024-05-01T12:00:00.000Z') });
      assert.equal(first.schema, schema);
      await first.putDocument(makeDocument({ id: 'kept', text: 'A drone was shot down over the harbour.' }));
      await first.close();
      const second = await openPgStore(url, { schema, now: () => new Date('2030-01-01T00:00:00.000Z') });
      try {
        assert.equal((await second.getDocument('kept'))?.ingestedAt, '2024-05-01T12:00:00.000Z');
        assert.deepEqual((await second.searchDocuments('harbour')).map((h) => h.id), ['kept']);
      } finally {
        await second.close();
      }
    });

    test('a store newer than this code, a bad schema name and an unreachable server are STORE_FAILURE', async () => {
      const schema = freshSchema();
      const s = await openPgStore(url, { schema });
      await s.pool.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', now())");
      await s.close();
      await assert.rejects(openPgStore(url, { schema }), (e: unknown) => e instanceof SitrepError && e.code === 'STORE_FAILURE' && /version 999/.test(e.message));
      await assert.rejects(openPgStore(url, { schema: 'Robert"); DROP' }), (e: unknown) => e instanceof SitrepError && e.code === 'STORE_FAILURE');
      await assert.rejects(openPgStore('postgres://nobody:hunter2@127.0.0.1:1/none'), (e: unknown) => e instanceof SitrepError && e.code === 'STORE_FAILURE' && !e.oneLine().includes('hunter2'));
    });

    test('search stems English words, folds accents when unaccent is there, and takes prefixes', async () => {
      const s = await open();
      try {
        await s.putDocument(makeDocument({ id: 'k', text: 'Drones attacked the power station in Kyïv overnight.' }));
        assert.deepEqual((await s.searchDocuments('drone attack')).map((h) => h.id), ['k']);
        assert.deepEqual((await s.searchDocuments('pow*')).map((h) => h.id), ['k']);
        assert.deepEqual((await s.searchDocuments('kyïv')).map((h) => h.id), ['k']);
        const unaccent = (await s.pool.query("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'")).rowCount;
        if (unaccent) assert.deepEqual((await s.searchDocuments('kyiv')).map((h) => h.id), ['k']);
        for (const q of ["x':*", 'a\\*', "'*", '&*', '!!*', '<->*', 'dro*:*']) assert.ok(Array.isArray(await s.searchDocuments(q)), q);
      } finally {
        await s.close();
      }
    });

    test('feed state round-trips and is replaced whole', async () => {
      const s = await open();
      try {
        assert.equal(await s.getFeedState('https://wire.example/feed'), null);
        const state = { url: 'https://wire.example/feed', etag: '"abc"', lastModified: 'Tue, 05 Mar 2024 10:00:00 GMT', lastChecked: '2024-03-05T10:00:00.000Z', failures: 0, lastError: null, seen: ['a', 'b'] };
        await s.putFeedState(state);
        assert.deepEqual(await s.getFeedState(state.url), state);
        const next = { ...state, etag: null, failures: 2, lastError: 'timeout', seen: ['a', 'b', 'c'] };
        await s.putFeedState(next);
        assert.deepEqual(await s.getFeedState(state.url), next);
      } finally {
        await s.close();
      }
    });

    test('two writers of the same content at once store it once', async () => {
      const schema = freshSchema();
      const a = await openPgStore(url, { schema });
      const b = await openPgStore(url, { schema });
      try {
        for (let i = 0; i < 10; i++) {
          const doc = makeDocument({ id: `same-${i}`, text: `Shelling hit the rail depot at kilometre ${i}.` });
          const events = [makeEvent({ doc_id: doc.meta.id, event_id: `${doc.meta.id}:1`, event_date: '2024-01-02' })];
          const results = await Promise.all([a.ingest(doc, events), b.ingest(doc, events)]);
          assert.deepEqual(results.map((r) => r.status).sort(), ['inserted', 'unchanged']);
          assert.equal(results.reduce((sum, r) => sum + r.events, 0), 1);
        }
        assert.equal(await a.countDocuments(), 10);
        assert.equal(await a.countEvents(), 10);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    test('the incident lock admits one holder at a time, across stores as across processes', async () => {
      const schema = freshSchema();
      const stores = await Promise.all([0, 1, 2].map(() => openPgStore(url, { schema, poolSize: 2 })));
      try {
        const timeline: string[] = [];
        let inside = 0;
        const hold = (s: PgStore, name: string) =>
          s.withIncidentLock(async () => {
            inside++;
            assert.equal(inside, 1, 'two holders at once');
            timeline.push(`${name}+`);
            await new Promise((r) => setTimeout(r, 30));
            // Work under the lock uses the pool while the lock holds a connection.
            await s.countDocuments();
            timeline.push(`${name}-`);
            inside--;
            return name;
          });
        const names = await Promise.all(stores.flatMap((s, i) => [hold(s, `s${i}a`), hold(s, `s${i}b`), hold(s, `s${i}c`)]));
        assert.equal(names.length, 9);
        assert.equal(timeline.length, 18);
        for (let i = 0; i < timeline.length; i += 2) assert.equal(timeline[i].slice(0, -1), timeline[i + 1].slice(0, -1));
        // An error under the lock releases it.
        await assert.rejects(stores[0].withIncidentLock(async () => { throw new Error('boom'); }));
        assert.equal(await stores[1].withIncidentLock(async () => 'free'), 'free');
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    });

    test('bbox gives the same answer with and without PostGIS, and uses the GiST index when it can', async (t) => {
      const schema = freshSchema();
      const withGeo = await openPgStore(url, { schema });
      const plain = await openPgStore(url, { schema, postgis: false });
      try {
        assert.equal(plain.postgis, false);
        await withGeo.putDocument(makeDocument({ id: 'grid', text: 'A grid of places.' }));
        const upserts = [];
        let k = 0;
        for (let lat = -80; lat <= 80; lat += 10) {
          for (let lon = -175; lon <= 175; lon += 25) {
            const id = `inc-${String(k++).padStart(3, '0')}`;
            upserts.push({ record: makeIncident({ incident_id: id, event_date: '2024-01-01', latitude: lat, longitude: lon }), members: [], change: { kind: 'created' as const } });
          }
        }
        await withGeo.applyIncidentPlan({ at: '2024-01-02T00:00:00.000Z', upserts, removals: [] });
        const boxes: [number, number, number, number][] = [[-10, -10, 10, 10], [-175, 60, -150, 80], [0, 0, 100, 45], [24.99, 29.99, 25.01, 30.01], [-180, -90, 180, 90], [100, -80, 175, -70], [-50, -20, 120, 20]];
        for (const box of boxes) {
          const a = (await withGeo.listIncidents({ bbox: box })).map((i) => i.incident_id);
          const b = (await plain.listIncidents({ bbox: box })).map((i) => i.incident_id);
          assert.deepEqual(a, b, box.join(','));
        }
        if (!withGeo.postgis) {
          t.diagnostic('PostGIS is not available here: only the lat/lon path ran');
          return;
        }
        const c = await withGeo.pool.connect();
        try {
          await c.query('SET enable_seqscan = off');
          const plan = await c.query(
            `EXPLAIN SELECT incident_id FROM incidents i WHERE i.geog OPERATOR(public.&&) public.ST_MakeEnvelope(0, 0, 10, 10, 4326)::public.geography`,
          );
          assert.match(plan.rows.map((r) => r['QUERY PLAN']).join('\n'), /incidents_geog/);
        } finally {
          c.release();
        }
      } finally {
        await Promise.all([withGeo.close(), plain.close()]);
      }
    });
  });
});
