/**
 * The ingest worker: pulls document jobs from the PostgreSQL queue (store/pg-queue.ts) and runs each through the
 * one ingest path (ingest-service.ts), several at a time in one process, one StageContext per process.
 *
 * Incident resolution is serialized across every worker on the store by the store's incident lock (a PostgreSQL
 * advisory lock, pg-store.ts): a job extracts and stores its document and events concurrently with other jobs,
 * then takes the lock before resolution reads the store and holds it until the incident plan is written. A
 * resolution therefore always starts from the state every earlier one left, and no plan overwrites another.
 * A worker that dies after storing a document but before resolving it leaves events no incident holds; the retry
 * of its job finds the document stored, and resolves those events (under the lock) instead. Events left so by
 * anything else (an interrupted `sitrep ingest`) are resolved by a worker that finds the queue idle.
 */
import { hostname } from 'node:os';
import type { NewDocument } from '../core/document.js';
import { SitrepError, isSitrepError } from '../core/errors.js';
import { ingestDocument, resolvePending, type IngestOutcome } from '../ingest-service.js';
import type { StageContext } from '../stages/context.js';
import { resolveIncidents } from '../stages/incidents/resolve.js';
import { PgJobQueue, type ClaimedJob } from '../store/pg-queue.js';
import type { PgStore } from '../store/pg-store.js';
import type { Repository } from '../store/repository.js';

export interface WorkerOptions {
  /** Jobs in flight at once in this process. Extraction is CPU-bound and single-threaded: run one process per core. */
  concurrency?: number;
  /** Stop once no job is pending (due or waiting out a retry delay) and no dead worker's job is left to take back. */
  once?: boolean;
  /** How long a claimed job stays this worker's without a renewal; renewed every third of it. */
  leaseMs?: number;
  /** How long an idle worker waits before looking again. */
  pollMs?: number;
  /** The first retry's delay; it doubles with each attempt. */
  retryDelayMs?: number;
  /** Stop claiming when this aborts; jobs in flight finish. */
  signal?: AbortSignal;
  /** Told of every job's end (and of jobs taken back from dead workers). */
  onEvent?: (e: WorkerEvent) => void;
  workerId?: string;
  now?: () => Date;
}

export type WorkerEvent =
  | { kind: 'done'; job: ClaimedJob; outcome: IngestOutcome }
  | { kind: 'retry' | 'failed'; job: ClaimedJob; error: string }
  | { kind: 'lost'; job: ClaimedJob }
  | { kind: 'reaped'; requeued: number; failed: number }
  | { kind: 'resolved-pending'; events: number; created: number; updated: number; merged: number }
  | { kind: 'queue-error'; error: string };

export interface WorkerSummary {
  /** Time jobs spent waiting for the incident lock, and holding it, in ms (summed over jobs in flight). */
  lockWaitMs: number;
  lockHeldMs: number;
  done: number;
  retried: number;
  failed: number;
  inserted: number;
  unchanged: number;
  events: number;
  incidents: { created: number; updated: number; merged: number };
}

/** Consecutive queue errors (the database is gone) after which a worker gives up. */
const MAX_QUEUE_ERRORS = 10;

/**
 * ingestDocument, with the incident lock held from the moment the document is stored until its incidents are
 * written. The store ingestDocument sees is `store` with one change: a successful `ingest` takes the lock before
 * returning, so everything ingestDocument does after it (read the document's events, resolve, apply the plan)
 * runs under the lock. A document that was stored already takes no lock: ingestDocument stops there.
 */
export async function ingestUnderIncidentLock(
  store: PgStore,
  ctx: StageContext,
  input: NewDocument,
  now: () => Date = () => new Date(),
  /** Where to add the time spent waiting for the lock and holding it. */
  timing?: { lockWaitMs: number; lockHeldMs: number },
): Promise<IngestOutcome> {
  let release: (() => Promise<void>) | null = null;
  let heldSince = 0;
  const lock = async () => {
    const t = performance.now();
    const r = await store.lockIncidents();
    heldSince = performance.now();
    if (timing) timing.lockWaitMs += heldSince - t;
    return async () => {
      await r();
      if (timing) timing.lockHeldMs += performance.now() - heldSince;
    };
  };
  const view = new Proxy(store, {
    get(target, prop) {
      if (prop === 'ingest') {
        return async (...args: Parameters<Repository['ingest']>) => {
          const r = await target.ingest(...args);
          if (r.status === 'inserted') release = await lock();
          return r;
        };
      }
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  let outcome: IngestOutcome;
  try {
    outcome = await ingestDocument(view, ctx, input, now);
  } finally {
    // TypeScript cannot see the assignment inside the proxy.
    const r = release as (() => Promise<void>) | null;
    if (r) await r();
  }
  if (outcome.status === 'unchanged') {
    // Stored already: by an earlier attempt that may have died before resolving. Its events without an incident
    // are resolved now; looked up under the lock, so a resolution running elsewhere is not done twice.
    const unlock = await lock();
    let incidents: Awaited<ReturnType<typeof resolveIncidents>> | null;
    try {
      const events = await store.listEvents({ docId: outcome.docId });
      const held = await store.membership(events.map((e) => e.event_id));
      const loose = events.filter((e) => !held.has(e.event_id));
      incidents = loose.length ? await resolveIncidents(store, loose, ctx, now()) : null;
    } finally {
      await unlock();
    }
    if (incidents) return { ...outcome, incidents };
  }
  return outcome;
}

function checkPayload(p: unknown): NewDocument {
  const d = p as Partial<NewDocument> | null;
  if (!d || typeof d !== 'object' || typeof d.text !== 'string' || !d.text.trim() || typeof d.source !== 'string') {
    throw new SitrepError('DATA_INVALID', 'the job payload is not a document (want {text, source, …})');
  }
  return d as NewDocument;
}

/** Errors no retry can fix. */
function isPermanent(e: unknown): boolean {
  return isSitrepError(e) && (e.code.startsWith('INPUT') || e.code === 'DATA_INVALID');
}

function message(e: unknown): string {
  return isSitrepError(e) ? e.oneLine() : e instanceof Error ? e.message : String(e);
}

export async function runWorker(store: PgStore, ctx: StageContext, opts: WorkerOptions = {}): Promise<WorkerSummary> {
  const queue = new PgJobQueue(store);
  const concurrency = Math.max(1, Math.trunc(opts.concurrency ?? 1));
  const leaseMs = Math.max(50, opts.leaseMs ?? 60_000);
  const pollMs = Math.max(10, opts.pollMs ?? 1000);
  const retryDelayMs = opts.retryDelayMs ?? 2000;
  const baseId = opts.workerId ?? `${hostname()}:${process.pid}`;
  const emit = opts.onEvent ?? (() => {});
  const summary: WorkerSummary = { lockWaitMs: 0, lockHeldMs: 0, done: 0, retried: 0, failed: 0, inserted: 0, unchanged: 0, events: 0, incidents: { created: 0, updated: 0, merged: 0 } };
  let queueErrors = 0;
  // Whether resolvePending has run since the last job: once per idle stretch is enough.
  let pendingResolved = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        opts.signal?.removeEventListener('abort', done);
        resolve();
      }
      opts.signal?.addEventListener('abort', done, { once: true });
    });

  const reap = async () => {
    const r = await queue.reapExpired();
    if (r.requeued || r.failed) emit({ kind: 'reaped', ...r });
  };

  const resolveLeftovers = async () => {
    if (pendingResolved) return;
    pendingResolved = true;
    let events = 0;
    const r = await store.withIncidentLock(async () => {
      events = (await store.eventsWithoutIncident()).length;
      return events ? resolvePending(store, ctx, opts.now) : { created: 0, updated: 0, merged: 0 };
    });
    if (events) {
      emit({ kind: 'resolved-pending', events, ...r });
      summary.incidents.created += r.created;
      summary.incidents.updated += r.updated;
      summary.incidents.merged += r.merged;
    }
  };

  const process1 = async (job: ClaimedJob) => {
    const beat = setInterval(() => {
      queue.heartbeat(job, leaseMs).catch(() => {});
    }, Math.max(20, Math.floor(leaseMs / 3)));
    try {
      let outcome: IngestOutcome;
      try {
        outcome = await ingestUnderIncidentLock(store, ctx, checkPayload(job.payload), opts.now, summary);
      } catch (e) {
        const state = await queue.fail(job, message(e), { permanent: isPermanent(e), retryDelayMs });
        if (state === 'lost') emit({ kind: 'lost', job });
        else if (state === 'failed') {
          summary.failed++;
          emit({ kind: 'failed', job, error: message(e) });
        } else {
          summary.retried++;
          emit({ kind: 'retry', job, error: message(e) });
        }
        return;
      }
      if (!(await queue.complete(job, outcome))) {
        emit({ kind: 'lost', job });
        return;
      }
      summary.done++;
      if (outcome.status === 'inserted') summary.inserted++;
      else summary.unchanged++;
      summary.events += outcome.events;
      summary.incidents.created += outcome.incidents.created;
      summary.incidents.updated += outcome.incidents.updated;
      summary.incidents.merged += outcome.incidents.merged;
      emit({ kind: 'done', job, outcome });
    } finally {
      clearInterval(beat);
    }
  };

  const loop = async (slot: number) => {
    const workerId = `${baseId}:${slot}`;
    while (!opts.signal?.aborted) {
      try {
        const job = await queue.claim(workerId, leaseMs);
        if (job) {
          pendingResolved = false;
          await process1(job);
          queueErrors = 0;
          continue;
        }
        await reap();
        const left = await queue.hasOutstanding();
        // Only when no job runs: a running job's events are not left over, they are about to be resolved.
        if (!left.running) await resolveLeftovers();
        queueErrors = 0;
        if (left.expired) continue;
        if (opts.once && !left.pending) return;
        await sleep(left.dueInMs !== null ? Math.min(pollMs, Math.max(10, left.dueInMs)) : pollMs);
      } catch (e) {
        // The queue itself failed (the database went away): wait and try again, up to a point. A job in flight
        // keeps its lease until it runs out, and is then taken back.
        queueErrors++;
        emit({ kind: 'queue-error', error: message(e) });
        if (queueErrors >= MAX_QUEUE_ERRORS) throw e;
        await sleep(pollMs);
      }
    }
  };

  await reap();
  await Promise.all(Array.from({ length: concurrency }, (_, i) => loop(i)));
  return summary;
}
