import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fixed, startServer, type LocalServer } from '../../test/local-server.js';

const ROOT = new URL('../../', import.meta.url).pathname;

const ARTICLE = (place: string) => `<html><head><title>Rockets hit ${place}</title></head><body><article>
  <p>Two rockets struck ${place} on Monday, injuring one contractor, a U.S. official said.</p></article></body></html>`;

let server: LocalServer;
let dir = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sitrep-watch-'));
  server = await startServer({
    '/a1': fixed(ARTICLE('Erbil air base')),
    '/a2': fixed(ARTICLE('Ain al-Asad air base')),
    '/broken.xml': fixed('oops', { 'content-type': 'text/plain' }, 503),
  });
  const o = server.origin;
  const feed = `<?xml version="1.0"?><rss version="2.0"><channel><title>CLI Wire</title>
    <item><title>One</title><link>${o}/a1</link><guid>cli-1</guid><pubDate>Mon, 04 Mar 2024 18:00:00 GMT</pubDate></item>
    <item><title>Two</title><link>${o}/a2</link><guid>cli-2</guid><pubDate>Tue, 05 Mar 2024 18:00:00 GMT</pubDate></item></channel></rss>`;
  server.route('/feed.xml', (req, res) => {
    if (req.headers['if-none-match'] === '"cli-v1"') res.writeHead(304, { etag: '"cli-v1"' }).end();
    else res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"cli-v1"' }).end(feed);
  });
});
after(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function sitrep(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin/sitrep.js'), ...args], { cwd: ROOT, timeout: 60_000 }, (err, _stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stderr });
    });
  });
}

test('sitrep watch --once: two items once, then 304 and nothing new; a failing feed backs off (refusals without --allow-private: watch.test.ts)', { timeout: 120_000 }, async () => {
  const db = join(dir, 'watch.db');
  // The feeds come from an OPML file, as a subscription list would.
  const opml = join(dir, 'subs.opml');
  await writeFile(opml, `<opml version="2.0"><body><outline xmlUrl="${server.origin}/feed.xml"/><outline xmlUrl="${server.origin}/broken.xml"/></body></opml>`);
  const args = ['watch', opml, '--once', '--allow-private', '--polite-delay', '0', '--db', db];

  const first = await sitrep(args);
  assert.equal(first.code, 2, first.stderr);
  assert.match(first.stderr, /feed\.xml: 2 new item\(s\): 2 stored, 0 unchanged/);
  assert.match(first.stderr, /broken\.xml: failed, next try after .*HTTP 503/);
  assert.equal(server.hits('/a1') + server.hits('/a2'), 2);
  assert.equal(server.hits('/broken.xml'), 1);

  const second = await sitrep(args);
  assert.match(second.stderr, /feed\.xml: not modified/);
  assert.equal(server.requests.filter((r) => r.path === '/feed.xml').at(-1)?.headers['if-none-match'], '"cli-v1"');
  assert.equal(server.hits('/a1') + server.hits('/a2'), 2);
  assert.match(second.stderr, /broken\.xml: backing off until /);
  assert.equal(server.hits('/broken.xml'), 1);
  assert.equal(second.code, 0, second.stderr);
});

test('sitrep watch without --once polls every interval and stops cleanly on SIGTERM', { timeout: 120_000 }, async () => {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [join(ROOT, 'bin/sitrep.js'), 'watch', `${server.origin}/feed.xml`, '--interval', '1', '--allow-private', '--polite-delay', '0', '--db', join(dir, 'loop.db')], { cwd: ROOT });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // Bounded wait for two rounds: the first stores the items, the second finds the feed not modified.
  for (let i = 0; i < 600 && !/not modified/.test(stderr); i++) await new Promise((r) => setTimeout(r, 100));
  assert.match(stderr, /2 new item\(s\)[\s\S]*not modified/);
  child.kill('SIGTERM');
  assert.equal(await exited, 0, stderr);
});
