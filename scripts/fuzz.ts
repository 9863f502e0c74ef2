/**
 * Nightly fuzzing: generated documents (src/fuzz/corpus.ts) through the ingest readers and `extract`, checked by
 * src/fuzz/check.ts. Workers run the documents; the main thread watches them, and a document that runs past the
 * hang limit gets its worker terminated and counted as a hang. Prints crashes, invariant violations, hangs, the
 * quarantined known issues, and the slowest document. Exit code 1 when any crash, violation or hang was seen.
 *
 *   npm run fuzz                         100,000 documents
 *   FUZZ_RUNS=5000 npm run fuzz          fewer
 *   FUZZ_SEED=42 FUZZ_ONLY=1234 npm run fuzz   re-run one document and print what it found
 *
 * Other settings: FUZZ_BUDGET_MS (extract's per-document time budget, 10000), FUZZ_HANG_MS (60000),
 * FUZZ_WORKERS (CPU count).
 */
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import fc from 'fast-check';
import { checkBytes, checkText, type CheckResult } from '../src/fuzz/check.js';
import { inputBytes, NIGHTLY_SCALE, textDocument } from '../src/fuzz/corpus.js';
import { createContext } from '../src/pipeline.js';

const env = (name: string, dflt: number): number => {
  const v = process.env[name];
  return v === undefined || v === '' ? dflt : Number(v);
};
const RUNS = env('FUZZ_RUNS', 100_000);
const SEED = env('FUZZ_SEED', 20_240_229);
const BUDGET_MS = env('FUZZ_BUDGET_MS', 10_000);
const HANG_MS = env('FUZZ_HANG_MS', 60_000);
const WORKERS = Math.max(1, env('FUZZ_WORKERS', availableParallelism()));

type Input = { kind: 'text'; text: string } | { kind: 'bytes'; bytes: Uint8Array };

const ARBITRARY: fc.Arbitrary<Input> = fc.oneof(
  { weight: 5, arbitrary: textDocument(NIGHTLY_SCALE).map((text): Input => ({ kind: 'text', text })) },
  { weight: 4, arbitrary: inputBytes(12_000).map((bytes): Input => ({ kind: 'bytes', bytes })) },
);

/** Document `i` of the run: the same seed and index always give the same input. */
function inputAt(i: number): Input {
  // Rare, deterministic giants: 50 MB of text, and HTML nested 10,000 levels.
  if (i % 20_000 === 19_999) {
    const unit = 'Two rockets struck Erbil air base on Monday, killing 99999999999999999999 people. ';
    return { kind: 'text', text: unit.repeat(Math.ceil((50 * 1024 * 1024) / unit.length)) };
  }
  if (i % 1_000 === 500) {
    const tag = ['div', 'span', 'b', 'table', 'p', 'section'][(i / 1_000) % 6 | 0];
    return { kind: 'bytes', bytes: new Uint8Array(Buffer.from(`<html><body>${`<${tag}>`.repeat(10_000)}<p>Drones struck the port of Hodeidah on 31/02/2023.</p></body></html>`)) };
  }
  return fc.sample(ARBITRARY, { seed: SEED + i, numRuns: 1 })[0];
}

function describeInput(input: Input): { kind: string; size: number; preview: string } {
  const text = input.kind === 'text' ? input.text : Buffer.from(input.bytes.subarray(0, 400)).toString('latin1');
  return { kind: input.kind, size: input.kind === 'text' ? input.text.length : input.bytes.length, preview: JSON.stringify(text.slice(0, 100)) };
}

// ---- worker -----------------------------------------------------------------------------------------

type ToWorker = { i: number } | { stop: true };
type FromWorker =
  | { t: 'ready' }
  | { t: 'begin'; i: number; kind: string; size: number; preview: string }
  | { t: 'done'; i: number; ms: number; result: CheckResult };

function workerMain(): void {
  const ctx = createContext();
  const port = parentPort!;
  port.on('message', (msg: ToWorker) => {
    if ('stop' in msg) {
      process.exit(0);
    }
    const input = inputAt(msg.i);
    port.postMessage({ t: 'begin', i: msg.i, ...describeInput(input) } satisfies FromWorker);
    const started = performance.now();
    let result: CheckResult;
    try {
      result = input.kind === 'text' ? checkText(input.text, ctx, { budgetMs: BUDGET_MS }) : checkBytes(input.bytes, ctx, { budgetMs: BUDGET_MS });
    } catch (e) {
      result = { problems: [`checker threw ${e instanceof Error ? e.message : String(e)}`], known: [], documents: 0, events: 0, flags: [] };
    }
    port.postMessage({ t: 'done', i: msg.i, ms: performance.now() - started, result } satisfies FromWorker);
  });
  port.postMessage({ t: 'ready' } satisfies FromWorker);
}

// ---- main -------------------------------------------------------------------------------------------

interface Failure { i: number; what: string; kind: string; size: number; preview: string }

async function main(): Promise<void> {
  if (process.env.FUZZ_ONLY !== undefined) {
    const i = Number(process.env.FUZZ_ONLY);
    const input = inputAt(i);
    const ctx = createContext();
    const started = performance.now();
    const r = input.kind === 'text' ? checkText(input.text, ctx, { budgetMs: BUDGET_MS }) : checkBytes(input.bytes, ctx, { budgetMs: BUDGET_MS });
    process.stdout.write(`${JSON.stringify({ i, ...describeInput(input), ms: Math.round(performance.now() - started), ...r }, null, 2)}\n`);
    if (input.kind === 'text' && input.text.length < 5_000) process.stdout.write(`input: ${JSON.stringify(input.text)}\n`);
    return;
  }
  const started = Date.now();
  let next = 0;
  let finished = 0;
  const crashes: Failure[] = [];
  const violations: Failure[] = [];
  const hangs: Failure[] = [];
  const known = new Map<string, number>();
  const flags = new Map<string, number>();
  let documents = 0;
  let events = 0;
  let slowest: (Failure & { ms: number }) | null = null;
  let lastReport = Date.now();

  await new Promise<void>((resolveAll) => {
    let live = 0;
    const spawn = (): void => {
      live++;
      // Workers do not inherit tsx's loader: register it first, then load this file.
      const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
      const w = new Worker(boot, { eval: true });
      let ready = false;
      let current: { i: number; kind: string; size: number; preview: string; since: number } | null = null;
      let dead = false;
      const give = (): void => {
        if (next >= RUNS) {
          w.postMessage({ stop: true } satisfies ToWorker);
          return;
        }
        w.postMessage({ i: next++ } satisfies ToWorker);
      };
      const watchdog = setInterval(() => {
        if (current && Date.now() - current.since > HANG_MS && !dead) {
          dead = true;
          hangs.push({ i: current.i, what: `no result after ${HANG_MS} ms`, kind: current.kind, size: current.size, preview: current.preview });
          finished++;
          void w.terminate();
        }
      }, 1_000);
      w.on('message', (m: FromWorker) => {
        if (m.t === 'ready') {
          ready = true;
          give();
        }
        else if (m.t === 'begin') current = { i: m.i, kind: m.kind, size: m.size, preview: m.preview, since: Date.now() };
        else {
          const c = current!;
          current = null;
          finished++;
          documents += m.result.documents;
          events += m.result.events;
          for (const p of m.result.problems) (/threw/.test(p) ? crashes : violations).push({ i: m.i, what: p, kind: c.kind, size: c.size, preview: c.preview });
          for (const k of m.result.known) known.set(k.split(':')[0], (known.get(k.split(':')[0]) ?? 0) + 1);
          for (const f of m.result.flags) flags.set(f, (flags.get(f) ?? 0) + 1);
          if (!slowest || m.ms > slowest.ms) slowest = { i: m.i, what: '', kind: c.kind, size: c.size, preview: c.preview, ms: m.ms };
          if (Date.now() - lastReport > 30_000) {
            lastReport = Date.now();
            process.stderr.write(`fuzz: ${finished}/${RUNS} in ${Math.round((Date.now() - started) / 1000)} s; crashes ${crashes.length}, violations ${violations.length}, hangs ${hangs.length}\n`);
          }
          give();
        }
      });
      w.on('error', (e) => {
        if (!ready) {
          process.stderr.write(`fuzz: a worker failed to start: ${e.message}\n`);
          process.exit(2);
        }
        if (current && !dead) crashes.push({ i: current.i, what: `worker died: ${e.message}`, kind: current.kind, size: current.size, preview: current.preview });
        if (current && !dead) finished++;
        dead = true;
      });
      w.on('exit', () => {
        clearInterval(watchdog);
        live--;
        // A worker that was terminated (hang) or died (crash) is replaced while work remains.
        if (dead && next < RUNS) spawn();
        if (live === 0) resolveAll();
      });
    };
    for (let k = 0; k < Math.min(WORKERS, RUNS); k++) spawn();
  });

  const secs = ((Date.now() - started) / 1000).toFixed(0);
  const out: string[] = [];
  out.push(`sitrep fuzz: ${finished} generated inputs (seed ${SEED}, ${WORKERS} workers, budget ${BUDGET_MS} ms, hang limit ${HANG_MS} ms) in ${secs} s`);
  out.push(`  documents extracted ${documents}, events emitted ${events}`);
  out.push(`  crashes ${crashes.length}, invariant violations ${violations.length}, hangs ${hangs.length}`);
  out.push(`  known issues (quarantined in src/fuzz/check.ts): ${known.size ? [...known].map(([k, n]) => `${k} ${n}`).join(', ') : 'none seen'}`);
  out.push(`  diagnostics: ${[...flags].map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
  const s = slowest as (Failure & { ms: number }) | null;
  if (s) out.push(`  slowest: #${s.i} (${s.kind}, ${s.size} ${s.kind === 'text' ? 'chars' : 'bytes'}) ${Math.round(s.ms)} ms ${s.preview}`);
  // Kinds of failure, with counts: the same bug found through many inputs shows once.
  const kinds = new Map<string, { n: number; first: Failure }>();
  for (const f of [...crashes, ...violations]) {
    const sig = f.what.replace(/^[a-z]+: /, '').replace(/doc-[0-9a-f]+(?::\d+)?/g, 'doc').replace(/\(.*\)$/, '').replace(/\d+/g, 'N');
    const k = kinds.get(sig);
    if (k) k.n++;
    else kinds.set(sig, { n: 1, first: f });
  }
  for (const [sig, k] of kinds) out.push(`  ${k.n} x ${sig.slice(0, 200)} (first: #${k.first.i})`);
  for (const [name, list] of [['crash', crashes], ['violation', violations], ['hang', hangs]] as const) {
    for (const f of list.slice(0, 10)) out.push(`  ${name} #${f.i} (${f.kind}, ${f.size}): ${f.what.slice(0, 300)}  [FUZZ_SEED=${SEED} FUZZ_ONLY=${f.i} npm run fuzz]`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
  process.exitCode = crashes.length + violations.length + hangs.length > 0 ? 1 : 0;
}

if (isMainThread) await main();
else workerMain();
