import { Option, type Command } from 'commander';
import { isSitrepError, SitrepError } from '../../core/errors.js';
import { createContext } from '../../pipeline.js';
import { PgJobQueue } from '../../store/pg-queue.js';
import { openPgStore, PG_URL, redactUrl, type PgStore } from '../../store/pg-store.js';
import { runWorker, type WorkerEvent } from '../../worker/worker.js';

const say = (m: string) => process.stderr.write(`sitrep: ${m}\n`);

function positiveInt(value: string, flag: string, min = 1): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new SitrepError('INPUT_MALFORMED', `${flag} must be a whole number from ${min}, not "${value}"`);
  return n;
}

/**
 * `sitrep worker --db postgres://…`: pull the jobs `sitrep enqueue` queued and ingest them (src/worker/worker.ts).
 * Run as many as you like, on as many machines: jobs are claimed with SKIP LOCKED, a dead worker's jobs are taken
 * back when its lease runs out, and incident resolution is serialized by an advisory lock.
 */
export function registerWorker(program: Command): void {
  program.command('worker')
    .description('ingest queued documents from PostgreSQL; run one per core, as many as you like')
    .addOption(new Option('--db <url>', 'PostgreSQL URL: postgres://user:pass@host:5432/db[?schema=NAME]').env('SITREP_DB').makeOptionMandatory())
    .option('--concurrency <n>', 'jobs in flight at once in this process (extraction uses one core: start more processes for more cores)', '1')
    .option('--once', 'stop when no job is left pending instead of waiting for more')
    .option('--lease <seconds>', 'how long a job stays claimed without a renewal before another worker takes it back', '60')
    .option('--poll <ms>', 'how long an idle worker waits before looking again', '1000')
    .option('--retry-delay <ms>', 'delay before the first retry of a failed job; doubles each time', '2000')
    .option('--verbose', 'one line per job')
    .action(async (opts) => {
      let store: PgStore | null = null;
      const abort = new AbortController();
      const onSignal = () => {
        if (abort.signal.aborted) process.exit(130);
        say('stopping: finishing the jobs in flight (again to stop at once; their leases will run out)');
        abort.abort();
      };
      try {
        if (!PG_URL.test(opts.db)) throw new SitrepError('INPUT_MALFORMED', `workers need PostgreSQL: --db must be a postgres:// URL, not "${opts.db}"`);
        const concurrency = positiveInt(opts.concurrency, '--concurrency');
        const leaseMs = positiveInt(opts.lease, '--lease') * 1000;
        const pollMs = positiveInt(opts.poll, '--poll', 10);
        const retryDelayMs = positiveInt(opts.retryDelay, '--retry-delay', 0);
        store = await openPgStore(opts.db, { poolSize: concurrency + 3, applicationName: 'sitrep worker' });
        const ctx = createContext();
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
        const started = performance.now();
        const onEvent = (e: WorkerEvent) => {
          const src = 'job' in e ? `job ${e.job.id} (${e.job.payload?.source ?? '?'}, attempt ${e.job.attempt}/${e.job.maxAttempts})` : '';
          if (e.kind === 'done' && opts.verbose) say(`${src}: ${e.outcome.status} as ${e.outcome.docId}, ${e.outcome.events} event(s)`);
          else if (e.kind === 'retry') say(`${src} will be retried: ${e.error}`);
          else if (e.kind === 'failed') say(`${src} failed: ${e.error}`);
          else if (e.kind === 'lost') say(`${src}: its lease ran out and another worker has it`);
          else if (e.kind === 'reaped') say(`took back ${e.requeued + e.failed} job(s) of stopped workers (${e.failed} out of attempts)`);
          else if (e.kind === 'resolved-pending') say(`resolved ${e.events} event(s) an interrupted ingest left without an incident: ${e.created} new incident(s), ${e.updated} updated, ${e.merged} merged`);
          else if (e.kind === 'queue-error') say(`queue: ${e.error}`);
        };
        const s = await runWorker(store, ctx, { concurrency, once: !!opts.once, leaseMs, pollMs, retryDelayMs, signal: abort.signal, onEvent });
        const counts = await new PgJobQueue(store).counts();
        const secs = (performance.now() - started) / 1000;
        const rssMb = process.resourceUsage().maxRSS / 1024;
        say(`${s.done} job(s) done (${s.inserted} new document(s), ${s.unchanged} unchanged, ${s.events} event(s); incidents: ${s.incidents.created} new, ` +
          `${s.incidents.updated} updated, ${s.incidents.merged} merged), ${s.retried} retried, ${s.failed} failed in ${secs.toFixed(1)} s, peak RSS ${rssMb.toFixed(0)} MB; ` +
          `incident lock: ${(s.lockHeldMs / 1000).toFixed(1)} s held, ${(s.lockWaitMs / 1000).toFixed(1)} s waited for; ` +
          `queue: ${counts.pending} pending, ${counts.running} running, ${counts.done} done, ${counts.failed} failed in ${redactUrl(opts.db)}`);
        if (s.failed) process.exitCode = 1;
      } catch (e) {
        say(isSitrepError(e) ? e.oneLine() : e instanceof Error ? e.message : String(e));
        process.exitCode = isSitrepError(e) && e.code.startsWith('INPUT') ? 2 : 1;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await store?.close();
      }
    });
}
