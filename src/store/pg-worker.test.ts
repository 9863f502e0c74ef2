/**
 * The PostgreSQL job queue and workers. Needs SITREP_TEST_PG (see pg-store.test.ts); skipped without it. Each run
 * works in schemas of its own, dropped at the end.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createDocument, type NewDocument } from '../core/document.js';
import { createContext, extract } from '../pipeline.js';
import type { StageContext } from '../stages/context.js';
import { runWorker } from '../worker/worker.js';
import { PgJobQueue } from './pg-queue.js';
import { openPgStore, type PgStore } from './pg-store.js';
import { PG_SKIP, TEST_PG_URL, testSchemas, urlWithSchema } from './pg-test-schemas.js';
import { makeDocument, makeEvent } from './repository-contract.js';

const root = new URL('../..', import.meta.url).pathname;

/**
 * Thirty short reports written for this test: ten attacks, each told by three outlets with their own wording and,
 * now and then, their own figures, so that concurrent workers must merge reports of one attack into one incident.
 */
export function workerCorpus(): NewDocument[] {
  const attacks = [
    { place: 'Erbil air base', country: 'Iraq', weapon: 'drones', n: 2, day: 'Monday', published: '2024-01-09', claim: 'the Islamic Resistance in Iraq' },
    { place: 'Ain al-Asad air base', country: 'Iraq', weapon: 'rockets', n: 4, day: 'Tuesday', published: '2024-01-17', claim: null },
    { place: 'the Tal Baydar base in Hasakah province', country: 'Syria', weapon: 'rockets', n: 3, day: 'Saturday', published: '2024-01-21', claim: null },
    { place: 'the Conoco gas field in Deir ez-Zor', country: 'Syria', weapon: 'drones', n: 1, day: 'Wednesday', published: '2024-02-01', claim: 'the Islamic Resistance in Iraq' },
    { place: 'Baghdad airport', country: 'Iraq', weapon: 'rockets', n: 2, day: 'Thursday', published: '2024-02-09', claim: null },
    { place: 'Al-Tanf garrison', country: 'Syria', weapon: 'drones', n: 3, day: 'Friday', published: '2024-02-17', claim: 'Kataib Hezbollah' },
    { place: 'the Harir base north of Erbil', country: 'Iraq', weapon: 'drones', n: 2, day: 'Sunday', published: '2024-02-26', claim: null },
    { place: 'the Green Village base in Deir ez-Zor', country: 'Syria', weapon: 'rockets', n: 5, day: 'Monday', published: '2024-03-05', claim: null },
    { place: 'Victory base near Baghdad airport', country: 'Iraq', weapon: 'drones', n: 1, day: 'Tuesday', published: '2024-03-13', claim: 'the Islamic Resistance in Iraq' },
    { place: 'the Shaddadi base in Hasakah province', country: 'Syria', weapon: 'rockets', n: 6, day: 'Wednesday', published: '2024-03-21', claim: null },
  ];
  const words = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven'];
  const docs: NewDocument[] = [];
  attacks.forEach((a, i) => {
    const injured = i % 3;
    const tellings = [
      {
        outlet: 'Valley Courier',
        text: `${words[a.n][0].toUpperCase()}${words[a.n].slice(1)} ${a.weapon} were launched at ${a.place} in ${a.country} on ${a.day}, a U.S. official told the Valley Courier. ` +
          `${injured ? `${words[injured][0].toUpperCase()}${words[injured].slice(1)} service members suffered minor injuries.` : 'There were no casualties.'}` +
          `${a.claim ? ` ${a.claim[0].toUpperCase()}${a.claim.slice(1)} claimed responsibility for the attack.` : ''}`,
      },
      {
        outlet: 'Harbour Post',
        text: `Coalition forces at ${a.place} came under attack by ${a.weapon} on ${a.day}, the Harbour Post reported. ` +
          `A military spokesperson said ${words[a.n]} ${a.weapon} were involved and ${injured ? `${words[injured]} people were hurt` : 'nobody was hurt'}.`,
      },
      {
        outlet: 'Northern Wire',
        text: `${a.claim ? `${a.claim[0].toUpperCase()}${a.claim.slice(1)} said it targeted` : 'Unknown attackers targeted'} ${a.place} with ${a.weapon} on ${a.day}. ` +
          `Local sources told the Northern Wire that ${words[Math.min(7, a.n + (i % 2))]} ${a.weapon} were seen and ${injured ? 'several people were wounded' : 'no damage was reported'}. Report ${i + 1}.`,
      },
    ];
    tellings.forEach((t, j) => docs.push({ id: `attack-${i + 1}-${j + 1}`, text: t.text, outlet: t.outlet, published: a.published, source: `worker-test/${i + 1}-${j + 1}` }));
  });
  return docs;
}

if (PG_SKIP) test('PostgreSQL job queue and workers', { skip: PG_SKIP }, () => {});
else describe('PostgreSQL job queue and workers', () => {
  const url = TEST_PG_URL ?? '';
  const schemas = testSchemas('sitrep_w');
  const fresh = () => schemas.fresh();
  const withSchema = (schema: string) => urlWithSchema(url, schema);
  let ctx: StageContext;
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-worker-'));

  before(() => {
    ctx = createContext({ now: () => new Date('2026-01-01T00:00:00Z') });
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await schemas.dropAll(url);
  });

  const sitrep = (args: string[]) => spawnSync(process.execPath, [join(root, 'bin/sitrep.js'), ...args], { encoding: 'utf8', cwd: root });
  const sitrepAsync = (args: string[]) =>
    new Promise<{ status: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [join(root, 'bin/sitrep.js'), ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stderr }));
    });

  test('two worker processes ingest an enqueued corpus: every document once, no job left, incidents as one process makes them', async () => {
    const schema = fresh();
    const db = withSchema(schema);
    const corpus = workerCorpus();
    assert.equal(corpus.length, 30);
    const file = join(dir, 'corpus.jsonl');
    writeFileSync(file, corpus.map((d) => JSON.stringify(d)).join('\n') + '\n');

    const first = sitrep(['enqueue', file, '--db', db]);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stderr, /30 job\(s\) enqueued, 0 queued already/);
    assert.ok(!first.stderr.includes(':sitrep@'), 'the password is not printed');
    const again = sitrep(['enqueue', file, '--db', db]);
    assert.match(again.stderr, /0 job\(s\) enqueued, 30 queued already/);

    const workers = await Promise.all([0, 1].map(() => sitrepAsync(['worker', '--db', db, '--once', '--poll', '50'])));
    for (const w of workers) assert.equal(w.status, 0, w.stderr);
    const done = workers.map((w) => Number(/(\d+) job\(s\) done/.exec(w.stderr)?.[1]));
    assert.equal(done[0] + done[1], 30, workers.map((w) => w.stderr).join('\n'));

    const store = await openPgStore(db);
    try {
      assert.equal(await store.countDocuments(), 30);
      const { rows } = await store.pool.query('SELECT count(DISTINCT content_hash)::int AS n FROM documents');
      assert.equal(rows[0].n, 30);
      assert.deepEqual(await new PgJobQueue(store).counts(), { pending: 0, running: 0, done: 30, failed: 0 });
      const orphans = await store.pool.query('SELECT count(*)::int AS n FROM jobs j WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.content_hash = j.content_hash)');
      assert.equal(orphans.rows[0].n, 0);
      assert.ok((await store.countEvents()) > 0);
      assert.deepEqual(await store.eventsWithoutIncident(), []);
      // Every member of an incident is an event of a report the incident lists.
      const members = await store.pool.query(
        `SELECT count(*)::int AS n FROM incident_members m JOIN incidents i USING (incident_id) JOIN events e USING (event_id)
         WHERE NOT (i.record->'doc_ids') ? e.doc_id`,
      );
      assert.equal(members.rows[0].n, 0);
      assert.equal(sitrep(['enqueue', file, '--db', db]).stderr.match(/30 stored already/)?.length, 1);
    } finally {
      await store.close();
    }

    // The same corpus ingested by one process into SQLite gives the same incidents: concurrency changed nothing.
    const sqlite = join(dir, 'sequential.db');
    const seq = sitrep(['ingest', file, '--db', sqlite]);
    assert.equal(seq.status, 0, seq.stderr);
    const incidents = (spec: string) =>
      sitrep(['incidents', '--json', '--db', spec]).stdout.trim().split('\n').filter(Boolean).map((l) => {
        const { created_at: _c, updated_at: _u, ...rest } = JSON.parse(l) as Record<string, unknown>;
        return rest;
      });
    const fromPg = incidents(db);
    assert.ok(fromPg.length > 0 && fromPg.length < 30, `${fromPg.length} incidents`);
    assert.deepEqual(fromPg, incidents(sqlite));
  });

  test('a dead worker’s job is taken back when its lease runs out, and a lost lease cannot finish a job', async () => {
    const store = await openPgStore(url, { schema: fresh() });
    try {
      const queue = new PgJobQueue(store);
      const [doc] = workerCorpus();
      assert.equal(await queue.enqueue(doc), 'enqueued');
      const dead = await queue.claim('dead-worker', 50);
      assert.ok(dead);
      await new Promise((r) => setTimeout(r, 120));
      const summary = await runWorker(store, ctx, { once: true, pollMs: 20, workerId: 'live' });
      assert.equal(summary.done, 1);
      assert.equal(summary.inserted, 1);
      const { rows } = await store.pool.query('SELECT state, attempts, last_error FROM jobs');
      assert.equal(rows[0].state, 'done');
      assert.equal(rows[0].attempts, 2);
      assert.match(rows[0].last_error, /dead-worker stopped before finishing/);
      // The dead worker wakes up: its writes are fenced off.
      assert.equal(await queue.complete(dead, { late: true }), false);
      assert.equal(await queue.heartbeat(dead, 1000), false);
      assert.equal(await queue.fail(dead, 'late'), 'lost');
      assert.equal(await store.countDocuments(), 1);
    } finally {
      await store.close();
    }
  });

  test('a job that keeps failing is retried, then marked failed with its error; bad payloads fail at once', async () => {
    const store = await openPgStore(url, { schema: fresh() });
    try {
      const queue = new PgJobQueue(store);
      const docs = workerCorpus();
      assert.equal(await queue.enqueue(docs[0], { maxAttempts: 3 }), 'enqueued');
      for (let attempt = 1; attempt <= 3; attempt++) {
        const job = await queue.claim('w', 10_000);
        assert.equal(job?.attempt, attempt);
        assert.equal(await queue.fail(job!, `boom ${attempt}`, { retryDelayMs: 0 }), attempt < 3 ? 'pending' : 'failed');
      }
      assert.equal(await queue.claim('w', 10_000), null);
      assert.deepEqual((await queue.failed()).map((f) => [f.attempts, f.lastError, f.source]), [[3, 'boom 3', 'worker-test/1-1']]);
      // Enqueueing the failed document again re-arms it, once.
      assert.equal(await queue.enqueue(docs[0]), 'rearmed');
      assert.equal(await queue.enqueue(docs[0]), 'queued');

      // A payload that is no document fails on its first attempt, whatever max_attempts says.
      await store.pool.query(`INSERT INTO jobs (content_hash, payload, max_attempts) VALUES ('not-a-doc', '{"source": "x"}', 5)`);
      const events: string[] = [];
      const summary = await runWorker(store, ctx, { once: true, pollMs: 20, onEvent: (e) => events.push(e.kind) });
      assert.equal(summary.failed, 1);
      assert.equal(summary.done, 1);
      const bad = await store.pool.query(`SELECT state, attempts, last_error FROM jobs WHERE content_hash = 'not-a-doc'`);
      assert.deepEqual([bad.rows[0].state, bad.rows[0].attempts], ['failed', 1]);
      assert.match(bad.rows[0].last_error, /DATA_INVALID/);
      assert.deepEqual(await queue.counts(), { pending: 0, running: 0, done: 1, failed: 1 });
    } finally {
      await store.close();
    }
  });

  test('a worker that died between storing a document and resolving it: the retry resolves its events', async () => {
    const store = await openPgStore(url, { schema: fresh() });
    try {
      const queue = new PgJobQueue(store);
      const doc = workerCorpus()[3];
      await queue.enqueue(doc);
      const dead = await queue.claim('dead-worker', 50);
      assert.ok(dead);
      // What the dead worker got done: the document and its events, in their transaction; no incidents.
      const { doc: extracted, events } = extract(createDocument(doc), ctx);
      assert.ok(events.length > 0);
      await store.ingest(extracted, events);
      await new Promise((r) => setTimeout(r, 120));
      const seen: string[] = [];
      const summary = await runWorker(store, ctx, { once: true, pollMs: 20, onEvent: (e) => seen.push(e.kind) });
      assert.deepEqual([summary.done, summary.unchanged], [1, 1]);
      assert.equal(summary.incidents.created, 1);
      assert.ok(!seen.includes('resolved-pending'), seen.join(','));
      assert.deepEqual(await store.eventsWithoutIncident(), []);
    } finally {
      await store.close();
    }
  });

  test('events a stopped ingest left without an incident are resolved by the next idle worker', async () => {
    const store = await openPgStore(url, { schema: fresh() });
    try {
      const doc = makeDocument({ id: 'left', text: 'Two rockets hit the depot at Harlow Ridge on Monday.', published: '2024-03-05' });
      await store.ingest(doc, [makeEvent({ doc_id: 'left', event_id: 'left:1', event_date: '2024-03-04' })]);
      assert.equal((await store.eventsWithoutIncident()).length, 1);
      const summary = await runWorker(store, ctx, { once: true, pollMs: 20 });
      assert.equal(summary.incidents.created, 1);
      assert.deepEqual(await store.eventsWithoutIncident(), []);
    } finally {
      await store.close();
    }
  });
});
