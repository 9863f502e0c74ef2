/**
 * Crash safety: `sitrep ingest` over a generated corpus into a SQLite file, killed with SIGKILL at random points
 * and restarted each time. After every kill the file must pass PRAGMA integrity_check and foreign_key_check, and
 * every stored document must be whole: its text hashes to its content_hash and all of its events are stored
 * (the expected events come from a `sitrep extract` run over the same corpus). A final run must complete with no
 * duplicates: one document per corpus line, each event id once, every event in exactly one incident.
 * Used by test/kill.test.ts (a few kills) and scripts/kill-test.ts (npm run kill-test, twenty or more).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { prng } from './prng.js';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin', 'sitrep.js');


const PLACES = ['Erbil', 'Kirkuk', 'Mosul', 'Basra', 'Baghdad airport', 'Ain al-Asad air base', 'Hasakah', 'Deir ez-Zor', 'Aden', 'Hodeidah', 'Kharkiv', 'Odesa', 'Sanaa', 'Tal Baydar', 'Marib'];
const WEAPONS = ['rockets', 'drones', 'mortar rounds', 'ballistic missiles', 'artillery shells'];
const COUNTS = ['Two', 'Three', 'Four', 'Five', 'Six', 'At least two', 'Several'];
const TARGETS = ['a military base near', 'a checkpoint outside', 'a fuel depot in', 'an air base near', 'a market in', 'a police station in'];
const SPEAKERS = ['officials said', 'a U.S. official said', 'the regional governor said', 'local media reported', 'a security source told reporters'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const QUIET = [
  'The provincial council approved a new budget for road repairs after a long debate.',
  'A film about the war opened in cinemas across the country to mixed reviews.',
  'Officials held a memorial ceremony for the victims of the flood last year.',
];

/** `n` short reports as JSON Lines, each with a unique id and text, dated across several years. */
export function generateCorpus(n: number, seed: number): string {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    // One report a day or so, so that no incident gathers hundreds of reports.
    const published = new Date(Date.UTC(2015, 0, 1) + (i * 2 + Math.floor(rnd() * 2)) * 86_400_000).toISOString().slice(0, 10);
    const place = pick(PLACES);
    let text = `${pick(COUNTS)} ${pick(WEAPONS)} struck ${pick(TARGETS)} ${place} on ${pick(DAYS)}, killing ${Math.floor(rnd() * 6)} people and wounding ${Math.floor(rnd() * 20)}, ${pick(SPEAKERS)}.`;
    const kind = rnd();
    if (kind < 0.2) text += ` Hours later, ${pick(WEAPONS)} hit ${pick(TARGETS)} ${pick(PLACES.filter((p) => p !== place))}, ${pick(SPEAKERS)}.`;
    else if (kind < 0.3) text = pick(QUIET);
    else if (kind < 0.45) text += ` No group claimed responsibility for the attack.`;
    // Every text is unique, so every line is a document of its own.
    text += ` (Report ${i + 1} of the kill-test corpus.)`;
    lines.push(JSON.stringify({ id: `kill-${String(i).padStart(5, '0')}`, published, outlet: 'Kill Test Wire', title: `Report ${i + 1}`, text }));
  }
  return `${lines.join('\n')}\n`;
}

export interface KillOptions {
  dir: string;
  documents: number;
  kills: number;
  seed: number;
  log?: (line: string) => void;
}

export interface KillReport {
  documents: number;
  /** Kills that landed while the ingest was running. */
  kills: number;
  /** Of those, how many hit before the first document of that run was stored (start-up, migrations, resolving). */
  killsBeforeFirstStore: number;
  /** Documents stored when each kill landed. */
  storedAtKill: number[];
  /** Runs that finished before their kill point. */
  completedBeforeKill: number;
  expectedEvents: number;
  finalDocuments: number;
  finalEvents: number;
  finalIncidents: number;
  /** Every invariant that failed, one line each; empty when the store survived every kill. */
  problems: string[];
}

interface Snapshot { label: string; docs: Map<string, string[]> }

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function countDocuments(path: string): number | null {
  if (!existsSync(path)) return null;
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 200');
    return (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
  } catch {
    return null; // Not created or not migrated yet.
  } finally {
    db?.close();
  }
}

/** Integrity, and each stored document's hash and events; returns the problems and what is stored. */
export function inspect(path: string, label: string): { problems: string[]; snapshot: Snapshot } {
  const problems: string[] = [];
  const docs = new Map<string, string[]>();
  if (!existsSync(path)) return { problems, snapshot: { label, docs } };
  const db = new Database(path);
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`${label}: integrity_check says ${String(integrity)}`);
    const hasSchema = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'documents'").get();
    if (!hasSchema) return { problems, snapshot: { label, docs } };
    const fk = db.pragma('foreign_key_check') as unknown[];
    if (fk.length) problems.push(`${label}: foreign_key_check lists ${fk.length} row(s)`);
    for (const row of db.prepare('SELECT id, content_hash, text FROM documents').iterate() as IterableIterator<{ id: string; content_hash: string; text: string }>) {
      if (createHash('sha256').update(row.text, 'utf8').digest('hex') !== row.content_hash) problems.push(`${label}: document ${row.id} text does not hash to its content_hash`);
      docs.set(row.id, []);
    }
    for (const row of db.prepare('SELECT event_id, doc_id FROM events').iterate() as IterableIterator<{ event_id: string; doc_id: string }>) {
      const list = docs.get(row.doc_id);
      if (!list) problems.push(`${label}: event ${row.event_id} of a document that is not stored`);
      else list.push(row.event_id);
    }
  } finally {
    db.close();
  }
  return { problems, snapshot: { label, docs } };
}

function finalChecks(path: string, corpusIds: string[], expected: Map<string, string[]>): { problems: string[]; documents: number; events: number; incidents: number } {
  const problems: string[] = [];
  const db = new Database(path, { readonly: true });
  try {
    const ids = (db.prepare('SELECT id FROM documents ORDER BY id').all() as { id: string }[]).map((r) => r.id);
    if (ids.length !== corpusIds.length) problems.push(`final: ${ids.length} documents stored, the corpus has ${corpusIds.length}`);
    const missing = corpusIds.filter((id) => !ids.includes(id));
    if (missing.length) problems.push(`final: ${missing.length} corpus documents missing (first ${missing[0]})`);
    const dupEvents = db.prepare('SELECT event_id, count(*) AS n FROM events GROUP BY event_id HAVING n > 1').all();
    if (dupEvents.length) problems.push(`final: ${dupEvents.length} event ids stored more than once`);
    const events = (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    const expectedTotal = [...expected.values()].reduce((a, l) => a + l.length, 0);
    if (events !== expectedTotal) problems.push(`final: ${events} events stored, extract found ${expectedTotal}`);
    const orphans = (db.prepare('SELECT count(*) AS n FROM events e LEFT JOIN incident_members m ON m.event_id = e.event_id WHERE m.event_id IS NULL').get() as { n: number }).n;
    if (orphans) problems.push(`final: ${orphans} events in no incident`);
    const twice = db.prepare('SELECT event_id FROM incident_members GROUP BY event_id HAVING count(*) > 1').all();
    if (twice.length) problems.push(`final: ${twice.length} events in more than one incident`);
    const dangling = (db.prepare('SELECT count(*) AS n FROM incident_members m LEFT JOIN incidents i ON i.incident_id = m.incident_id WHERE i.incident_id IS NULL').get() as { n: number }).n;
    if (dangling) problems.push(`final: ${dangling} memberships of incidents that do not exist`);
    // Each incident's record lists exactly the events its memberships hold.
    const members = new Map<string, Set<string>>();
    for (const r of db.prepare('SELECT event_id, incident_id FROM incident_members').all() as { event_id: string; incident_id: string }[]) {
      (members.get(r.incident_id) ?? members.set(r.incident_id, new Set()).get(r.incident_id)!).add(r.event_id);
    }
    let mismatched = 0;
    for (const r of db.prepare('SELECT incident_id, record FROM incidents').all() as { incident_id: string; record: string }[]) {
      const reports = (JSON.parse(r.record) as { reports?: { event_id: string }[] }).reports ?? [];
      const held = members.get(r.incident_id) ?? new Set();
      if (reports.length !== held.size || reports.some((x) => !held.has(x.event_id))) mismatched++;
    }
    if (mismatched) problems.push(`final: ${mismatched} incidents whose reports differ from their members`);
    const incidents = (db.prepare('SELECT count(*) AS n FROM incidents').get() as { n: number }).n;
    return { problems, documents: ids.length, events, incidents };
  } finally {
    db.close();
  }
}

/** Every event `sitrep extract` finds in the corpus, by document id. */
function expectedEvents(corpus: string): Promise<Map<string, string[]>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'extract', corpus], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let err = '';
    child.stdout!.on('data', (c: Buffer) => chunks.push(c));
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`sitrep extract exited ${code}: ${err.slice(0, 500)}`));
      const map = new Map<string, string[]>();
      for (const line of Buffer.concat(chunks).toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        const ev = JSON.parse(line) as { doc_id: string; event_id: string };
        (map.get(ev.doc_id) ?? map.set(ev.doc_id, []).get(ev.doc_id)!).push(ev.event_id);
      }
      resolve(map);
    });
  });
}

export async function runKillTest(opts: KillOptions): Promise<KillReport> {
  const log = opts.log ?? (() => {});
  const rnd = prng(opts.seed);
  const corpus = join(opts.dir, 'corpus.jsonl');
  const db = join(opts.dir, 'kill.db');
  const text = generateCorpus(opts.documents, opts.seed);
  writeFileSync(corpus, text);
  const corpusIds = text.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);
  // The reference extraction runs beside the kill loop; snapshots are checked against it at the end.
  const expectedP = expectedEvents(corpus);
  expectedP.catch(() => {});

  const report: KillReport = { documents: opts.documents, kills: 0, killsBeforeFirstStore: 0, storedAtKill: [], completedBeforeKill: 0, expectedEvents: 0, finalDocuments: 0, finalEvents: 0, finalIncidents: 0, problems: [] };
  const snapshots: Snapshot[] = [];
  const ingest = (): ChildProcess => spawn(process.execPath, [BIN, 'ingest', corpus, '--db', db], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });

  for (let attempt = 0; report.kills < opts.kills && attempt < opts.kills * 3; attempt++) {
    const before = countDocuments(db) ?? 0;
    if (before >= opts.documents) break;
    const child = ingest();
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = exitOf(child);
    let done = false;
    void exited.then(() => (done = true));
    // Most kills land after a random number of further documents; some land during start-up.
    const early = rnd() < 0.15;
    const remaining = opts.documents - before;
    const left = opts.kills - report.kills;
    const target = before + 1 + Math.floor(rnd() * Math.max(1, Math.floor((2 * remaining) / (left + 1))));
    const started = Date.now();
    if (early) {
      await sleep(Math.floor(rnd() * 2500));
    } else {
      // Bounded wait: the store must reach the target, or the run end, within two minutes.
      while (!done && Date.now() - started < 120_000) {
        const n = countDocuments(db);
        if (n !== null && n >= target) break;
        await sleep(10);
      }
      await sleep(Math.floor(rnd() * 30));
    }
    if (done) {
      report.completedBeforeKill++;
      const code = await exited;
      if (code !== 0) report.problems.push(`run ${attempt + 1} exited ${code} before its kill point: ${stderr.trim().split('\n').at(-1) ?? ''}`);
      continue;
    }
    child.kill('SIGKILL');
    await exited;
    report.kills++;
    const { problems, snapshot } = inspect(db, `after kill ${report.kills}`);
    report.problems.push(...problems);
    snapshots.push(snapshot);
    report.storedAtKill.push(snapshot.docs.size);
    if (snapshot.docs.size === before) report.killsBeforeFirstStore++;
    log(`kill ${report.kills}: ${early ? 'during start-up, ' : ''}${snapshot.docs.size}/${opts.documents} documents stored, ${problems.length ? problems.join('; ') : 'store whole'}`);
  }

  // The final run goes to the end.
  const last = ingest();
  let lastErr = '';
  last.stderr!.on('data', (c: Buffer) => (lastErr += c.toString()));
  const code = await exitOf(last);
  if (code !== 0) report.problems.push(`the final run exited ${code}: ${lastErr.trim().split('\n').at(-1) ?? ''}`);
  const finalInspect = inspect(db, 'final');
  report.problems.push(...finalInspect.problems);
  snapshots.push(finalInspect.snapshot);

  const expected = await expectedP;
  report.expectedEvents = [...expected.values()].reduce((a, l) => a + l.length, 0);
  for (const s of snapshots) {
    for (const [docId, events] of s.docs) {
      const want = expected.get(docId) ?? [];
      const got = [...events].sort();
      if (got.length !== want.length || [...want].sort().some((e, i) => e !== got[i])) {
        report.problems.push(`${s.label}: document ${docId} has ${got.length} of its ${want.length} events`);
      }
    }
  }
  const fin = finalChecks(db, corpusIds, expected);
  report.problems.push(...fin.problems);
  report.finalDocuments = fin.documents;
  report.finalEvents = fin.events;
  report.finalIncidents = fin.incidents;
  return report;
}
