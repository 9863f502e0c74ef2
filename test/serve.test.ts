/** `sitrep serve` and `sitrep brief` as a user runs them. */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PG_SKIP, TEST_PG_URL, testSchemas, urlWithSchema } from '../src/store/pg-test-schemas.js';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'sitrep-serve-'));
const db = join(dir, 'serve.db');
const sitrep = (args: string[]) => spawnSync(process.execPath, [join(root, 'bin/sitrep.js'), ...args], { encoding: 'utf8', cwd: root });

before(() => {
  const r = sitrep(['ingest', 'samples', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Start `sitrep serve` on a free port over the given store; resolves with its URL once it prints it. */
async function serving(dbSpec: string, use: (url: string) => Promise<void>): Promise<void> {
  const web = mkdtempSync(join(dir, 'web-'));
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>dashboard</title>');
  const child = spawn(process.execPath, [join(root, 'bin/sitrep.js'), 'serve', '--port', '0', '--db', dbSpec, '--web-root', web, '--token', 'tok'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      let err = '';
      const timer = setTimeout(() => reject(new Error(`no URL after 30 s: ${out} ${err}`)), 30_000);
      child.stdout.on('data', (d) => {
        out += d;
        const m = /dashboard at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.stderr.on('data', (d) => (err += d));
      child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
    });
    await use(url);
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

test('serve prints its URL, answers on loopback, and stops on SIGTERM', async () => {
  await serving(db, async (url) => {
    const health = await (await fetch(`${url}api/health`)).json();
    assert.equal(health.ok, true);
    assert.ok(health.incidents > 0);
    assert.match(await (await fetch(url)).text(), /<title>dashboard<\/title>/);
    const list = await (await fetch(`${url}api/incidents?limit=2`)).json();
    assert.equal(list.items.length, 2);
  });
});

test('serve --db postgres:// serves the same incidents as the SQLite store', { skip: PG_SKIP }, async () => {
  const pg = TEST_PG_URL!;
  const schemas = testSchemas('sitrep_serve');
  const pgSpec = urlWithSchema(pg, schemas.fresh());
  try {
    const r = sitrep(['ingest', 'samples', '--db', pgSpec]);
    assert.equal(r.status, 0, r.stderr);
    const listed = async (url: string) => ((await (await fetch(`${url}api/incidents?limit=200`)).json()) as { items: { incident_id: string; event_date: string | null; country: string | null; launched: number | null; fatalities: number | null }[] }).items
      .map((i) => ({ id: i.incident_id, date: i.event_date, country: i.country, launched: i.launched, fatalities: i.fatalities }))
      .sort((a, b) => a.id.localeCompare(b.id));
    let fromSqlite: unknown[] = [];
    await serving(db, async (url) => { fromSqlite = await listed(url); });
    await serving(pgSpec, async (url) => {
      const health = await (await fetch(`${url}api/health`)).json();
      assert.equal(health.ok, true);
      const fromPg = await listed(url);
      assert.ok(fromPg.length > 0);
      assert.deepEqual(fromPg, fromSqlite);
    });
  } finally {
    await schemas.dropAll(pg);
  }
});

test('serve refuses a bad port or origin with one line', () => {
  const port = sitrep(['serve', '--port', 'eighty', '--db', db]);
  assert.equal(port.status, 2);
  assert.match(port.stderr, /--port must be a whole number/);
  const origin = sitrep(['serve', '--cors-origin', 'javascript:alert(1)', '--db', db]);
  assert.equal(origin.status, 2);
  assert.match(origin.stderr, /--cors-origin must be an origin/);
});

test('brief writes Markdown or HTML for a period and countries, and refuses bad flags', () => {
  const md = sitrep(['brief', '--since', '2020-01-01', '--until', '2030-12-31', '--db', db]);
  assert.equal(md.status, 0, md.stderr);
  assert.match(md.stdout, /^# Briefing: 1 January 2020 to 31 December 2030\n/);
  assert.match(md.stdout, /## Counts/);
  assert.match(md.stdout, /### /);
  const html = sitrep(['brief', '--format', 'html', '--country', 'iq,sy', '--db', db]);
  assert.equal(html.status, 0, html.stderr);
  assert.match(html.stdout, /^<!doctype html>/);
  assert.match(html.stdout, /\(Iraq, Syria\)/);
  for (const [args, message] of [[['--since', '2024-02-30'], /--since must be a date/], [['--country', 'Iraq'], /--country takes ISO/], [['--since', '2024-02-01', '--until', '2024-01-01'], /is after --until/]] as const) {
    const r = sitrep(['brief', ...args, '--db', db]);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, message);
  }
});
