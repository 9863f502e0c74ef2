import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { isSitrepError, SitrepError } from '../../core/errors.js';
import { briefFromStore, briefHtml, briefMarkdown, BRIEF_LIMIT } from '../../export/brief.js';
import { openStore } from '../../store/open-store.js';

/** YYYY-MM-DD that is a real calendar date, or a one-line error naming the flag. */
export function parseDateFlag(value: string | undefined, flag: string): string | null {
  if (value === undefined) return null;
  const t = Date.parse(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== value) {
    throw new SitrepError('INPUT_MALFORMED', `${flag} must be a date as YYYY-MM-DD, not "${value}"`);
  }
  return value;
}

/** "IQ,sy" → ["IQ", "SY"]; anything that is not a two-letter code is refused. */
export function parseCountries(value: string | undefined): string[] {
  if (!value) return [];
  const codes = value.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean);
  const bad = codes.find((c) => !/^[A-Z]{2}$/.test(c));
  if (bad) throw new SitrepError('INPUT_MALFORMED', `--country takes ISO 3166-1 alpha-2 codes separated by commas (IQ,SY), not "${bad}"`);
  return [...new Set(codes)];
}

export function registerBrief(program: Command): void {
  program.command('brief')
    .description('a briefing: incidents in time order in neutral sentences, each figure with its source, disputes side by side')
    .option('--since <date>', 'on or after YYYY-MM-DD')
    .option('--until <date>', 'on or before YYYY-MM-DD')
    .option('--country <codes>', 'ISO 3166-1 alpha-2 codes, comma-separated (IQ,SY)')
    .addOption(new Option('--format <format>', 'output format').choices(['md', 'html']).default('md'))
    .option('--limit <n>', 'list at most this many incidents', String(BRIEF_LIMIT))
    .option('--out <file>', 'write to a file instead of standard output')
    .addOption(new Option('--db <path>', 'SQLite database file').default('./sitrep.db'))
    .action(async (opts) => {
      let store: Awaited<ReturnType<typeof openStore>> | null = null;
      try {
        const since = parseDateFlag(opts.since, '--since');
        const until = parseDateFlag(opts.until, '--until');
        if (since && until && since > until) throw new SitrepError('INPUT_MALFORMED', `--since ${since} is after --until ${until}`);
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1) throw new SitrepError('INPUT_MALFORMED', `--limit must be a positive whole number, not "${opts.limit}"`);
        const countries = parseCountries(opts.country);
        store = await openStore(opts.db);
        const model = await briefFromStore(store, { since, until, countries, limit });
        const body = opts.format === 'html' ? briefHtml(model) : briefMarkdown(model);
        if (opts.out) writeFileSync(opts.out, body); else process.stdout.write(body);
      } catch (e) {
        process.stderr.write(`sitrep: ${isSitrepError(e) ? e.oneLine() : e instanceof Error ? e.message : String(e)}\n`);
        process.exitCode = isSitrepError(e) && e.code.startsWith('INPUT') ? 2 : 1;
      } finally {
        await store?.close();
      }
    });
}
