import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { isSitrepError, SitrepError } from '../../core/errors.js';
import { FeedWatcher, WATCH_DEFAULTS, type FeedReport } from '../../feeds/watch.js';
import { parseOpml } from '../../feeds/parse.js';
import { resolvePending } from '../../ingest-service.js';
import { createContext } from '../../pipeline.js';
import { openStore } from '../../store/open-store.js';

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

function positive(value: string, flag: string, min: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new SitrepError('INPUT_MALFORMED', `${flag} must be a number of at least ${min}, not "${value}"`);
  return n;
}

/** Feed URLs as given, and every feed listed in the OPML files given. */
async function feedList(args: string[]): Promise<string[]> {
  const feeds: string[] = [];
  for (const arg of args) {
    if (URL_LIKE.test(arg)) {
      if (!feeds.includes(arg)) feeds.push(arg);
      continue;
    }
    let xml: string;
    try {
      xml = await readFile(arg, 'utf8');
    } catch (e) {
      throw new SitrepError('INPUT_NOT_FOUND', `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { input: arg });
    }
    const listed = parseOpml(xml, arg);
    if (!listed.length) throw new SitrepError('INPUT_EMPTY', 'the OPML file lists no feed (no outline with an xmlUrl)', { input: arg });
    for (const url of listed) if (!feeds.includes(url)) feeds.push(url);
  }
  return feeds;
}

function describe(r: FeedReport): string {
  switch (r.status) {
    case 'not-modified':
      return `${r.url}: not modified`;
    case 'updated':
      return `${r.url}: ${r.newItems} new item(s): ${r.inserted} stored, ${r.unchanged} unchanged${r.failedItems.length ? `, ${r.failedItems.length} failed` : ''}`;
    case 'backing-off':
      return `${r.url}: backing off until ${r.nextCheck}${r.error ? ` (last error: ${r.error})` : ''}`;
    case 'failed':
      return `${r.url}: failed, next try after ${r.nextCheck}: ${r.error}`;
  }
}

export function registerWatch(program: Command): void {
  program.command('watch')
    .description('poll RSS and Atom feeds and ingest their new articles (conditional GET, polite per host, backoff on failure)')
    .argument('<feeds...>', 'feed URLs, or OPML files listing them')
    .option('--interval <seconds>', 'seconds between polls; a failing feed waits 1, 2, 4, … intervals', String(WATCH_DEFAULTS.intervalSec))
    .option('--once', 'poll each due feed once, then exit')
    .addOption(new Option('--db <path>', 'SQLite database file').default('./sitrep.db'))
    .option('--allow-private', 'let feeds and articles reach loopback and private network addresses')
    .option('--polite-delay <ms>', 'least time between two requests to one host', String(WATCH_DEFAULTS.politeDelayMs))
    .action(async (args: string[], opts) => {
      const fail = (e: unknown): never => {
        process.stderr.write(`sitrep: ${isSitrepError(e) ? e.oneLine() : e instanceof Error ? e.message : String(e)}\n`);
        process.exit(isSitrepError(e) && e.code.startsWith('INPUT') ? 2 : 1);
      };
      let intervalSec = 0;
      let politeDelayMs = 0;
      let feeds: string[] = [];
      try {
        intervalSec = positive(opts.interval, '--interval', 1);
        politeDelayMs = positive(opts.politeDelay, '--polite-delay', 0);
        feeds = await feedList(args);
      } catch (e) {
        fail(e);
      }
      const store = await openStore(opts.db).catch(fail);
      const controller = new AbortController();
      const stop = (): void => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        const ctx = createContext();
        const log = (line: string): void => void process.stderr.write(`sitrep: ${line}\n`);
        const watcher = new FeedWatcher(store, ctx, {
          intervalSec,
          politeDelayMs,
          maxBackoffSec: WATCH_DEFAULTS.maxBackoffSec,
          maxSeen: WATCH_DEFAULTS.maxSeen,
          fetch: { allowPrivate: !!opts.allowPrivate },
          now: () => new Date(),
          log,
        });
        let anyFailed = false;
        while (!controller.signal.aborted) {
          // Events an interrupted run stored but never fitted into incidents.
          await resolvePending(store, ctx);
          for (const r of await watcher.round(feeds)) {
            log(describe(r));
            for (const f of r.failedItems) log(`  ${f.error}${f.retry ? ' (will retry)' : ''}`);
            if (r.status === 'failed') anyFailed = true;
          }
          if (opts.once) break;
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, intervalSec * 1000);
            controller.signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
          });
        }
        if (opts.once && anyFailed) process.exitCode = 2;
      } catch (e) {
        fail(e);
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        await store.close();
      }
    });
}
