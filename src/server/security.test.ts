/**
 * The API's guards over a real server: the ingest token, body limit, rate limit, CORS closed by default, security
 * headers and CSP, and hostile filter values that must stay plain values.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { context } from '../../test/helpers.js';
import { RateLimiter, tokensMatch } from './security.js';
import { startTestServer, type TestServer } from './test-support.js';

const TOKEN = 'test-token-4f1c9a';
const REPORT = { text: 'Two rockets struck Erbil air base on Monday, officials said. Nobody was hurt.', published: '2024-01-03', outlet: 'Test Desk', title: 'Rockets at Erbil' };

function post(srv: TestServer, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${srv.base}/api/documents`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

describe('ingestion needs the token', () => {
  let srv: TestServer;
  before(async () => {
    srv = await startTestServer({ token: TOKEN, context, rateLimit: { capacity: 100, refillPerSecond: 100 } });
  });
  after(async () => srv.close());

  test('no Authorization header: 401 AUTH_REQUIRED, nothing stored', async () => {
    const res = await post(srv, REPORT);
    assert.equal(res.status, 401);
    assert.equal((await res.json()).error.code, 'AUTH_REQUIRED');
    assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
    assert.equal(await srv.store.countDocuments(), 3);
  });

  test('a wrong token is refused and stores nothing; the right one ingests', async () => {
    for (const auth of [`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, 'Bearer ', `Basic ${TOKEN}`, TOKEN, `Bearer ${TOKEN.toUpperCase()}`]) {
      const res = await post(srv, REPORT, { authorization: auth });
      assert.equal(res.status, 401, auth);
      assert.match((await res.json()).error.code, /^AUTH_(INVALID|REQUIRED)$/, auth);
    }
    assert.equal(await srv.store.countDocuments(), 3, 'nothing was stored with a wrong token');
    const ok = await post(srv, REPORT, { authorization: `Bearer ${TOKEN}` });
    const body = await ok.json();
    assert.equal(ok.status, 201, JSON.stringify(body));
    assert.equal(body.status, 'inserted');
    assert.ok(body.incident_ids.length >= 1);
    assert.equal(await srv.store.countDocuments(), 4);
    const again = await post(srv, REPORT, { authorization: `Bearer ${TOKEN}` });
    assert.equal(again.status, 200);
    assert.equal((await again.json()).status, 'unchanged');
    const doc = await (await fetch(`${srv.base}/api/documents/${encodeURIComponent(body.doc_id)}`)).json();
    assert.equal(doc.title, 'Rockets at Erbil');
  });

  test('bad bodies are 400s with codes; URLs go through the safe fetcher', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const both = await post(srv, { text: 'a', html: '<p>b</p>' }, auth);
    assert.equal(both.status, 400);
    assert.equal((await both.json()).error.code, 'VALIDATION_FAILED');
    const badDate = await post(srv, { text: 'Rockets hit a base.', published: 'last week' }, auth);
    assert.equal((await badDate.json()).error.code, 'INPUT_MALFORMED');
    const notJson = await post(srv, '{not json', auth);
    assert.equal(notJson.status, 400);
    assert.equal((await notJson.json()).error.code, 'INVALID_JSON');
    const plain = await fetch(`${srv.base}/api/documents`, { method: 'POST', headers: { 'content-type': 'text/plain', ...auth }, body: 'Rockets hit a base.' });
    assert.equal(plain.status, 415);
    const emptyHtml = await post(srv, { html: '<html><body><nav>menu</nav></body></html>' }, auth);
    assert.equal((await emptyHtml.json()).error.code, 'INPUT_EMPTY');
    // Loopback is no public address: the fetcher refuses before connecting.
    const local = await post(srv, { url: 'http://127.0.0.1:9/report' }, auth);
    assert.equal(local.status, 400);
    assert.equal((await local.json()).error.code, 'FETCH_REFUSED');
    assert.equal(await srv.store.countDocuments(), 4);
  });

  test('a URL is fetched through the safe fetcher and ingested as the page it is', async () => {
    // A local server plays a public news site: the fetcher's test hook lets news.test (and only it) resolve to it.
    const page = '<html><head><title>Drone strike</title><meta property="og:site_name" content="Test News"></head><body><article><p>A drone struck a fuel depot in Kirkuk on Sunday, police said. Nobody was hurt.</p></article></body></html>';
    const site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page));
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', () => r()));
    const port = (site.address() as AddressInfo).port;
    const viaUrl = await startTestServer({
      token: TOKEN,
      context,
      fetch: { lookup: async () => [{ address: '127.0.0.1', family: 4 }], allowPrivateFor: [{ host: 'news.test', address: '127.0.0.1' }] },
    });
    try {
      const res = await post(viaUrl, { url: `http://news.test:${port}/kirkuk`, published: '2024-03-04' }, { authorization: `Bearer ${TOKEN}` });
      const body = await res.json();
      assert.equal(res.status, 201, JSON.stringify(body));
      const doc = await (await fetch(`${viaUrl.base}/api/documents/${encodeURIComponent(body.doc_id)}`)).json();
      assert.match(doc.text, /A drone struck a fuel depot in Kirkuk/);
      assert.equal(doc.url, `http://news.test:${port}/kirkuk`);
      assert.equal(doc.published, '2024-03-04');
      const other = await post(viaUrl, { url: `http://elsewhere.test:${port}/kirkuk` }, { authorization: `Bearer ${TOKEN}` });
      assert.equal((await other.json()).error.code, 'FETCH_REFUSED', 'any other name for the same address is refused');
    } finally {
      await viaUrl.close();
      await new Promise((r) => site.close(r));
    }
  });

  test('a server started without a token refuses ingestion outright', async () => {
    const closed = await startTestServer({ token: null });
    try {
      const res = await post(closed, REPORT, { authorization: 'Bearer anything' });
      assert.equal(res.status, 403);
      assert.equal((await res.json()).error.code, 'INGEST_DISABLED');
    } finally {
      await closed.close();
    }
  });
});

describe('limits', () => {
  test('a body over the limit is a 413, checked after the token', async () => {
    const srv = await startTestServer({ token: TOKEN, bodyLimit: 2048 });
    try {
      const big = { text: `Rockets hit the base. ${'x'.repeat(4096)}` };
      const res = await post(srv, big, { authorization: `Bearer ${TOKEN}` });
      assert.equal(res.status, 413);
      assert.equal((await res.json()).error.code, 'PAYLOAD_TOO_LARGE');
      const anonymous = await post(srv, big);
      assert.equal(anonymous.status, 401, 'an unauthenticated body is never read');
    } finally {
      await srv.close();
    }
  });

  test('the default body limit holds (2 MiB)', async () => {
    const srv = await startTestServer({ token: TOKEN });
    try {
      const res = await post(srv, { text: 'y'.repeat(2 * 1024 * 1024 + 10) }, { authorization: `Bearer ${TOKEN}` });
      assert.equal(res.status, 413);
    } finally {
      await srv.close();
    }
  });

  test('POSTs are rate-limited per client, with Retry-After; reads are not', async () => {
    const srv = await startTestServer({ token: TOKEN, rateLimit: { capacity: 3, refillPerSecond: 0.01 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await post(srv, { text: '' }, { authorization: 'Bearer wrong' })).status);
      assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
      const limited = await post(srv, REPORT, { authorization: `Bearer ${TOKEN}` });
      assert.equal(limited.status, 429);
      assert.equal((await limited.json()).error.code, 'RATE_LIMITED');
      assert.ok(Number(limited.headers.get('retry-after')) >= 1);
      for (let i = 0; i < 10; i++) assert.equal((await fetch(`${srv.base}/api/incidents?limit=1`)).status, 200);
    } finally {
      await srv.close();
    }
  });

  test('the token bucket refills with time and keeps clients apart', () => {
    let now = 0;
    const rl = new RateLimiter({ capacity: 2, refillPerSecond: 1 }, () => now);
    rl.take('a');
    rl.take('a');
    assert.throws(() => rl.take('a'), /too many requests/);
    rl.take('b');
    now = 1000;
    rl.take('a');
    assert.throws(() => rl.take('a'));
  });

  test('tokens compare whole, whatever their lengths', () => {
    assert.equal(tokensMatch('abc', 'abc'), true);
    assert.equal(tokensMatch('abc', 'abd'), false);
    assert.equal(tokensMatch('ab', 'abc'), false);
    assert.equal(tokensMatch('', 'abc'), false);
  });
});

describe('browser-facing headers', () => {
  let srv: TestServer;
  let web = '';
  before(async () => {
    web = mkdtempSync(join(tmpdir(), 'sitrep-web-'));
    mkdirSync(join(web, 'assets'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>t</title><script type="module" src="/assets/app.js"></script>');
    writeFileSync(join(web, 'assets', 'app.js'), 'console.log(1)');
    srv = await startTestServer({ webRoot: web });
  });
  after(async () => {
    await srv.close();
    rmSync(web, { recursive: true, force: true });
  });

  test('CORS is closed by default: no Access-Control-Allow-Origin, no preflight', async () => {
    const res = await fetch(`${srv.base}/api/incidents`, { headers: { origin: 'https://evil.example' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
    const pre = await fetch(`${srv.base}/api/documents`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    assert.equal(pre.headers.get('access-control-allow-origin'), null);
    assert.equal(pre.headers.get('access-control-allow-methods'), null);
  });

  test('--cors-origin opens the API to that one origin only', async () => {
    const open = await startTestServer({ corsOrigin: 'https://newsroom.example' });
    try {
      const ok = await fetch(`${open.base}/api/incidents`, { headers: { origin: 'https://newsroom.example' } });
      assert.equal(ok.headers.get('access-control-allow-origin'), 'https://newsroom.example');
      const other = await fetch(`${open.base}/api/incidents`, { headers: { origin: 'https://evil.example' } });
      assert.equal(other.headers.get('access-control-allow-origin'), null);
      const pre = await fetch(`${open.base}/api/documents`, { method: 'OPTIONS', headers: { origin: 'https://newsroom.example', 'access-control-request-method': 'POST' } });
      assert.equal(pre.status, 204);
      assert.match(pre.headers.get('access-control-allow-methods') ?? '', /POST/);
      assert.match(pre.headers.get('access-control-allow-headers') ?? '', /Authorization/i);
    } finally {
      await open.close();
    }
  });

  test('every response carries the security headers; the dashboard a strict CSP', async () => {
    for (const path of ['/', '/assets/app.js', '/api/incidents', '/api/incidents/nope', '/api/export.csv', '/openapi.json']) {
      const res = await fetch(`${srv.base}${path}`);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(res.headers.get('x-frame-options'), 'DENY', path);
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer', path);
      assert.ok(res.headers.get('content-security-policy'), path);
    }
    const page = await fetch(`${srv.base}/`);
    assert.match(await page.text(), /<script type="module" src="\/assets\/app.js">/);
    const csp = page.headers.get('content-security-policy') ?? '';
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    assert.deepEqual(directives.get('default-src'), ["'self'"]);
    assert.deepEqual(directives.get('script-src'), ["'self'"], 'no inline scripts, no eval');
    assert.deepEqual(directives.get('img-src'), ["'self'", 'data:']);
    assert.deepEqual(directives.get('frame-ancestors'), ["'none'"]);
    assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'), csp);
  });

  test('without a built dashboard, / says how to build it', async () => {
    const bare = await startTestServer({ webRoot: join(web, 'missing') });
    try {
      const res = await fetch(`${bare.base}/`);
      assert.match(await res.text(), /npm run build:web/);
    } finally {
      await bare.close();
    }
  });
});

describe('hostile filter values', () => {
  let srv: TestServer;
  before(async () => {
    srv = await startTestServer();
  });
  after(async () => srv.close());

  const HOSTILE = ["' OR '1'='1", "'; DROP TABLE incidents; --", '1; DELETE FROM documents', '" OR ""="', '%', '_', '\\', 'NULL', ') OR (1=1', "admin'--", 'x UNION SELECT record FROM incidents --', '%00', '\u0000', '<script>alert(1)</script>'];
  const FREE_TEXT = ['country', 'admin1', 'actor', 'weapon', 'q'];
  const TYPED = ['since', 'until', 'outcome', 'disputed', 'bbox', 'sort', 'limit', 'cursor', 'interval', 'by'];

  test('in free-text filters they match nothing and break nothing', async () => {
    for (const key of FREE_TEXT) {
      for (const v of HOSTILE) {
        for (const path of ['/api/incidents', '/api/aggregates', '/api/export.json']) {
          const res = await fetch(`${srv.base}${path}?${new URLSearchParams({ [key]: v })}`);
          assert.ok(res.status === 200 || res.status === 400, `${path} ${key}=${JSON.stringify(v)}: ${res.status}`);
          if (res.status !== 200) continue;
          const body = await res.json();
          if (path === '/api/incidents') assert.ok(body.total === 0 || key === 'q', `${key}=${JSON.stringify(v)} matched ${body.total}`);
        }
      }
    }
    assert.equal(await srv.store.countIncidents(), 5);
    assert.equal(await srv.store.countDocuments(), 3);
  });

  test('in typed filters they are refused as invalid, never a fault', async () => {
    for (const key of TYPED) {
      for (const v of HOSTILE) {
        const path = key === 'interval' || key === 'by' ? '/api/aggregates' : '/api/incidents';
        const res = await fetch(`${srv.base}${path}?${new URLSearchParams({ [key]: v })}`);
        assert.equal(res.status, 400, `${key}=${JSON.stringify(v)}`);
        const body = await res.json();
        assert.match(body.error.code, /^(VALIDATION_FAILED|INVALID_CURSOR)$/);
      }
    }
    for (const v of HOSTILE) {
      const res = await fetch(`${srv.base}/api/incidents/${encodeURIComponent(v)}`);
      assert.ok(res.status === 404, `id ${JSON.stringify(v)}: ${res.status}`);
      const doc = await fetch(`${srv.base}/api/documents/${encodeURIComponent(v)}`);
      assert.ok(doc.status === 404, `doc ${JSON.stringify(v)}: ${doc.status}`);
    }
    assert.equal(await srv.store.countIncidents(), 5);
    assert.deepEqual((await (await fetch(`${srv.base}/api/incidents?country=IQ`)).json()).total, 3);
  });
});
