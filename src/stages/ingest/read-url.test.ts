import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fixed, startServer, type LocalServer } from '../../../test/local-server.js';
import type { FetchOptions } from './fetch-url.js';
import { readInputs, type IngestItem } from './read-inputs.js';

const ROOT = new URL('../../../', import.meta.url).pathname;

const PAGE = `<html><head><title>Rockets hit depot</title><meta property="og:site_name" content="Test Courier"></head>
<body><article><p>Two rockets hit a fuel depot near the airport on Monday, officials said.</p></article></body></html>`;

let server: LocalServer;
let dir = '';
/** news.test resolves to the local server, and only that name may reach it (see fetch-url.ts, allowPrivateFor). */
let hook: FetchOptions;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sitrep-url-'));
  server = await startServer({
    '/page': fixed(PAGE),
    '/plain': fixed('Mortar rounds struck the market on Tuesday.', { 'content-type': 'text/plain; charset=utf-8' }),
    '/feed': fixed('<rss version="2.0"><channel></channel></rss>', { 'content-type': 'application/rss+xml' }),
    '/pdf': fixed(Buffer.from('%PDF-1.4 binary'), { 'content-type': 'application/pdf' }),
    '/blank': fixed('<html><body></body></html>'),
  });
  hook = {
    lookup: async () => [{ address: '127.0.0.1', family: 4 }],
    allowPrivateFor: [{ host: 'news.test', address: '127.0.0.1' }],
  };
});
after(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

async function collect(inputs: string[], opts: Parameters<typeof readInputs>[1] = {}): Promise<IngestItem[]> {
  const out: IngestItem[] = [];
  for await (const item of readInputs(inputs, opts)) out.push(item);
  return out;
}

describe('readInputs with http(s) URLs', () => {
  test('an HTML page becomes a document read by its Content-Type, with the URL and the fallback date', async () => {
    const [item] = await collect([`http://news.test:${server.port}/page`], { fetch: hook, published: '2024-05-06' });
    assert.ok(item.ok, item.ok ? '' : item.error.oneLine());
    assert.equal(item.doc.title, 'Rockets hit depot');
    assert.equal(item.doc.outlet, 'Test Courier');
    assert.equal(item.doc.published, '2024-05-06');
    assert.equal(item.doc.url, `http://news.test:${server.port}/page`);
    assert.equal(item.doc.source, `http://news.test:${server.port}/page`);
    assert.match(item.doc.text, /^Two rockets hit a fuel depot/);
  });

  test('plain text is read as text; the rest of a batch goes on after a failed URL', async () => {
    const items = await collect([`http://news.test:${server.port}/missing`, `http://news.test:${server.port}/plain`], { fetch: hook });
    assert.equal(items.length, 2);
    assert.ok(!items[0].ok && items[0].error.code === 'FETCH_FAILED' && /HTTP 404/.test(items[0].error.message));
    assert.ok(items[1].ok && items[1].doc.text === 'Mortar rounds struck the market on Tuesday.');
  });

  test('feeds, PDFs and empty pages are refused with a reason', async () => {
    const items = await collect(['/feed', '/pdf', '/blank'].map((p) => `http://news.test:${server.port}${p}`), { fetch: hook });
    assert.deepEqual(items.map((i) => (i.ok ? 'ok' : i.error.code)), ['INPUT_UNSUPPORTED', 'INPUT_UNSUPPORTED', 'INPUT_EMPTY']);
    assert.match((items[0] as { error: Error }).error.message, /sitrep watch/);
  });

  test('a private address is refused unless allowPrivate; other schemes are refused', async () => {
    const hits = server.hits('/page');
    const [refused, ftp] = await collect([`${server.origin}/page`, 'ftp://example.com/report.txt']);
    assert.ok(!refused.ok && refused.error.code === 'FETCH_REFUSED');
    assert.ok(!ftp.ok && ftp.error.code === 'FETCH_REFUSED');
    assert.equal(server.hits('/page'), hits);
    const [allowed] = await collect([`${server.origin}/page`], { allowPrivate: true });
    assert.ok(allowed.ok);
  });
});

function sitrep(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin/sitrep.js'), ...args], { cwd: ROOT, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

test('sitrep ingest/extract take URLs; --allow-private is needed for a local server', async () => {
  const refused = await sitrep(['extract', `${server.origin}/page`]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /refused http:\/\/127\.0\.0\.1:\d+\/page: .*loopback.*\[FETCH_REFUSED\]/);
  const db = join(dir, 'url.db');
  const ok = await sitrep(['ingest', `${server.origin}/page`, '--allow-private', '--published', '2024-05-06', '--db', db]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stderr, /1 new document\(s\)/);
});
