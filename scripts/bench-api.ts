/**
 * API latency with many incidents: `npm run bench:api [-- --incidents 100000 --requests 300]`.
 *
 * Ingests real reports (the shared development reports when ../shared is there, the samples otherwise) into a
 * temporary SQLite store through the ingest path, then writes shifted copies of the incidents they make (other dates,
 * places nudged, new ids) straight through the Repository's applyIncidentPlan until the store holds the number asked
 * for. Then it serves that store on a loopback port and times the list and aggregate endpoints, one request at a
 * time, printing p50/p95/p99 per endpoint. It measures; it asserts nothing.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ingestDocument } from '../src/ingest-service.js';
import { createContext } from '../src/pipeline.js';
import { buildServer } from '../src/server/app.js';
import type { IncidentRecord } from '../src/stages/incidents/incident-record.js';
import { readInputs } from '../src/stages/ingest/read-inputs.js';
import type { IncidentPlan } from '../src/stages/incidents/resolve.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { prng } from './prng.js';

const { values } = parseArgs({
  options: {
    incidents: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '300' },
    reports: { type: 'string', default: '200', short: 'r' },
    keep: { type: 'boolean', default: false },
  },
});
const TARGET = Number(values.incidents);
const REQUESTS = Math.min(5000, Number(values.requests));
const MAX_REPORTS = Number(values.reports);
const ROOT = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const SHARED = resolve(ROOT, '..', 'shared', 'eval');


function shiftDate(iso: string, days: number): string {
  return new Date(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-bench-'));
  const dbPath = join(dir, 'bench.db');
  const store = openSqliteStore(dbPath);
  const log = (m: string) => process.stderr.write(`bench: ${m}\n`);
  try {
    // 1. Real reports through the one ingest path.
    const inputs = existsSync(join(SHARED, 'multisource-dev.jsonl')) ? [join(SHARED, 'multisource-dev.jsonl'), join(SHARED, 'reports-dev.jsonl')] : [join(ROOT, 'samples')];
    const ctx = createContext();
    let t = performance.now();
    let reports = 0;
    for await (const item of readInputs(inputs, {})) {
      if (!item.ok) continue;
      await ingestDocument(store, ctx, item.doc);
      if (++reports >= MAX_REPORTS) break;
    }
    const templates = (await store.listIncidents()).filter((i) => i.event_date);
    log(`${reports} reports from ${inputs.map((p) => p.replace(`${ROOT}/`, '')).join(', ')} → ${templates.length} dated incidents as templates (${((performance.now() - t) / 1000).toFixed(1)} s)`);
    if (!templates.length) throw new Error('no dated incident to copy');

    // 2. Shifted copies, straight through applyIncidentPlan, in batches.
    t = performance.now();
    const random = prng(20240101);
    const have = await store.countIncidents();
    const batch = 2000;
    for (let start = have; start < TARGET; start += batch) {
      const plan: IncidentPlan = { at: new Date().toISOString(), upserts: [], removals: [] };
      for (let i = start; i < Math.min(TARGET, start + batch); i++) {
        const base = templates[i % templates.length];
        const days = Math.floor((random() - 0.7) * 3 * 365);
        const record: IncidentRecord = {
          ...base,
          incident_id: `bench-${i.toString(36).padStart(5, '0')}`,
          event_date: shiftDate(base.event_date!, days),
          latitude: base.latitude === null ? null : Math.round((base.latitude + (random() - 0.5) * 4) * 1e4) / 1e4,
          longitude: base.longitude === null ? null : Math.round((base.longitude + (random() - 0.5) * 4) * 1e4) / 1e4,
          fatalities: base.fatalities === null ? (random() < 0.3 ? Math.floor(random() * 6) : null) : base.fatalities,
        };
        plan.upserts.push({ record, members: [], change: { kind: 'created', added_reports: record.doc_ids } });
      }
      await store.applyIncidentPlan(plan);
    }
    const total = await store.countIncidents();
    log(`store holds ${total} incidents (${((performance.now() - t) / 1000).toFixed(1)} s to write) in ${dbPath}`);

    // 3. Serve it and time the endpoints.
    const app = await buildServer({ store, context: () => ctx, log });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const first = await (await fetch(`${base}/api/incidents?limit=50&sort=-date`)).json();
    const cursor = encodeURIComponent(first.next_cursor ?? '');
    const groups: Record<string, string[]> = {
      list: [
        '/api/incidents?limit=50',
        '/api/incidents?limit=50&sort=-date',
        `/api/incidents?limit=50&sort=-date&cursor=${cursor}`,
        '/api/incidents?limit=50&sort=fatalities',
        '/api/incidents?limit=50&country=IQ',
        '/api/incidents?limit=50&weapon=drone&sort=-date',
        '/api/incidents?limit=50&since=2023-06-01&until=2023-12-31',
        '/api/incidents?limit=50&bbox=38,30,46,38&outcome=impacted',
        '/api/incidents?limit=50&disputed=true&actor=Kataib%20Hezbollah',
      ],
      aggregate: [
        '/api/aggregates?interval=week&by=weapon',
        '/api/aggregates?interval=day&by=country',
        '/api/aggregates?interval=week&by=actor',
        '/api/aggregates?interval=week&by=weapon&country=IQ',
        '/api/aggregates?interval=day&by=weapon&since=2023-01-01&until=2023-12-31',
      ],
    };
    // Warm the caches the way a running server would be warm.
    for (const paths of Object.values(groups)) for (const p of paths) await (await fetch(`${base}${p}`)).arrayBuffer();
    const results: { group: string; path: string; ms: number[] }[] = [];
    for (const [group, paths] of Object.entries(groups)) {
      for (const path of paths) results.push({ group, path, ms: [] });
    }
    for (let i = 0; i < REQUESTS; i++) {
      for (const r of results) {
        const t0 = performance.now();
        const res = await fetch(`${base}${r.path}`);
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${r.path}: HTTP ${res.status}`);
        r.ms.push(performance.now() - t0);
      }
    }
    await app.close();

    const fmt = (n: number) => n.toFixed(1).padStart(7);
    process.stdout.write(`\n${total} incidents, ${REQUESTS} requests per endpoint, one at a time over loopback (ms)\n\n`);
    process.stdout.write(`${'endpoint'.padEnd(78)}    p50     p95     p99\n`);
    for (const r of results) {
      const s = [...r.ms].sort((a, b) => a - b);
      process.stdout.write(`${r.path.slice(0, 78).padEnd(78)} ${fmt(pct(s, 50))} ${fmt(pct(s, 95))} ${fmt(pct(s, 99))}\n`);
    }
    for (const group of Object.keys(groups)) {
      const s = results.filter((r) => r.group === group).flatMap((r) => r.ms).sort((a, b) => a - b);
      process.stdout.write(`${`all ${group} requests (${s.length})`.padEnd(78)} ${fmt(pct(s, 50))} ${fmt(pct(s, 95))} ${fmt(pct(s, 99))}\n`);
    }
  } finally {
    await store.close();
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
    else log(`kept ${dbPath}`);
  }
}

main().catch((e) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
