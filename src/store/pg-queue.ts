/**
 * The job queue in PostgreSQL (table `jobs`, pg-migrations.ts): one job per document to ingest, keyed by content
 * hash, so enqueueing the same text twice adds nothing.
 *
 * A job is pending, running, done or failed. A worker claims the oldest due pending job with
 * `FOR UPDATE SKIP LOCKED` (two workers never get the same row, and neither waits for the other), which moves it to
 * running, counts the attempt and gives the worker a lease it renews while it works. Every later write by that
 * worker is fenced on (id, locked_by, attempts), so a worker that lost its lease cannot overwrite the job's newer
 * state. A lease that runs out means the worker died: any worker puts the job back to pending, or to failed once
 * it has used up its attempts. A job that throws is retried after a growing delay until max_attempts, then failed
 * with its last error; errors that no retry can fix (bad input) fail at once. Processing is at-least-once; since
 * ingest is idempotent by content hash, it is exactly-once in effect.
 */
import type { NewDocument } from '../core/document.js';
import { createDocument } from '../core/document.js';
import { SitrepError, isSitrepError } from '../core/errors.js';
import type { PgStore } from './pg-store.js';

export type JobState = 'pending' | 'running' | 'done' | 'failed';

export interface ClaimedJob {
  id: number;
  /** This claim's attempt, from 1. */
  attempt: number;
  maxAttempts: number;
  contentHash: string;
  payload: NewDocument;
  workerId: string;
}

export type EnqueueStatus = 'enqueued' | 'queued' | 'stored' | 'rearmed';

export interface QueueCounts {
  pending: number;
  running: number;
  done: number;
  failed: number;
}

export interface FailedJob {
  id: number;
  source: string | null;
  attempts: number;
  lastError: string | null;
}

export const DEFAULT_MAX_ATTEMPTS = 3;
const MAX_RETRY_DELAY_MS = 5 * 60_000;

export class PgJobQueue {
  constructor(private readonly store: PgStore) {}

  private async run<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (isSitrepError(e)) throw e;
      throw new SitrepError('STORE_FAILURE', `${what}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /**
   * Queue one document. Nothing is added when the same content is queued already (whatever its state) or stored
   * already; a job for it that had failed is re-armed (pending, attempts from zero).
   */
  enqueue(doc: NewDocument, opts: { maxAttempts?: number } = {}): Promise<EnqueueStatus> {
    return this.run('cannot enqueue the document', async () => {
      if (typeof doc.text !== 'string' || doc.text.includes('\u0000')) throw new SitrepError('DATA_INVALID', 'a job needs text without NUL characters', { input: doc.source });
      const hash = createDocument(doc).meta.contentHash;
      const maxAttempts = Math.max(1, Math.trunc(opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS));
      const stored = await this.store.pool.query('SELECT 1 FROM documents WHERE content_hash = $1', [hash]);
      if (stored.rowCount) return 'stored';
      const { rows } = await this.store.pool.query<{ inserted: boolean }>(
        `INSERT INTO jobs (content_hash, payload, max_attempts) VALUES ($1, $2, $3)
         ON CONFLICT (content_hash) DO UPDATE
           SET state = 'pending', attempts = 0, max_attempts = excluded.max_attempts, run_after = now(), payload = excluded.payload,
               locked_by = NULL, locked_at = NULL, lease_until = NULL, finished_at = NULL
           WHERE jobs.state = 'failed'
         RETURNING (xmax = 0) AS inserted`,
        [hash, JSON.stringify(doc), maxAttempts],
      );
      if (!rows.length) return 'queued';
      return rows[0].inserted ? 'enqueued' : 'rearmed';
    });
  }

  /** Take the oldest due pending job, or null when none is due. */
  claim(workerId: string, leaseMs: number): Promise<ClaimedJob | null> {
    return this.run('cannot claim a job', async () => {
      const { rows } = await this.store.pool.query<{ id: string; attempts: number; max_attempts: number; content_hash: string; payload: NewDocument }>(
        `UPDATE jobs j
         SET state = 'running', attempts = j.attempts + 1, locked_by = $1, locked_at = now(),
             lease_until = now() + $2 * interval '1 millisecond'
         FROM (SELECT id FROM jobs WHERE state = 'pending' AND run_after <= now()
               ORDER BY run_after, id FOR UPDATE SKIP LOCKED LIMIT 1) next
         WHERE j.id = next.id
         RETURNING j.id, j.attempts, j.max_attempts, j.content_hash, j.payload`,
        [workerId, leaseMs],
      );
      const r = rows[0];
      return r ? { id: Number(r.id), attempt: r.attempts, maxAttempts: r.max_attempts, contentHash: r.content_hash, payload: r.payload, workerId } : null;
    });
  }

  /** Extend the lease; false when the job is no longer this worker's (its lease ran out and it was taken back). */
  heartbeat(job: ClaimedJob, leaseMs: number): Promise<boolean> {
    return this.run('cannot renew the lease', async () => {
      const r = await this.store.pool.query(
        `UPDATE jobs SET lease_until = now() + $4 * interval '1 millisecond'
         WHERE id = $1 AND state = 'running' AND locked_by = $2 AND attempts = $3`,
        [job.id, job.workerId, job.attempt, leaseMs],
      );
      return (r.rowCount ?? 0) > 0;
    });
  }

  /** Mark the job done with its result; false when it was no longer this worker's. */
  complete(job: ClaimedJob, result: unknown): Promise<boolean> {
    return this.run('cannot finish the job', async () => {
      const r = await this.store.pool.query(
        `UPDATE jobs SET state = 'done', result = $4, finished_at = now(), lease_until = NULL
         WHERE id = $1 AND state = 'running' AND locked_by = $2 AND attempts = $3`,
        [job.id, job.workerId, job.attempt, JSON.stringify(result ?? null)],
      );
      return (r.rowCount ?? 0) > 0;
    });
  }

  /**
   * Record a failed attempt: back to pending after a delay that doubles with each attempt, or failed when the
   * attempts are used up or `permanent`. 'lost' when the job was no longer this worker's.
   */
  fail(job: ClaimedJob, error: string, opts: { permanent?: boolean; retryDelayMs?: number } = {}): Promise<'pending' | 'failed' | 'lost'> {
    return this.run('cannot record the failure', async () => {
      const delay = Math.min(MAX_RETRY_DELAY_MS, Math.max(0, opts.retryDelayMs ?? 2000) * 2 ** Math.max(0, job.attempt - 1));
      const { rows } = await this.store.pool.query<{ state: 'pending' | 'failed' }>(
        `UPDATE jobs SET
           state = CASE WHEN $4 OR attempts >= max_attempts THEN 'failed' ELSE 'pending' END,
           finished_at = CASE WHEN $4 OR attempts >= max_attempts THEN now() END,
           run_after = now() + $6 * interval '1 millisecond',
           last_error = $5, locked_by = NULL, lease_until = NULL
         WHERE id = $1 AND state = 'running' AND locked_by = $2 AND attempts = $3
         RETURNING state`,
        [job.id, job.workerId, job.attempt, opts.permanent === true, error.slice(0, 4000), delay],
      );
      return rows[0]?.state ?? 'lost';
    });
  }

  /** Take back the jobs whose lease ran out (their worker died): pending again, or failed when out of attempts. */
  reapExpired(): Promise<{ requeued: number; failed: number }> {
    return this.run('cannot take back expired jobs', async () => {
      const { rows } = await this.store.pool.query<{ state: JobState }>(
        `UPDATE jobs SET
           state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'pending' END,
           finished_at = CASE WHEN attempts >= max_attempts THEN now() END,
           last_error = format('worker %s stopped before finishing (its lease ran out at %s)', locked_by, lease_until),
           run_after = now(), locked_by = NULL, lease_until = NULL
         WHERE state = 'running' AND lease_until < now()
         RETURNING state`,
      );
      return { requeued: rows.filter((r) => r.state === 'pending').length, failed: rows.filter((r) => r.state === 'failed').length };
    });
  }

  /**
   * Whether work may still come this worker's way: a pending job (due or waiting out a retry delay) or a dead
   * worker's job; and whether any job is running at all.
   */
  async hasOutstanding(): Promise<{ pending: boolean; dueInMs: number | null; expired: boolean; running: boolean }> {
    return this.run('cannot read the queue', async () => {
      const { rows } = await this.store.pool.query<{ due_in: number | null; expired: boolean; running: boolean }>(
        // min() over no rows is NULL, and greatest() would turn that NULL into 0: hence the CASE.
        `SELECT (SELECT CASE WHEN min(run_after) IS NULL THEN NULL ELSE greatest(0, extract(epoch FROM min(run_after) - now()) * 1000) END
                 FROM jobs WHERE state = 'pending')::float8 AS due_in,
                EXISTS (SELECT 1 FROM jobs WHERE state = 'running' AND lease_until < now()) AS expired,
                EXISTS (SELECT 1 FROM jobs WHERE state = 'running') AS running`,
      );
      const r = rows[0];
      return { pending: r.due_in !== null, dueInMs: r.due_in === null ? null : Number(r.due_in), expired: r.expired, running: r.running };
    });
  }

  counts(): Promise<QueueCounts> {
    return this.run('cannot count jobs', async () => {
      const { rows } = await this.store.pool.query<{ state: JobState; n: string }>('SELECT state, count(*) AS n FROM jobs GROUP BY state');
      const out: QueueCounts = { pending: 0, running: 0, done: 0, failed: 0 };
      for (const r of rows) out[r.state] = Number(r.n);
      return out;
    });
  }

  failed(limit = 100): Promise<FailedJob[]> {
    return this.run('cannot list failed jobs', async () => {
      const { rows } = await this.store.pool.query<{ id: string; source: string | null; attempts: number; last_error: string | null }>(
        "SELECT id, payload->>'source' AS source, attempts, last_error FROM jobs WHERE state = 'failed' ORDER BY id LIMIT $1",
        [limit],
      );
      return rows.map((r) => ({ id: Number(r.id), source: r.source, attempts: r.attempts, lastError: r.last_error }));
    });
  }
}
