/**
 * Crash safety in CI: a few SIGKILLs of `sitrep ingest` at random points (npm run kill-test does twenty or more).
 * See scripts/kill-harness.ts for what is checked after each kill and at the end.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runKillTest } from '../scripts/kill-harness.js';

test('SIGKILL during ingest never leaves a broken store; a rerun completes without duplicates', { timeout: 600_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sitrep-kill-'));
  try {
    const seed = Number(process.env.KILL_SEED ?? 7);
    const r = await runKillTest({ dir, documents: Number(process.env.KILL_DOCS ?? 2000), kills: Number(process.env.KILL_POINTS ?? 5), seed });
    assert.deepEqual(r.problems, []);
    assert.ok(r.kills >= 5, `${r.kills} kills landed`);
    assert.equal(r.finalDocuments, r.documents);
    assert.equal(r.finalEvents, r.expectedEvents);
    assert.ok(r.expectedEvents > r.documents / 2, `${r.expectedEvents} events`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
