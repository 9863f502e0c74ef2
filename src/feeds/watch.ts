/**
 * Polling feeds: each feed is fetched with a conditional GET (the ETag and Last-Modified of its last full answer
 * are kept in the store), its new items' articles are fetched with the same safe fetcher and limits, and each
 * article goes through the one ingest path (ingestDocument), dated by the feed item when the page has no date.
 * Requests are polite per host (HostThrottle); a feed that fails backs off exponentially.
 */
import type { NewDocument } from '../core/document.js';
import { isSitrepError, SitrepError } from '../core/errors.js';
import { ingestDocument } from '../ingest-service.js';
import type { StageContext } from '../stages/context.js';
import { fetchUrl, type FetchOptions } from '../stages/ingest/fetch-url.js';
import { readUrl } from '../stages/ingest/read-inputs.js';
import type { FeedState, Repository } from '../store/repository.js';
import { parseFeed, type FeedItem } from './parse.js';
import { HostThrottle } from './throttle.js';

export interface WatchSettings {
  /** Seconds between polls of a healthy feed; also the first backoff step. */
  intervalSec: number;
  /** Least time between two requests to one host. */
  politeDelayMs: number;
  /** The longest a failing feed is left alone. */
  maxBackoffSec: number;
  /** Limits and switches for every request (allowPrivate, timeouts, the test DNS hook). */
  fetch: FetchOptions;
  /** How many item keys a feed remembers. */
  maxSeen: number;
  now: () => Date;
  log: (line: string) => void;
}

export const WATCH_DEFAULTS = { intervalSec: 300, politeDelayMs: 1_000, maxBackoffSec: 6 * 3600, maxSeen: 2_000 } as const;

const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1';

export interface FeedReport {
  url: string;
  status: 'updated' | 'not-modified' | 'failed' | 'backing-off';
  /** Items in the feed not seen before. */
  newItems: number;
  inserted: number;
  unchanged: number;
  /** Articles that could not be read; `retry` ones are tried again on the next poll. */
  failedItems: { link: string; error: string; retry: boolean }[];
  error?: string;
  /** When a backing-off feed is next due (ISO). */
  nextCheck?: string;
}

/** When a feed with this state may be polled again. A healthy feed is always due; a failing one waits 1, 2, 4, … intervals. */
export function nextDue(state: FeedState | null, s: Pick<WatchSettings, 'intervalSec' | 'maxBackoffSec'>): number {
  if (!state || !state.lastChecked || state.failures <= 0) return Number.NEGATIVE_INFINITY;
  const waitSec = Math.min(s.intervalSec * 2 ** Math.min(state.failures - 1, 30), s.maxBackoffSec);
  return Date.parse(state.lastChecked) + waitSec * 1000;
}

/** Errors worth retrying on the next poll: timeouts, network failures and server errors. */
function transient(e: SitrepError): boolean {
  if (e.code === 'FETCH_TIMEOUT') return true;
  if (e.code !== 'FETCH_FAILED') return false;
  return !/HTTP 4\d\d\b/.test(e.message);
}

export class FeedWatcher {
  private readonly throttle: HostThrottle;

  constructor(
    private readonly store: Repository,
    private readonly ctx: StageContext,
    private readonly s: WatchSettings,
  ) {
    this.throttle = new HostThrottle(s.politeDelayMs);
  }

  /** Poll every due feed once; feeds on different hosts run side by side. */
  async round(feeds: readonly string[]): Promise<FeedReport[]> {
    return Promise.all(feeds.map((url) => this.poll(url)));
  }

  async poll(url: string): Promise<FeedReport> {
    const report: FeedReport = { url, status: 'failed', newItems: 0, inserted: 0, unchanged: 0, failedItems: [] };
    const before = await this.store.getFeedState(url);
    const state: FeedState = before ?? { url, etag: null, lastModified: null, lastChecked: null, failures: 0, lastError: null, seen: [] };
    const due = nextDue(before, this.s);
    if (due > this.s.now().getTime()) {
      report.status = 'backing-off';
      report.nextCheck = new Date(due).toISOString();
      report.error = state.lastError ?? undefined;
      return report;
    }
    const checkedAt = this.s.now().toISOString();
    try {
      const r = await this.throttle.run(url, () =>
        fetchUrl(url, { ...this.s.fetch, accept: FEED_ACCEPT, ifNoneMatch: state.etag ?? undefined, ifModifiedSince: state.lastModified ?? undefined }),
      );
      if (r.notModified) {
        await this.store.putFeedState({ ...state, lastChecked: checkedAt, failures: 0, lastError: null });
        report.status = 'not-modified';
        return report;
      }
      if (r.status < 200 || r.status > 299) throw new SitrepError('FETCH_FAILED', `cannot fetch ${r.url}: HTTP ${r.status}`);
      const feed = parseFeed(r.body, url, r.url);
      const seen = new Set(state.seen);
      const fresh = feed.items.filter((i) => i.link && !seen.has(itemKey(i)));
      report.newItems = fresh.length;
      let retryLater = false;
      // Oldest first, so the store's ingest order follows the feed's.
      for (const item of [...fresh].reverse()) {
        const outcome = await this.ingestItem(item, report);
        if (outcome === 'retry') retryLater = true;
        else seen.add(itemKey(item));
      }
      const keys = [...seen].slice(-this.s.maxSeen);
      // With an article left to retry, the validators are not kept: the next poll gets the whole feed again.
      await this.store.putFeedState({
        url,
        etag: retryLater ? state.etag : r.etag,
        lastModified: retryLater ? state.lastModified : r.lastModified,
        lastChecked: checkedAt,
        failures: 0,
        lastError: null,
        seen: keys,
      });
      report.status = 'updated';
      return report;
    } catch (e) {
      if (!isSitrepError(e)) throw e;
      const failures = state.failures + 1;
      await this.store.putFeedState({ ...state, lastChecked: checkedAt, failures, lastError: e.oneLine() });
      report.status = 'failed';
      report.error = e.oneLine();
      report.nextCheck = new Date(nextDue({ ...state, lastChecked: checkedAt, failures }, this.s)).toISOString();
      return report;
    }
  }

  private async ingestItem(item: FeedItem, report: FeedReport): Promise<'done' | 'retry'> {
    const link = item.link!;
    const docs: NewDocument[] = [];
    let failure: SitrepError | null = null;
    await this.throttle.run(link, async () => {
      for await (const got of readUrl(link, { published: item.published, outlet: null }, this.s.fetch)) {
        if (got.ok) docs.push({ ...got.doc, title: got.doc.title ?? item.title });
        else failure ??= got.error;
      }
    });
    for (const doc of docs) {
      const r = await ingestDocument(this.store, this.ctx, doc, this.s.now);
      if (r.status === 'inserted') report.inserted++;
      else report.unchanged++;
    }
    if (failure) {
      const f = failure as SitrepError;
      const retry = transient(f);
      report.failedItems.push({ link, error: f.oneLine(), retry });
      return retry ? 'retry' : 'done';
    }
    return 'done';
  }
}

function itemKey(item: FeedItem): string {
  return item.id ?? item.link ?? '';
}
