/**
 * Throughput and memory: `npm run bench` (BENCH_DOCS=N for another corpus size; default 10,000).
 *
 * Builds a corpus of N reports of about 3 KB each: each text of ../shared/eval/reports-dev.jsonl (when present) and
 * of samples/ leads one document, followed by wire-style paragraphs made from templates in this file; the other
 * documents are such wire stories alone (places, dates, figures and sources varied by a seeded generator, so every
 * document is distinct). Then, each phase
 * in a child process of its own (so one phase's heap does not inflate the next one's peak):
 *   (a) a bare wink-nlp pass (its default pipeline, each text read and its tokens listed) over the texts
 *   (b) the full extraction pipeline (extract, one StageContext)
 *   (c) ingest into SQLite (ingestDocument into a temporary file)
 *   (d) ingest into PostgreSQL through the job queue with 1 and with 2 worker processes, when SITREP_BENCH_PG or
 *       SITREP_TEST_PG holds a postgres:// URL (each run in a schema of its own, dropped afterwards)
 * and prints documents/s, MB/s and peak RSS per phase, the ratio (b)/(a), and per store the documents lost and
 * duplicated (both must be 0) and its incidents, which must be SQLite's whatever order the workers took the reports
 * in. Timings exclude loading models and tables, which each phase reports apart.
 * `--write-corpus FILE` writes the corpus (BENCH_DOCS documents) as JSON Lines and stops.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NewDocument } from '../src/core/document.js';
import { prng } from './prng.js';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const SHARED = resolve(process.env.SITREP_SHARED ?? join(ROOT, '..', 'shared'));
const TARGET_CHARS = 3000;

interface PhaseResult {
  docs: number;
  bytes: number;
  seconds: number;
  setupSeconds: number;
  peakRssMb: number;
  stored?: number;
  distinct?: number;
  events?: number;
  /** Incidents, and a digest of who belongs where (incident id and event id, in order): equal digests, equal incidents. */
  incidents?: number;
  membersDigest?: string;
  note?: string;
}

// ---- the corpus ---------------------------------------------------------------------------------------------


const CITIES = ['Erbil', 'Baghdad', 'Basra', 'Kirkuk', 'Mosul', 'Deir ez-Zor', 'Hasakah', 'Sanaa', 'Hodeidah', 'Marib', 'Aden', 'Beirut', 'Tyre', 'Nabatieh', 'Damascus', 'Aleppo', 'Idlib', 'Homs', 'Raqqa', 'Qamishli'];
const SITES = ['an air base outside the city', 'a fuel depot on the southern road', 'a military airport', 'an oil field east of the city', 'a border crossing', 'a coalition outpost', 'a power station', 'a checkpoint on the highway', 'a port facility', 'a logistics convoy'];
const WEAPONS = [['drone', 'drones'], ['rocket', 'rockets'], ['mortar round', 'mortar rounds'], ['missile', 'missiles'], ['artillery shell', 'artillery shells']];
const SPEAKERS = ['a security official', 'the provincial governor', 'a military spokesperson', 'two officials who spoke on condition of anonymity', 'the interior ministry', 'a local police commander', 'a U.S. defense official', 'a coalition statement'];
const OUTLETS = ['Valley Courier', 'Harbour Post', 'Northern Wire', 'Plains Herald', 'Coastal Times', 'Desert Ledger'];
const GROUPS = ['an armed group calling itself the Dawn Brigades', 'a little-known faction', 'the group', 'militants', 'a coalition of armed factions'];
const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['Jan', 'Feb', 'March', 'April', 'May', 'June', 'July', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'];

function paragraphs(r: () => number, i: number, published: string): string[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const n = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const word = (k: number) => NUMBER_WORDS[Math.min(k, 10)];
  const cap = (s: string) => s[0].toUpperCase() + s.slice(1);
  const city = pick(CITIES);
  const city2 = pick(CITIES.filter((c) => c !== city));
  const [one, many] = pick(WEAPONS);
  const [, many2] = pick(WEAPONS);
  const fired = n(2, 9);
  const downed = n(0, fired - 1);
  const hurt = n(0, 6);
  const day = pick(DAYS);
  const [y, m, d] = published.split('-').map(Number);
  const outlet = pick(OUTLETS);
  const speaker = pick(SPEAKERS);
  return [
    `${city.toUpperCase()}, ${MONTHS[(m || 1) - 1]} ${d || 1} (${outlet}) - ${cap(word(fired))} ${many} were fired at ${pick(SITES)} near ${city} on ${day}, ${speaker} said, in the latest of a series of attacks on installations in the region (dispatch ${i + 1}).`,
    `"We tracked ${word(fired)} ${many} and our air defences brought down ${word(downed)} of them before they reached the perimeter," ${speaker} told reporters, adding that the damage was still being assessed and that ${hurt ? `${word(hurt)} people had been wounded` : 'nobody had been hurt'}.`,
    `No group immediately claimed responsibility. ${cap(pick(GROUPS))} has said it carried out similar strikes near ${city2} in recent weeks, describing them as a response to raids on its positions.`,
    `Residents said they heard ${word(n(2, 7))} loud explosions shortly after ${n(1, 11)} o'clock, and smoke could be seen over the area for several hours. A hospital in ${city2} received ${word(hurt + n(0, 2))} casualties, a health official said.`,
    `The attack came ${n(2, 20)} days after ${word(n(1, 5))} ${many2} struck a base near ${city2}, according to the ${pick(OUTLETS)}, which cited a security source. That strike caused material damage but no casualties, the source said.`,
    `Foreign troops have been stationed in the area since ${y - n(3, 9)} under agreements with the government, which has repeatedly condemned strikes on its territory and called on all sides to show restraint.`,
    `Separately, the foreign ministry summoned an ambassador on ${pick(DAYS)} to protest what it called a violation of sovereignty; officials said talks on the security arrangements would resume next month.`,
    `A statement carried by a channel close to the armed factions put the number of ${many} at ${word(fired + n(1, 3))} and said all of them had hit their targets, a figure ${speaker} disputed.`,
    `One ${one} landed in an empty field near the airport road, police said. Engineers later made the area safe, and traffic on the road resumed by the evening.`,
    `Officials in the capital have been negotiating a timetable for the drawdown of foreign forces for months, and ${pick(['a senior diplomat', 'a government adviser', 'a member of parliament'])} said the talks would go on despite the latest incident.`,
    `Analysts said the pace of attacks had risen since the start of the year but that most caused little damage, reflecting what they described as a strategy of pressure rather than escalation. The ${outlet} could not independently verify the accounts.`,
    `Reporting by the ${outlet} desk in ${city}; additional reporting from ${city2}; editing by the regional team.`,
  ];
}

interface Lead { text: string; published: string | null; title: string | null }

async function leads(): Promise<{ leads: Lead[]; from: string }> {
  const out: Lead[] = [];
  const dev = join(SHARED, 'eval', 'reports-dev.jsonl');
  let from = 'samples/ and the templates in scripts/bench.ts';
  if (existsSync(dev)) {
    for (const line of readFileSync(dev, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const r = JSON.parse(line) as { text?: string; published?: string };
      if (typeof r.text === 'string' && r.text.trim()) out.push({ text: r.text, published: r.published ?? null, title: null });
    }
    from = `${out.length} texts of ${dev}, samples/ and the templates in scripts/bench.ts`;
  }
  const { readInputs } = await import('../src/stages/ingest/read-inputs.js');
  for await (const item of readInputs([join(ROOT, 'samples')])) {
    if (item.ok) out.push({ text: item.doc.text, published: item.doc.published ?? null, title: item.doc.title ?? null });
  }
  return { leads: out, from };
}

async function buildCorpus(n: number): Promise<{ docs: NewDocument[]; from: string }> {
  const { leads: pool, from } = await leads();
  const r = prng(20240229);
  const docs: NewDocument[] = [];
  const start = Date.parse('2010-01-01T00:00:00Z');
  for (let i = 0; i < n; i++) {
    // Each real text leads one document, dated as it is dated; the others are wire stories alone, published on
    // dates spread over fifteen years, as an archive's are. (Reusing a lead under another date would give one
    // document events years apart, which no report has.)
    const lead = i < pool.length ? pool[i] : null;
    const published = lead?.published ?? new Date(start + Math.floor(r() * 15 * 365) * 86_400_000).toISOString().slice(0, 10);
    // Then one story in its order (a second when the first runs out), never a paragraph twice.
    const parts = lead ? [lead.text.trim()] : [];
    let story = paragraphs(r, i, published);
    for (let k = 0; parts.join('\n\n').length < TARGET_CHARS; k++) {
      if (k === story.length) {
        story = paragraphs(r, i + n, published);
        k = 0;
      }
      parts.push(story[k]);
    }
    docs.push({ id: `bench-${i + 1}`, text: parts.join('\n\n'), published, title: lead?.title ?? null, outlet: OUTLETS[i % OUTLETS.length], source: `bench/${i + 1}` });
  }
  return { docs, from };
}

// ---- phases (each runs in a child process) ----------------------------------------------------------------

/**
 * The corpus read as a stream, a document at a time, as an ingest of a large batch reads it: holding all 10,000
 * texts at once would add their 30 MB (and more as JavaScript strings) to every phase's peak memory.
 */
function* streamCorpus(file: string): Generator<NewDocument> {
  const fd = openSync(file, 'r');
  const chunk = Buffer.alloc(1 << 20);
  let carry = '';
  try {
    for (let n; (n = readSync(fd, chunk, 0, chunk.length, null)) > 0; ) {
      const lines = (carry + chunk.toString('utf8', 0, n)).split('\n');
      carry = lines.pop()!;
      for (const l of lines) if (l.trim()) yield JSON.parse(l) as NewDocument;
    }
    if (carry.trim()) yield JSON.parse(carry) as NewDocument;
  } finally {
    closeSync(fd);
  }
}

function readCorpus(file: string): NewDocument[] {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as NewDocument);
}

const bytesOf = (docs: NewDocument[]) => docs.reduce((s, d) => s + Buffer.byteLength(d.text), 0);
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

async function phase(name: string, file: string, arg: string | undefined): Promise<PhaseResult> {
  let count = 0;
  let bytes = 0;
  // Counts the documents and bytes as they stream past.
  const docs = (function* () {
    for (const d of streamCorpus(file)) {
      count++;
      bytes += Buffer.byteLength(d.text);
      yield d;
    }
  })();
  if (name === 'tokenize') {
    // The bare pass: wink-nlp as it comes (its default pipeline: sentences, tokens, part of speech, entities,
    // negation, sentiment), each text read and its tokens listed. sitrep itself no longer uses wink: its sentence
    // rules gave the same boundaries at a tenth of the cost.
    const winkNLP = (await import('wink-nlp')).default;
    const model = (await import('wink-eng-lite-web-model')).default;
    let t = performance.now();
    const nlp = winkNLP(model);
    const setupSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    let tokens = 0;
    for (const d of docs) tokens += (nlp.readDoc(d.text).tokens().out() as string[]).length;
    return { docs: count, bytes, seconds: (performance.now() - t) / 1000, setupSeconds, peakRssMb: peakRssMb(), note: `${tokens} tokens` };
  }
  const { createContext, extract } = await import('../src/pipeline.js');
  const { createDocument } = await import('../src/core/document.js');
  let t = performance.now();
  const ctx = createContext();
  const setupSeconds = (performance.now() - t) / 1000;
  if (name === 'extract') {
    t = performance.now();
    let events = 0;
    for (const d of docs) events += extract(createDocument(d), ctx).events.length;
    return { docs: count, bytes, seconds: (performance.now() - t) / 1000, setupSeconds, peakRssMb: peakRssMb(), events };
  }
  if (name === 'sqlite') {
    const { openSqliteStore } = await import('../src/store/sqlite-store.js');
    const { ingestDocument } = await import('../src/ingest-service.js');
    const store = openSqliteStore(arg!);
    try {
      t = performance.now();
      for (const d of docs) await ingestDocument(store, ctx, d);
      const seconds = (performance.now() - t) / 1000;
      const stored = await store.countDocuments();
      const events = await store.countEvents();
      await store.close();
      const Database = (await import('better-sqlite3')).default;
      const raw = new Database(arg!, { readonly: true });
      const distinct = (raw.prepare('SELECT count(DISTINCT content_hash) AS n FROM documents').get() as { n: number }).n;
      const members = raw.prepare('SELECT incident_id, event_id FROM incident_members ORDER BY incident_id, event_id').all() as { incident_id: string; event_id: string }[];
      raw.close();
      return { docs: count, bytes, seconds, setupSeconds, peakRssMb: peakRssMb(), stored, distinct, events, ...incidentsOf(members) };
    } finally {
      await store.close();
    }
  }
  throw new Error(`unknown phase ${name}`);
}

/** The incident count and members digest of a store's incident_members rows, in (incident_id, event_id) order. */
function incidentsOf(members: { incident_id: string; event_id: string }[]): Pick<PhaseResult, 'incidents' | 'membersDigest'> {
  const hash = createHash('sha256');
  for (const m of members) hash.update(`${m.incident_id} ${m.event_id}\n`);
  return { incidents: new Set(members.map((m) => m.incident_id)).size, membersDigest: hash.digest('hex').slice(0, 16) };
}

function runPhase(name: string, file: string, arg?: string): PhaseResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--phase', name, file, ...(arg ? [arg] : [])], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`phase ${name} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as PhaseResult;
}

/** (d): enqueue the corpus, then W `sitrep worker --once` processes; the figures are the workers' own. */
async function runPg(url: string, file: string, workers: number): Promise<PhaseResult> {
  const { openPgStore } = await import('../src/store/pg-store.js');
  const { PgJobQueue } = await import('../src/store/pg-queue.js');
  const docs = readCorpus(file);
  const schema = `sitrep_bench_${Date.now().toString(36)}_${process.pid}_${workers}`;
  const store = await openPgStore(url, { schema, poolSize: 4 });
  try {
    const queue = new PgJobQueue(store);
    let t = performance.now();
    for (const d of docs) await queue.enqueue(d);
    const enqueueSeconds = (performance.now() - t) / 1000;
    const db = `${url}${url.includes('?') ? '&' : '?'}schema=${schema}`;
    t = performance.now();
    const outs = await Promise.all(
      Array.from({ length: workers }, () =>
        new Promise<string>((resolveRun, reject) => {
          const child = spawn(process.execPath, [join(ROOT, 'bin/sitrep.js'), 'worker', '--db', db, '--once', '--poll', '100'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
          let err = '';
          child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
          child.on('error', reject);
          child.on('close', (code) => (code === 0 ? resolveRun(err) : reject(new Error(`worker exited ${code}: ${err.slice(-2000)}`))));
        }),
      ),
    );
    const wall = (performance.now() - t) / 1000;
    // Each worker reports its working time (after loading its models) and its peak RSS.
    const work = outs.map((o) => Number(/ in ([\d.]+) s, peak RSS/.exec(o)?.[1] ?? NaN));
    const rss = outs.map((o) => Number(/peak RSS (\d+) MB/.exec(o)?.[1] ?? NaN));
    const lock = outs.map((o) => /incident lock: ([\d.]+) s held, ([\d.]+) s waited for/.exec(o)).map((m) => [Number(m?.[1] ?? NaN), Number(m?.[2] ?? NaN)]);
    const stored = await store.countDocuments();
    const distinct = Number((await store.pool.query('SELECT count(DISTINCT content_hash) AS n FROM documents')).rows[0].n);
    const members = (await store.pool.query('SELECT incident_id, event_id FROM incident_members ORDER BY incident_id, event_id')).rows as { incident_id: string; event_id: string }[];
    const counts = await queue.counts();
    return {
      docs: docs.length,
      bytes: bytesOf(docs),
      seconds: Math.max(...work),
      setupSeconds: wall - Math.max(...work),
      peakRssMb: Math.max(...rss),
      stored,
      distinct,
      events: await store.countEvents(),
      ...incidentsOf(members),
      note:
        `RSS per worker; enqueue ${(docs.length / enqueueSeconds).toFixed(0)} docs/s; wall with start-up ${wall.toFixed(1)} s; ` +
        `incident lock held ${lock.reduce((t, l) => t + l[0], 0).toFixed(1)} s, waited for ${lock.reduce((t, l) => t + l[1], 0).toFixed(1)} s; ` +
        `jobs ${counts.done} done, ${counts.pending} pending, ${counts.failed} failed`,
    };
  } finally {
    if (!process.env.BENCH_KEEP) await store.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {});
    await store.close();
  }
}

// ---- main ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const n = Number(process.env.BENCH_DOCS ?? 10_000);
  if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_DOCS must be a whole number from 1, not "${process.env.BENCH_DOCS}"`);
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-ingest-bench-'));
  try {
    const { docs, from } = await buildCorpus(n);
    const file = join(dir, 'corpus.jsonl');
    writeFileSync(file, docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
    const mb = bytesOf(docs) / 1e6;
    console.log(`bench: ${n} documents, ${mb.toFixed(1)} MB (mean ${(bytesOf(docs) / n / 1000).toFixed(1)} KB) from ${from}`);
    console.log(`bench: node ${process.version}, each phase in a child process of its own; times exclude loading models and tables\n`);

    const rows: [string, PhaseResult | string][] = [];
    const show = (label: string, r: PhaseResult | string) => {
      rows.push([label, r]);
      if (typeof r === 'string') console.log(`${label.padEnd(36)} ${r}`);
      else {
        console.log(
          `${label.padEnd(36)} ${(r.docs / r.seconds).toFixed(1).padStart(9)} docs/s ${(r.bytes / 1e6 / r.seconds).toFixed(3).padStart(8)} MB/s ` +
            `${r.seconds.toFixed(1).padStart(7)} s  peak RSS ${r.peakRssMb.toFixed(0).padStart(5)} MB  (setup ${r.setupSeconds.toFixed(1)} s${r.note ? `; ${r.note}` : ''})`,
        );
      }
    };
    const a = runPhase('tokenize', file);
    show('(a) bare wink-nlp tokenization', a);
    const b = runPhase('extract', file);
    show('(b) full extract pipeline', b);
    const c = runPhase('sqlite', file, join(dir, 'bench.db'));
    show('(c) ingest into SQLite', c);
    const pgUrl = process.env.SITREP_BENCH_PG ?? process.env.SITREP_TEST_PG;
    const pg: Record<number, PhaseResult> = {};
    for (const w of [1, 2]) {
      const label = `(d) ingest into PostgreSQL, ${w} worker${w > 1 ? 's' : ''}`;
      if (!pgUrl) show(label, 'skipped (set SITREP_BENCH_PG or SITREP_TEST_PG to a postgres:// URL)');
      else show(label, (pg[w] = await runPg(pgUrl, file, w)));
    }
    console.log(`\n(b)/(a): the full pipeline takes ${(b.seconds / a.seconds).toFixed(1)}x the time of tokenization alone (${b.events} events extracted)`);
    const stores: [string, PhaseResult | undefined][] = [['SQLite', c], ['PostgreSQL, 1 worker', pg[1]], ['PostgreSQL, 2 workers', pg[2]]];
    let ok = true;
    for (const [label, r] of stores) {
      if (!r) continue;
      // Lost: corpus documents the store lacks (every document of the corpus is distinct); duplicated: stored twice.
      const lost = n - r.distinct!;
      const duplicated = r.stored! - r.distinct!;
      const good = lost === 0 && duplicated === 0;
      ok &&= good;
      // Resolution gives the same incidents in any order, so the workers, racing each other, must end where SQLite did.
      const same = r === c || (r.events === c.events && r.membersDigest === c.membersDigest);
      ok &&= same;
      console.log(
        `stored in ${label}: ${r.stored} documents (${r.distinct} distinct), ${r.events} events, ${r.incidents} incidents (members ${r.membersDigest}): ` +
          `${lost} lost, ${duplicated} duplicated${good ? '' : ` (MISMATCH: expected ${n})`}${same ? '' : '; INCIDENTS DIFFER from SQLite\'s'}`,
      );
    }
    if (!ok) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const at = process.argv.indexOf('--phase');
const corpusOut = process.argv.indexOf('--write-corpus');
if (corpusOut >= 0) {
  // For looking into one phase by hand: the corpus a run of this size would use, as JSON Lines.
  buildCorpus(Number(process.env.BENCH_DOCS ?? 10_000)).then(({ docs }) => writeFileSync(process.argv[corpusOut + 1], docs.map((d) => JSON.stringify(d)).join('\n') + '\n'));
} else if (at >= 0) {
  const [name, file, arg] = process.argv.slice(at + 1);
  // The heap policy of the sitrep CLI (src/core/memory.ts), so each phase's memory is what `sitrep ingest` would use.
  const { boundHeapGrowth } = await import('../src/core/memory.js');
  boundHeapGrowth();
  phase(name, file, arg)
    .then((r) => process.stdout.write(`${JSON.stringify(r)}\n`))
    .catch((e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    });
} else {
  main().catch((e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
