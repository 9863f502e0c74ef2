import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { context } from '../../test/helpers.js';
import { fixed, startServer, type LocalServer } from '../../test/local-server.js';
import type { FetchOptions } from '../stages/ingest/fetch-url.js';
import { feedStateContract } from '../store/feed-state-contract.js';
import type { Repository } from '../store/repository.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import { FeedWatcher, nextDue, type WatchSettings } from './watch.js';

feedStateContract('sqlite :memory:', async () => openSqliteStore(':memory:'));

// Reports written for these tests.
const ARTICLE_1 = `<html><head><title>Rockets hit Erbil air base</title></head><body><article>
  <p>Two rockets struck Erbil air base in northern Iraq on Monday, injuring one contractor, a U.S. official said.</p>
  <p>A third rocket was intercepted by air defences, the official added.</p></article></body></html>`;
const ARTICLE_2 = `<html><head><title>Drone downed near Tal Baydar</title><meta property="article:published_time" content="2024-02-03T09:00:00Z"></head>
  <body><article><p>A drone launched at the coalition base at Tal Baydar in Hasakah province was shot down on Saturday, a Syrian Democratic Forces spokesperson said.</p></article></body></html>`;
const ARTICLE_3 = `<html><head><title>Mortars hit Kharkiv market</title></head><body><article>
  <p>Mortar rounds hit a market in Kharkiv on Sunday, killing two people, the regional governor said.</p></article></body></html>`;

const HOST = 'news.test';

function rss(port: number, items: { path: string; guid: string; date: string }[]): string {
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>${items
    .map((i) => `<item><title>${i.guid}</title><link>http://${HOST}:${port}${i.path}</link><guid isPermaLink="false">${i.guid}</guid><pubDate>${i.date}</pubDate></item>`)
    .join('')}</channel></rss>`;
}

describe('FeedWatcher against a local feed server', () => {
  let server: LocalServer;
  let store: Repository;
  let clock = Date.parse('2024-03-05T12:00:00Z');
  let feedBody = '';
  let etag = '"v1"';
  let articleStatus = 200;
  /** news.test is the local server, and only that name may reach it (fetch-url.ts, allowPrivateFor). */
  let hook: FetchOptions;
  const inFlight = { now: 0, max: 0 };
  const spans: { path: string; start: number; end: number }[] = [];

  const settings = (over: Partial<WatchSettings> = {}): WatchSettings => ({
    intervalSec: 300,
    politeDelayMs: 0,
    maxBackoffSec: 6 * 3600,
    maxSeen: 100,
    fetch: { ...hook, timeoutMs: 5_000 },
    now: () => new Date(clock),
    log: () => {},
    ...over,
  });

  before(async () => {
    server = await startServer();
    const track = (path: string, handler: Parameters<LocalServer['route']>[1]): void =>
      server.route(path, (req, res) => {
        const span = { path, start: Date.now(), end: 0 };
        inFlight.now++;
        inFlight.max = Math.max(inFlight.max, inFlight.now);
        res.on('finish', () => {
          inFlight.now--;
          span.end = Date.now();
          spans.push(span);
        });
        // A little latency makes overlapping requests visible.
        setTimeout(() => handler(req, res), 20);
      });
    track('/feed.xml', (req, res) => {
      if (req.headers['if-none-match'] === etag) res.writeHead(304, { etag }).end();
      else res.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(feedBody);
    });
    track('/broken.xml', fixed('oops', { 'content-type': 'text/plain' }, 500));
    track('/a1', fixed(ARTICLE_1));
    track('/a2', fixed(ARTICLE_2));
    track('/a3', (req, res) => fixed(ARTICLE_3, {}, articleStatus)(req, res));
    hook = { lookup: async () => [{ address: '127.0.0.1', family: 4 }], allowPrivateFor: [{ host: HOST, address: '127.0.0.1' }] };
  });
  after(() => server.close());
  beforeEach(() => {
    store = openSqliteStore(':memory:');
    etag = '"v1"';
    articleStatus = 200;
    feedBody = rss(server.port, [
      { path: '/a2', guid: 'wire-2', date: 'Sat, 03 Feb 2024 10:00:00 GMT' },
      { path: '/a1', guid: 'wire-1', date: 'Mon, 04 Mar 2024 18:00:00 GMT' },
    ]);
  });

  const feedUrl = () => `http://${HOST}:${server.port}/feed.xml`;

  test('two items are ingested once; the next poll is conditional, gets 304 and ingests nothing', async () => {
    const w = new FeedWatcher(store, context(), settings());
    const first = await w.poll(feedUrl());
    assert.equal(first.status, 'updated', first.error);
    assert.deepEqual([first.newItems, first.inserted, first.failedItems.length], [2, 2, 0]);
    assert.equal(await store.countDocuments(), 2);
    const docs = await store.listDocuments();
    const byTitle = new Map(docs.map((d) => [d.title, d]));
    // The page without a date takes the feed item's; the page with one keeps its own.
    assert.equal(byTitle.get('Rockets hit Erbil air base')?.published, '2024-03-04');
    assert.equal(byTitle.get('Drone downed near Tal Baydar')?.published, '2024-02-03');
    assert.equal(byTitle.get('Rockets hit Erbil air base')?.url, `http://${HOST}:${server.port}/a1`);
    assert.ok((await store.countEvents()) >= 1);
    const state = await store.getFeedState(feedUrl());
    assert.equal(state?.etag, '"v1"');
    assert.deepEqual(state?.seen.sort(), ['wire-1', 'wire-2']);

    const hits = server.hits('/a1') + server.hits('/a2');
    const second = await w.poll(feedUrl());
    assert.equal(second.status, 'not-modified');
    assert.equal(server.requests.filter((r) => r.path === '/feed.xml').at(-1)?.headers['if-none-match'], '"v1"');
    assert.equal(server.hits('/a1') + server.hits('/a2'), hits);
    assert.equal(await store.countDocuments(), 2);
  });

  test('a changed feed: only the new item is fetched', async () => {
    const w = new FeedWatcher(store, context(), settings());
    await w.poll(feedUrl());
    const before = server.hits('/a1');
    etag = '"v2"';
    feedBody = rss(server.port, [
      { path: '/a3', guid: 'wire-3', date: 'Sun, 03 Mar 2024 07:00:00 GMT' },
      { path: '/a2', guid: 'wire-2', date: 'Sat, 03 Feb 2024 10:00:00 GMT' },
      { path: '/a1', guid: 'wire-1', date: 'Mon, 04 Mar 2024 18:00:00 GMT' },
    ]);
    const r = await w.poll(feedUrl());
    assert.deepEqual([r.status, r.newItems, r.inserted], ['updated', 1, 1]);
    assert.equal(server.hits('/a1'), before);
    assert.equal(await store.countDocuments(), 3);
  });

  test('a failing feed backs off exponentially and recovers', async () => {
    const url = `http://${HOST}:${server.port}/broken.xml`;
    const w = new FeedWatcher(store, context(), settings());
    const hits = () => server.hits('/broken.xml');
    const r1 = await w.poll(url);
    assert.equal(r1.status, 'failed');
    assert.match(r1.error!, /HTTP 500/);
    assert.equal((await store.getFeedState(url))?.failures, 1);
    assert.equal(hits(), 1);

    // Right away, and just before one interval: left alone.
    assert.equal((await w.poll(url)).status, 'backing-off');
    clock += 299_000;
    assert.equal((await w.poll(url)).status, 'backing-off');
    assert.equal(hits(), 1);
    // After one interval it is tried again, fails, and now waits two intervals.
    clock += 2_000;
    assert.equal((await w.poll(url)).status, 'failed');
    assert.equal(hits(), 2);
    const state = (await store.getFeedState(url))!;
    assert.equal(state.failures, 2);
    assert.equal(nextDue(state, { intervalSec: 300, maxBackoffSec: 6 * 3600 }) - Date.parse(state.lastChecked!), 600_000);
    clock += 400_000;
    assert.equal((await w.poll(url)).status, 'backing-off');
    assert.equal(hits(), 2);
    clock += 200_001;
    assert.equal((await w.poll(url)).status, 'failed');
    assert.equal((await store.getFeedState(url))?.failures, 3);
    // The backoff is capped.
    assert.equal(nextDue({ ...state, failures: 40 }, { intervalSec: 300, maxBackoffSec: 3600 }) - Date.parse(state.lastChecked!), 3_600_000);
    // A success resets it.
    clock += 3_600_000;
    const ok = await w.poll(feedUrl());
    assert.equal(ok.status, 'updated');
    assert.equal((await store.getFeedState(feedUrl()))?.failures, 0);
  });

  test('an article that fails for now is retried on the next poll, which fetches the whole feed again', async () => {
    feedBody = rss(server.port, [{ path: '/a3', guid: 'wire-3', date: 'Sun, 03 Mar 2024 07:00:00 GMT' }]);
    articleStatus = 503;
    const w = new FeedWatcher(store, context(), settings());
    const r1 = await w.poll(feedUrl());
    assert.equal(r1.status, 'updated');
    assert.deepEqual(r1.failedItems.map((f) => f.retry), [true]);
    assert.equal((await store.getFeedState(feedUrl()))?.etag, null);
    articleStatus = 200;
    const r2 = await w.poll(feedUrl());
    assert.equal(server.requests.filter((r) => r.path === '/feed.xml').at(-1)?.headers['if-none-match'], undefined);
    assert.deepEqual([r2.status, r2.inserted], ['updated', 1]);
    // A 404 is final: the item is not tried again.
    etag = '"v3"';
    feedBody = rss(server.port, [{ path: '/gone', guid: 'wire-gone', date: 'Sun, 03 Mar 2024 07:00:00 GMT' }]);
    const r3 = await w.poll(feedUrl());
    assert.deepEqual(r3.failedItems.map((f) => f.retry), [false]);
    assert.ok((await store.getFeedState(feedUrl()))?.seen.includes('wire-gone'));
  });

  test('one request per host at a time, with the polite delay between them', async () => {
    feedBody = rss(server.port, [
      { path: '/a1', guid: 'p-1', date: 'Mon, 04 Mar 2024 18:00:00 GMT' },
      { path: '/a2', guid: 'p-2', date: 'Sat, 03 Feb 2024 10:00:00 GMT' },
      { path: '/a3', guid: 'p-3', date: 'Sun, 03 Mar 2024 07:00:00 GMT' },
    ]);
    etag = '"polite"';
    spans.length = 0;
    inFlight.max = 0;
    const w = new FeedWatcher(store, context(), settings({ politeDelayMs: 150 }));
    // Two polls of the same feed at once still share the host's queue.
    await Promise.all([w.poll(feedUrl()), w.poll(feedUrl())]);
    assert.equal(inFlight.max, 1);
    const ordered = [...spans].sort((a, b) => a.start - b.start);
    assert.ok(ordered.length >= 4, `${ordered.length} requests`);
    for (let i = 1; i < ordered.length; i++) {
      assert.ok(ordered[i].start - ordered[i - 1].end >= 140, `gap ${ordered[i].start - ordered[i - 1].end} ms before ${ordered[i].path}`);
    }
  });

  test('a feed on a private address is refused without allowPrivate, and that counts as a failure', async () => {
    const w = new FeedWatcher(store, context(), settings({ fetch: { timeoutMs: 2_000 } }));
    const before = server.hits('/feed.xml');
    const r = await w.poll(`${server.origin}/feed.xml`);
    assert.equal(r.status, 'failed');
    assert.match(r.error!, /FETCH_REFUSED/);
    assert.equal(server.hits('/feed.xml'), before);
  });
});
