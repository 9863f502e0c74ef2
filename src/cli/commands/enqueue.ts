import { Option, type Command } from 'commander';
import { isSitrepError, SitrepError } from '../../core/errors.js';
import { readInputs } from '../../stages/ingest/read-inputs.js';
import { DEFAULT_MAX_ATTEMPTS, PgJobQueue, type EnqueueStatus } from '../../store/pg-queue.js';
import { openPgStore, PG_URL, redactUrl, type PgStore } from '../../store/pg-store.js';

const say = (m: string) => process.stderr.write(`sitrep: ${m}\n`);

/**
 * `sitrep enqueue <inputs…> --db postgres://…`: read the inputs as `ingest` does and queue one job per document for
 * `sitrep worker`. A document queued or stored already adds nothing; one whose job had failed is queued again.
 */
export function registerEnqueue(program: Command): void {
  program.command('enqueue')
    .description('queue documents for `sitrep worker` (PostgreSQL); the same text twice adds nothing')
    .argument('<inputs...>', 'files (.txt .html .jsonl), directories, or - for standard input')
    .addOption(new Option('--db <url>', 'PostgreSQL URL: postgres://user:pass@host:5432/db[?schema=NAME]').env('SITREP_DB').makeOptionMandatory())
    .option('--published <date>', 'publication date (YYYY-MM-DD) for inputs that lack one')
    .option('--outlet <name>', 'outlet for inputs that lack one')
    .option('--max-attempts <n>', 'attempts before a job is marked failed', String(DEFAULT_MAX_ATTEMPTS))
    .action(async (inputs: string[], opts) => {
      let store: PgStore | null = null;
      try {
        if (!PG_URL.test(opts.db)) throw new SitrepError('INPUT_MALFORMED', `the job queue lives in PostgreSQL: --db must be a postgres:// URL, not "${opts.db}"`);
        const maxAttempts = Number(opts.maxAttempts);
        if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new SitrepError('INPUT_MALFORMED', `--max-attempts must be a whole number from 1, not "${opts.maxAttempts}"`);
        store = await openPgStore(opts.db, { poolSize: 2 });
        const queue = new PgJobQueue(store);
        const tally: Record<EnqueueStatus, number> = { enqueued: 0, queued: 0, stored: 0, rearmed: 0 };
        let failed = 0;
        for await (const item of readInputs(inputs, { published: opts.published ?? null, outlet: opts.outlet ?? null, stdin: process.stdin })) {
          if (!item.ok) {
            failed++;
            say(item.error.oneLine());
            continue;
          }
          try {
            tally[await queue.enqueue(item.doc, { maxAttempts })]++;
          } catch (e) {
            if (!isSitrepError(e) || e.code === 'STORE_FAILURE') throw e;
            failed++;
            say(e.oneLine());
          }
        }
        say(`${tally.enqueued} job(s) enqueued, ${tally.queued} queued already, ${tally.stored} stored already` +
          `${tally.rearmed ? `, ${tally.rearmed} failed job(s) queued again` : ''}${failed ? `; ${failed} input(s) failed` : ''} in ${redactUrl(opts.db)}`);
        if (failed) process.exitCode = 2;
      } catch (e) {
        say(isSitrepError(e) ? e.oneLine() : e instanceof Error ? e.message : String(e));
        process.exitCode = isSitrepError(e) && e.code.startsWith('INPUT') ? 2 : 1;
      } finally {
        await store?.close();
      }
    });
}
