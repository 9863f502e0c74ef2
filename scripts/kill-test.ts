/**
 * npm run kill-test: SIGKILL `sitrep ingest` at KILL_POINTS (default 20) random points over a generated corpus of
 * KILL_DOCS (default 3000) short reports, restart it each time, and check the store after every kill and at the end
 * (see kill-harness.ts). KILL_SEED reproduces a run. Exit code 1 when any check failed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKillTest } from './kill-harness.js';

const num = (name: string, dflt: number): number => (process.env[name] ? Number(process.env[name]) : dflt);
const documents = num('KILL_DOCS', 3000);
const kills = Math.max(20, num('KILL_POINTS', 20));
const seed = num('KILL_SEED', Date.now() % 1_000_000);
const dir = await mkdtemp(join(tmpdir(), 'sitrep-kill-'));
const started = Date.now();
try {
  const r = await runKillTest({ dir, documents, kills, seed, log: (l) => process.stderr.write(`kill-test: ${l}\n`) });
  const out = [
    `sitrep kill-test (seed ${seed}): ${r.kills} SIGKILLs during ingest of ${r.documents} documents (${r.killsBeforeFirstStore} before the run stored anything, ${r.completedBeforeKill} run(s) finished before their kill point) in ${Math.round((Date.now() - started) / 1000)} s`,
    `  documents stored at each kill: ${r.storedAtKill.join(', ')}`,
    `  after every kill: integrity_check, foreign keys, document hashes and complete events checked`,
    `  final run: ${r.finalDocuments} documents, ${r.finalEvents} events (extract finds ${r.expectedEvents}), ${r.finalIncidents} incidents`,
    `  problems: ${r.problems.length ? '' : 'none'}`,
    ...r.problems.slice(0, 30).map((p) => `    ${p}`),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  process.exitCode = r.problems.length || r.kills < kills ? 1 : 0;
} finally {
  await rm(dir, { recursive: true, force: true });
}
