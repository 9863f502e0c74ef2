import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { SitrepError } from '../../core/errors.js';
import { fixed, startServer, type LocalServer } from '../../../test/local-server.js';
import { blockedAddressReason, blockedHostReason } from './address-policy.js';
import { fetchUrl, type FetchOptions } from './fetch-url.js';

const isCode = (code: string, pattern?: RegExp) => (e: unknown): boolean => {
  assert.ok(e instanceof SitrepError, `expected a SitrepError, got ${String(e)}`);
  assert.equal(e.code, code, e.message);
  if (pattern) assert.match(e.message, pattern);
  assert.ok(!e.message.includes('\n'), 'one line');
  return true;
};

const PAGE = '<html><head><title>Test page</title></head><body><article><p>Two rockets hit the depot.</p></article></body></html>';

let server: LocalServer;
/**
 * The test hook: `news.test` resolves to this machine's test server, and only that pairing of name and address is
 * let through the private-address check, so the server can play a public news site.
 */
let asPublic: FetchOptions;

before(async () => {
  server = await startServer({
    '/article': fixed(PAGE, { etag: '"v1"', 'last-modified': 'Wed, 06 Mar 2024 10:00:00 GMT' }),
    '/secret': fixed('<p>internal</p>'),
    '/to-secret': (_req, res) => res.writeHead(302, { location: `http://127.0.0.1:${server.port}/secret` }).end(),
    '/to-localhost': (_req, res) => res.writeHead(301, { location: `http://localhost:${server.port}/secret` }).end(),
    '/to-other-name': (_req, res) => res.writeHead(307, { location: `http://other.test:${server.port}/secret` }).end(),
    '/to-metadata': (_req, res) => res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
    '/to-mapped': (_req, res) => res.writeHead(302, { location: `http://[::ffff:127.0.0.1]:${server.port}/secret` }).end(),
    '/to-file': (_req, res) => res.writeHead(302, { location: 'file:///etc/passwd' }).end(),
    '/to-article': (_req, res) => res.writeHead(303, { location: '/article' }).end(),
    '/loop': (_req, res) => res.writeHead(302, { location: '/loop' }).end(),
    '/big': fixed('x'.repeat(4000)),
    '/big-chunked': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      for (let i = 0; i < 40; i++) res.write('y'.repeat(100));
      res.end();
    },
    '/bomb': fixed(gzipSync(Buffer.alloc(2_000_000, 0x61)), { 'content-encoding': 'gzip', 'content-type': 'text/plain' }),
    '/gzip': fixed(gzipSync(Buffer.from(PAGE)), { 'content-encoding': 'gzip' }),
    '/stall': () => {
      // Never answers: the request must give up on its own.
    },
    '/drip': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      let n = 0;
      const t = setInterval(() => {
        if (++n > 100 || res.destroyed) {
          clearInterval(t);
          res.end();
          return;
        }
        res.write('.');
      }, 50);
    },
    '/latin1': fixed(Buffer.from([0x43, 0x61, 0x66, 0xe9]), { 'content-type': 'text/plain; charset=windows-1252' }),
    '/conditional': (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') res.writeHead(304, { etag: '"v1"' }).end();
      else res.writeHead(200, { etag: '"v1"', 'content-type': 'text/plain' }).end('fresh');
    },
  });
  asPublic = {
    lookup: async (host) => {
      if (host === 'news.test' || host === 'other.test') return [{ address: '127.0.0.1', family: 4 }];
      throw Object.assign(new Error(`no such host ${host}`), { code: 'ENOTFOUND' });
    },
    allowPrivateFor: [{ host: 'news.test', address: '127.0.0.1' }],
  };
});
after(() => server.close());

describe('fetchUrl refuses what it must not reach', () => {
  test('a loopback address is refused before any request is sent', async () => {
    const before = server.requests.length;
    await assert.rejects(fetchUrl(`${server.origin}/secret`), isCode('FETCH_REFUSED', /refused http:\/\/127\.0\.0\.1:\d+\/secret: .*loopback/));
    // The check runs before connecting: remove it and the server sees a request and this fails.
    assert.equal(server.requests.length, before);
    assert.equal(server.hits('/secret'), 0);
  });

  test('localhost, IPv4-mapped IPv6, 0.0.0.0, numeric forms and the metadata host are refused', async () => {
    for (const url of [
      `http://localhost:${server.port}/secret`,
      `http://[::ffff:127.0.0.1]:${server.port}/secret`,
      `http://[::1]:${server.port}/secret`,
      `http://0.0.0.0:${server.port}/secret`,
      `http://2130706433:${server.port}/secret`,
      `http://0x7f.1:${server.port}/secret`,
      'http://169.254.169.254/latest/meta-data/',
      'http://metadata.google.internal/computeMetadata/v1/',
      'http://10.0.0.1/',
      'http://192.168.1.1/',
      'http://172.16.5.4/',
      'http://100.64.1.1/',
      'http://[fd00::1]/',
      'http://[fe80::1]/',
    ]) {
      await assert.rejects(fetchUrl(url, { timeoutMs: 2000 }), isCode('FETCH_REFUSED'), url);
    }
    assert.equal(server.hits('/secret'), 0);
  });

  test('a name that resolves to a private address, or to any private address among public ones, is refused', async () => {
    const lookup = async () => [{ address: '93.184.216.34', family: 4 }, { address: '10.1.2.3', family: 4 }];
    await assert.rejects(fetchUrl('http://mixed.test/', { lookup }), isCode('FETCH_REFUSED', /mixed\.test resolves to 10\.1\.2\.3, a private address/));
  });

  test('only http and https: file, ftp, data and javascript URLs are refused', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://example.com/x', 'data:text/html,<p>x</p>', 'javascript:alert(1)', 'gopher://example.com/']) {
      await assert.rejects(fetchUrl(url), isCode('FETCH_REFUSED', /only http and https/), url);
    }
    await assert.rejects(fetchUrl('not a url'), isCode('FETCH_REFUSED', /not a valid URL/));
  });

  test('the address rules', () => {
    for (const a of ['127.0.0.1', '127.8.9.1', '10.0.0.1', '172.16.0.1', '172.31.255.254', '192.168.0.1', '169.254.169.254', '100.64.0.1', '100.127.255.254', '0.0.0.0', '::', '::1', 'fc00::1', 'fd00:ec2::254', 'fe80::1', '::ffff:10.0.0.1', '::ffff:169.254.169.254', '::ffff:7f00:1', '64:ff9b::7f00:1', '2002:a9fe:a9fe::1']) {
      assert.ok(blockedAddressReason(a), a);
    }
    for (const a of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
      assert.equal(blockedAddressReason(a), null, a);
    }
    for (const h of ['localhost', 'LOCALHOST.', 'api.localhost', 'metadata.google.internal', 'printer.local']) assert.ok(blockedHostReason(h), h);
    assert.equal(blockedHostReason('news.example.com'), null);
  });
});

describe('fetchUrl with the test hook (news.test plays a public site)', () => {
  test('a page is fetched, with its validators, through the pinned address', async () => {
    let lookups = 0;
    const r = await fetchUrl(`http://news.test:${server.port}/article`, {
      ...asPublic,
      // A rebinding resolver: the first answer is the vetted one, later answers point elsewhere. Only one lookup
      // may happen, and the socket must use its answer.
      lookup: async () => (++lookups === 1 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.9.9.9', family: 4 }]),
    });
    assert.equal(r.status, 200);
    assert.equal(r.body, PAGE);
    assert.equal(r.etag, '"v1"');
    assert.equal(r.lastModified, 'Wed, 06 Mar 2024 10:00:00 GMT');
    assert.equal(r.notModified, false);
    assert.equal(lookups, 1);
    const seen = server.requests.at(-1)!;
    assert.equal(seen.headers.host, `news.test:${server.port}`);
    assert.match(String(seen.headers['user-agent']), /^sitrep\//);
  });

  test('the hook covers that name only: the same address by another name is refused', async () => {
    await assert.rejects(fetchUrl(`http://other.test:${server.port}/secret`, asPublic), isCode('FETCH_REFUSED', /other\.test resolves to 127\.0\.0\.1/));
  });

  test('a redirect to a private address from an allowed host is refused, and the private URL is never requested', async () => {
    for (const path of ['/to-secret', '/to-localhost', '/to-other-name', '/to-metadata', '/to-mapped']) {
      await assert.rejects(
        fetchUrl(`http://news.test:${server.port}${path}`, { ...asPublic, timeoutMs: 2000 }),
        isCode('FETCH_REFUSED', /redirected from http:\/\/news\.test/),
        path,
      );
    }
    assert.equal(server.hits('/secret'), 0);
  });

  test('a redirect to another scheme is refused', async () => {
    await assert.rejects(fetchUrl(`http://news.test:${server.port}/to-file`, asPublic), isCode('FETCH_REFUSED', /only http and https/));
  });

  test('a relative redirect is followed and the final URL reported', async () => {
    const r = await fetchUrl(`http://news.test:${server.port}/to-article`, asPublic);
    assert.equal(r.url, `http://news.test:${server.port}/article`);
    assert.equal(r.redirects, 1);
    assert.equal(r.body, PAGE);
  });

  test('too many redirects', async () => {
    const before = server.hits('/loop');
    await assert.rejects(fetchUrl(`http://news.test:${server.port}/loop`, { ...asPublic, maxRedirects: 3 }), isCode('FETCH_REFUSED', /too many redirects .*more than 3/));
    assert.equal(server.hits('/loop') - before, 4);
  });

  test('the size limit: by Content-Length, while streaming, and after decompression', async () => {
    await assert.rejects(fetchUrl(`http://news.test:${server.port}/big`, { ...asPublic, maxBytes: 1000 }), isCode('INPUT_TOO_LARGE', /over the 0\.001 MB limit/));
    await assert.rejects(fetchUrl(`http://news.test:${server.port}/big-chunked`, { ...asPublic, maxBytes: 1000 }), isCode('INPUT_TOO_LARGE'));
    await assert.rejects(fetchUrl(`http://news.test:${server.port}/bomb`, { ...asPublic, maxBytes: 100_000 }), isCode('INPUT_TOO_LARGE'));
    assert.equal((await fetchUrl(`http://news.test:${server.port}/big`, { ...asPublic, maxBytes: 4000 })).body.length, 4000);
    assert.equal((await fetchUrl(`http://news.test:${server.port}/gzip`, asPublic)).body, PAGE);
  });

  test('the time limit covers a server that never answers and a body that never ends', async () => {
    for (const path of ['/stall', '/drip']) {
      const started = Date.now();
      await assert.rejects(fetchUrl(`http://news.test:${server.port}${path}`, { ...asPublic, timeoutMs: 300 }), isCode('FETCH_TIMEOUT', /timed out fetching .* after 300 ms/), path);
      assert.ok(Date.now() - started < 3000, `${path} took ${Date.now() - started} ms`);
    }
  });

  test('a conditional request answered 304 is notModified', async () => {
    const fresh = await fetchUrl(`http://news.test:${server.port}/conditional`, asPublic);
    assert.equal(fresh.body, 'fresh');
    const again = await fetchUrl(`http://news.test:${server.port}/conditional`, { ...asPublic, ifNoneMatch: fresh.etag! });
    assert.equal(again.status, 304);
    assert.equal(again.notModified, true);
    assert.equal(again.body, '');
    assert.equal(server.requests.at(-1)!.headers['if-none-match'], '"v1"');
  });

  test('the charset in Content-Type is honoured', async () => {
    assert.equal((await fetchUrl(`http://news.test:${server.port}/latin1`, asPublic)).body, 'Café');
  });
});

test('allowPrivate reaches a local server', async () => {
  const r = await fetchUrl(`${server.origin}/article`, { allowPrivate: true });
  assert.equal(r.status, 200);
  assert.equal(r.body, PAGE);
});
