/**
 * Accuracy on the shared development sets: runs `sitrep extract` over each set, scores it with the reference
 * scorer, and lists the records that fail, by field. Skips cleanly where ../shared is absent.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { scoreMultisource } from './eval-multisource.js';

const SHARED = resolve(process.env.SITREP_SHARED ?? '../shared');
const EVAL = join(SHARED, 'eval');
const SETS = [
  { name: 'reports-dev', file: 'reports-dev.jsonl', kind: 'reports' },
  { name: 'reports-dev-relative', file: 'reports-dev-relative.jsonl', kind: 'reports' },
  { name: 'case2021-dev', file: 'case2021-dev.jsonl', kind: 'case' },
];
const showFailures = Number(process.env.EVAL_FAILURES ?? 5);

if (!existsSync(EVAL)) {
  console.log(`eval: skipped, no shared evaluation sets at ${EVAL}${process.argv.includes('--gate') ? ' (the gate has nothing to check)' : ''}`);
  process.exit(0);
}

const out = mkdtempSync(join(tmpdir(), 'sitrep-eval-'));
const figures: Record<string, string> = {};
/** Numeric figures by "set.metric", for the gate. */
const numbers: Record<string, number> = {};
function collect(set: string, text: string) {
  for (const m of text.matchAll(/^\s*([a-z0-9_]+)\s+\d+\/\d+\s+([\d.]+)%/gm)) numbers[`${set}.${m[1]}`] = Number(m[2]);
  const mean = /mean field accuracy ([\d.]+)%/.exec(text);
  if (mean) numbers[`${set}.mean`] = Number(mean[1]);
  const rel = /relevance F1 ([\d.]+), sub-event macro F1 ([\d.]+)/.exec(text);
  if (rel) { numbers[`${set}.relevance_f1`] = Number(rel[1]); numbers[`${set}.subevent_macro_f1`] = Number(rel[2]); }
  const seed = /seed: (\d+)\/(\d+) incidents found/.exec(text);
  if (seed) numbers[`${set}.found`] = Number(seed[1]);
}

function run(args: string[], input?: string) {
  return spawnSync(process.execPath, ['bin/sitrep.js', ...args], { encoding: 'utf8', maxBuffer: 1 << 28, input });
}

function km(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const p = Math.PI / 180;
  const h = Math.sin(((bLat - aLat) * p) / 2) ** 2 + Math.cos(aLat * p) * Math.cos(bLat * p) * Math.sin(((bLon - aLon) * p) / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(Math.min(1, h)));
}

function listFailures(goldPath: string, predPath: string) {
  const gold = readFileSync(goldPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const preds = readFileSync(predPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const by = new Map<string, any[]>();
  for (const p of preds) by.set(String(p.doc_id), [...(by.get(String(p.doc_id)) ?? []), p]);
  const fails: Record<string, string[]> = {};
  const add = (f: string, s: string) => (fails[f] ??= []).push(s);
  for (const r of gold) {
    const g = r.gold;
    const evs = by.get(String(r.id)) ?? [];
    const e = evs.sort((a, b) => Number(a.event_date !== g.event_date) - Number(b.event_date !== g.event_date) || (km(a.latitude ?? 0, a.longitude ?? 0, g.latitude ?? 0, g.longitude ?? 0) - km(b.latitude ?? 0, b.longitude ?? 0, g.latitude ?? 0, g.longitude ?? 0)))[0];
    const head = `${r.id}: ${r.text.slice(0, 110).replace(/\s+/g, ' ')}`;
    if (!e) { add('detected', head); continue; }
    if (g.event_date && e.event_date !== g.event_date) add('event_date', `${head}\n      got ${e.event_date} want ${g.event_date}`);
    if (g.country && e.country !== g.country) add('country', `${head}\n      got ${e.country} (${e.location}) want ${g.country}`);
    if (g.latitude !== null && g.latitude !== undefined && (e.latitude === null || km(e.latitude, e.longitude, g.latitude, g.longitude) > 25)) add('location_25km', `${head}\n      got ${e.location} (${e.country}) want ${g.location ?? g.admin1} (${g.country})`);
    if (g.fatalities !== null && g.fatalities !== undefined && (e.fatalities ?? 0) !== g.fatalities) add('fatalities', `${head}\n      got ${e.fatalities} want ${g.fatalities}`);
    if (g.injured !== null && g.injured !== undefined && (e.injured ?? 0) !== g.injured) add('injured', `${head}\n      got ${e.injured} want ${g.injured}`);
    const actor = e.actor1 ?? e.claimed_by?.[0] ?? null;
    if ((g.actor1 ?? '').toLowerCase().startsWith('unidentified') ? actor && !/^unidentified/i.test(actor) : g.actor1 && !actor) add('actor1', `${head}\n      got ${actor} want ${g.actor1}`);
  }
  for (const [f, list] of Object.entries(fails)) {
    console.log(`  failing ${f}: ${list.length}`);
    for (const s of list.slice(0, showFailures)) console.log(`    ${s}`);
  }
}

for (const set of SETS) {
  const path = join(EVAL, set.file);
  if (!existsSync(path)) { console.log(`${set.name}: skipped (missing)`); continue; }
  const t0 = process.hrtime.bigint();
  const r = run(['extract', path]);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const pred = join(out, `${set.name}.jsonl`);
  writeFileSync(pred, r.stdout);
  const docs = readFileSync(path, 'utf8').split('\n').filter(Boolean).length;
  console.log(`\n== ${set.name}: ${docs} documents in ${seconds.toFixed(2)} s (${(docs / seconds).toFixed(0)} docs/s, including start-up)`);
  if (r.status !== 0) console.log(`   extract exited ${r.status}: ${r.stderr.split('\n').slice(0, 3).join(' | ')}`);
  const score = spawnSync('python3', [join(EVAL, 'score.py'), set.kind, path, pred], { encoding: 'utf8' });
  if (score.error) console.log('   python3 not found: reference scorer skipped');
  else process.stdout.write(score.stdout.split('\n').map((l) => (l ? `   ${l}` : l)).join('\n'));
  const last = score.stdout?.trim().split('\n').pop();
  if (last) figures[set.name] = last;
  collect(set.name, score.stdout ?? '');
  numbers[`${set.name}.docs_per_s`] = Math.round(docs / seconds);
  if (set.kind === 'reports') listFailures(path, pred);
}

if (existsSync(join(EVAL, 'multisource-dev.jsonl'))) {
  console.log('\n== multisource-dev');
  const ms = scoreMultisource(EVAL, (args) => run(args));
  for (const k of ['pairwise_f1', 'bcubed_f1', 'incident_recall', 'attack_recall', 'dispute_recall'] as const) numbers[`multisource-dev.${k}`] = Number(ms[k].toFixed(1));
  figures['multisource-dev'] = `pairwise F1 ${ms.pairwise_f1.toFixed(1)}, B3 F1 ${ms.bcubed_f1.toFixed(1)}, incident recall ${ms.incident_recall.toFixed(1)}%, attacks ${ms.attack_recall.toFixed(1)}%, disputes ${ms.dispute_recall.toFixed(1)}%`;
}

const seedDir = join(SHARED, 'corpus', 'seed');
if (existsSync(seedDir)) {
  const meta = JSON.parse(readFileSync(join(seedDir, 'meta.json'), 'utf8'));
  const r = run(['extract', join(seedDir, meta.file), '--published', meta.published]);
  const pred = join(out, 'seed.jsonl');
  writeFileSync(pred, r.stdout);
  const score = spawnSync('python3', [join(EVAL, 'score.py'), 'seed', join(seedDir, 'expected.json'), pred], { encoding: 'utf8' });
  console.log('\n== seed');
  process.stdout.write(score.stdout ?? '');
  const last = score.stdout?.trim().split('\n').pop();
  if (last) figures.seed = last;
  collect('seed', score.stdout ?? '');
}
console.log('\n== summary');
for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(22)} ${v}`);
mkdirSync('eval-output', { recursive: true });
writeFileSync('eval-output/figures.json', `${JSON.stringify(numbers, null, 2)}\n`);

// The gate: every pinned floor must hold. Lowering a floor is a deliberate edit of eval-gate.json in the same commit.
if (process.argv.includes('--gate')) {
  const gate = JSON.parse(readFileSync('eval-gate.json', 'utf8')) as { floors: Record<string, number> };
  const fails = Object.entries(gate.floors).filter(([k, floor]) => numbers[k] === undefined || numbers[k] < floor);
  console.log('\n== gate');
  for (const [k, floor] of Object.entries(gate.floors)) console.log(`${numbers[k] !== undefined && numbers[k] >= floor ? 'ok  ' : 'FAIL'} ${k.padEnd(40)} ${String(numbers[k] ?? 'missing').padStart(7)}  floor ${floor}`);
  if (fails.length) { console.log(`eval:gate: ${fails.length} figure(s) below their floor`); process.exit(1); }
  console.log('eval:gate: all figures at or above their floors');
}
