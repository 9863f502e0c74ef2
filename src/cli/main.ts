import { Command, Option } from 'commander';
import { writeFileSync } from 'node:fs';
import { createDocument } from '../core/document.js';
import { isSitrepError, SitrepError } from '../core/errors.js';
import { boundHeapGrowth } from '../core/memory.js';
import { createContext, extract } from '../pipeline.js';
import type { StageContext } from '../stages/context.js';
import { readInputs } from '../stages/ingest/read-inputs.js';
import type { ExtractedEvent } from '../stages/incidents/contract.js';
import { openStore } from '../store/open-store.js';
import { EXTRA_COMMANDS } from './commands/index.js';
import { toAcledCsv } from '../export/acled-csv.js';
import { toGeoJson } from '../export/geojson.js';
import { progress } from './progress.js';
import { table } from './table.js';
import { renderDossier } from './dossier.js';
import { explainEvent } from './explain.js';
import { ingestDocument, resolvePending } from '../ingest-service.js';
import { ingestUnderIncidentLock } from '../worker/worker.js';
import { redactUrl, type PgStore } from '../store/pg-store.js';
import type { Repository } from '../store/repository.js';

function isPgStore(store: Repository): store is PgStore {
  return typeof (store as Partial<PgStore>).lockIncidents === 'function';
}
import type { IncidentRecord } from '../stages/incidents/incident-record.js';

const DEFAULT_DB = './sitrep.db';

function checkDate(value: string | undefined, flag: string): string | null {
  if (value === undefined) return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new SitrepError('INPUT_MALFORMED', `${flag} must be a date as YYYY-MM-DD, not "${value}"`);
  }
  return value;
}

function fail(e: unknown): never {
  process.stderr.write(`sitrep: ${isSitrepError(e) ? e.oneLine() : e instanceof Error ? e.message : String(e)}\n`);
  process.exit(isSitrepError(e) && e.code.startsWith('INPUT') ? 2 : 1);
}

/** Run the pipeline over every input; bad inputs are reported one line each and the rest go on. */
async function forEachExtraction(inputs: string[], opts: { published?: string; outlet?: string; allowPrivate?: boolean }, ctx: StageContext, onDoc: (r: ReturnType<typeof extract>) => void | Promise<void>): Promise<{ ok: number; failed: number }> {
  const published = checkDate(opts.published, '--published');
  let ok = 0;
  let failed = 0;
  for await (const item of readInputs(inputs, { published, outlet: opts.outlet ?? null, stdin: process.stdin, allowPrivate: !!opts.allowPrivate })) {
    if (!item.ok) {
      failed++;
      process.stderr.write(`sitrep: ${item.error.oneLine()}\n`);
      continue;
    }
    await onDoc(extract(createDocument(item.doc), ctx));
    ok++;
  }
  return { ok, failed };
}

/** An incident as the extract contract's row: its id in event_id, plus doc_ids and updated_at. */
function asContractRow(inc: IncidentRecord): ExtractedEvent & { incident_id: string; doc_ids: string[]; updated_at?: string } {
  return { ...(inc as unknown as ExtractedEvent), event_id: inc.incident_id, incident_id: inc.incident_id, doc_ids: inc.doc_ids, updated_at: inc.updated_at };
}

export function buildCli(): Command {
  const program = new Command();
  program.name('sitrep').description('Turn news reports of armed attacks into a structured, source-attributed incident database.').version('0.1.0');
  const dbOption = () => new Option('--db <path>', 'SQLite database file').default(DEFAULT_DB);

  program.command('extract')
    .description('print the attack events found in the inputs as JSON Lines; stores nothing')
    .argument('<inputs...>', 'files (.txt .html .jsonl), directories, or - for standard input')
    .option('--published <date>', 'publication date (YYYY-MM-DD) for inputs that lack one')
    .option('--outlet <name>', 'outlet for inputs that lack one')
    .option('--allow-private', 'let http(s) inputs reach loopback and private network addresses')
    .action(async (inputs: string[], opts) => {
      try {
        const ctx = createContext();
        const { failed } = await forEachExtraction(inputs, opts, ctx, ({ events }) => {
          for (const ev of events) process.stdout.write(`${JSON.stringify(ev)}\n`);
        });
        if (failed) process.exitCode = 2;
      } catch (e) { fail(e); }
    });

  program.command('explain')
    .description('show each field of each event with its evidence span and the rule or table entry that set it')
    .argument('<inputs...>', 'files or - for standard input')
    .option('--published <date>', 'publication date (YYYY-MM-DD) for inputs that lack one')
    .option('--outlet <name>', 'outlet for inputs that lack one')
    .action(async (inputs: string[], opts) => {
      try {
        const ctx = createContext();
        const { failed } = await forEachExtraction(inputs, opts, ctx, ({ doc, events }) => {
          process.stdout.write(`# ${doc.meta.id} (${doc.meta.source}) published ${doc.meta.published ?? 'unknown'}: ${events.length} event(s)\n`);
          for (const ev of events) process.stdout.write(`${explainEvent(ev, doc)}\n`);
          const notable = doc.diagnostics.filter((d) => d.severity !== 'info' || ['loaded-wording', 'date-outside-body', 'death-not-from-attack', 'hypothetical-attack', 'not-an-attack'].includes(d.code));
          for (const d of notable) process.stdout.write(`  ! ${d.code}${d.span ? ` @${d.span.start}-${d.span.end} “${doc.text.slice(d.span.start, d.span.end).slice(0, 80)}”` : ''}: ${d.message}\n`);
        });
        if (failed) process.exitCode = 2;
      } catch (e) { fail(e); }
    });

  program.command('ingest')
    .description('extract and store documents; re-ingesting the same text changes nothing')
    .argument('<inputs...>', 'files (.txt .html .jsonl), directories, or - for standard input')
    .addOption(dbOption())
    .option('--published <date>', 'publication date (YYYY-MM-DD) for inputs that lack one')
    .option('--outlet <name>', 'outlet for inputs that lack one')
    .option('--allow-private', 'let http(s) inputs reach loopback and private network addresses')
    .action(async (inputs: string[], opts) => {
      const store = await openStore(opts.db).catch(fail);
      try {
        const ctx = createContext();
        const bar = progress();
        let inserted = 0;
        let unchanged = 0;
        let events = 0;
        const tally = { created: 0, updated: 0, merged: 0 };
        const add = (r: { created: number; updated: number; merged: number }) => { tally.created += r.created; tally.updated += r.updated; tally.merged += r.merged; };
        // Events a stopped earlier run stored but never resolved are resolved first.
        add(await resolvePending(store, ctx));
        const published = checkDate(opts.published, '--published');
        let failed = 0;
        for await (const item of readInputs(inputs, { published, outlet: opts.outlet ?? null, stdin: process.stdin, allowPrivate: !!opts.allowPrivate })) {
          if (!item.ok) { failed++; process.stderr.write(`sitrep: ${item.error.oneLine()}\n`); continue; }
          // On PostgreSQL other processes may be fitting incidents too: take the incident lock as workers do.
          const r = isPgStore(store) ? await ingestUnderIncidentLock(store, ctx, item.doc) : await ingestDocument(store, ctx, item.doc);
          if (r.status === 'inserted') { inserted++; events += r.events; add(r.incidents); } else unchanged++;
          bar.tick(item.doc.source);
        }
        bar.done();
        process.stderr.write(`sitrep: ${inserted} new document(s), ${unchanged} unchanged, ${events} event(s) stored; incidents: ${tally.created} new, ${tally.updated} updated, ${tally.merged} merged${failed ? `; ${failed} input(s) failed` : ''} in ${redactUrl(opts.db)}\n`);
        if (failed) process.exitCode = 2;
      } catch (e) { fail(e); } finally { await store.close(); }
    });

  program.command('incidents')
    .description('list stored incidents')
    .addOption(dbOption())
    .option('--json', 'JSON Lines, one incident a line, with every field')
    .option('--since <date>', 'on or after YYYY-MM-DD')
    .option('--until <date>', 'on or before YYYY-MM-DD')
    .option('--country <iso2>', 'ISO 3166-1 alpha-2 country code')
    .option('--limit <n>', 'at most this many', '1000')
    .option('--disputed', 'only incidents whose sources disagree')
    .action(async (opts) => {
      const store = await openStore(opts.db).catch(fail);
      try {
        const list = await store.listIncidents({ since: checkDate(opts.since, '--since') ?? undefined, until: checkDate(opts.until, '--until') ?? undefined, country: opts.country?.toUpperCase(), disputedOnly: !!opts.disputed, limit: Number(opts.limit) });
        if (opts.json) { for (const inc of list) process.stdout.write(`${JSON.stringify(inc)}\n`); return; }
        if (!list.length) { process.stdout.write('no incidents stored yet: try `sitrep ingest samples/`\n'); return; }
        process.stdout.write(`${table(['id', 'date', 'type', 'weapons', 'place', 'country', 'killed', 'actor', 'reports', 'disputed'],
          list.map((e: IncidentRecord) => [e.incident_id, e.event_date, e.sub_event_type, e.weapons.join(','), e.location, e.country, e.fatalities, e.actor1 ?? (e.claimed_by[0] ? `claimed: ${e.claimed_by[0]}` : null), e.reports.length, e.disputes.map((d) => d.field).join(',')]))}\n`);
      } catch (e) { fail(e); } finally { await store.close(); }
    });

  program.command('show')
    .description('the dossier of one incident: each field, each source\'s value, the quote')
    .argument('<id>', 'incident id, as `sitrep incidents` lists it')
    .addOption(dbOption())
    .option('--json', 'the same data as JSON')
    .action(async (id: string, opts) => {
      const store = await openStore(opts.db).catch(fail);
      try {
        const resolvedId = await store.resolveIncidentId(id);
        const inc = resolvedId ? await store.getIncident(resolvedId) : null;
        if (!inc) throw new SitrepError('NOT_FOUND', `no incident with id "${id}" in ${opts.db}`);
        const docs = await Promise.all(inc.doc_ids.map((d) => store.getDocument(d)));
        const documents = docs.filter((d): d is NonNullable<typeof d> => !!d).map((d) => ({ id: d.id, title: d.title, outlet: d.outlet, published: d.published, url: d.url }));
        const history = await store.incidentHistory(inc.incident_id);
        if (opts.json) process.stdout.write(`${JSON.stringify({ ...inc, documents, history }, null, 2)}\n`);
        else process.stdout.write(`${renderDossier(inc, documents, history)}\n`);
      } catch (e) { fail(e); } finally { await store.close(); }
    });

  program.command('export')
    .description('export stored incidents')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'jsonl', 'geojson']).default('csv'))
    .addOption(dbOption())
    .option('--out <file>', 'write to a file instead of standard output')
    .option('--since <date>', 'on or after YYYY-MM-DD')
    .option('--until <date>', 'on or before YYYY-MM-DD')
    .option('--country <iso2>', 'ISO 3166-1 alpha-2 country code')
    .action(async (opts) => {
      const store = await openStore(opts.db).catch(fail);
      try {
        const incidents = await store.listIncidents({ since: checkDate(opts.since, '--since') ?? undefined, until: checkDate(opts.until, '--until') ?? undefined, country: opts.country?.toUpperCase() });
        const list = incidents.map(asContractRow);
        const body = opts.format === 'csv' ? toAcledCsv(list)
          : opts.format === 'geojson' ? `${JSON.stringify(toGeoJson(list))}\n`
          : list.map((e) => `${JSON.stringify(e)}\n`).join('');
        if (opts.out) writeFileSync(opts.out, body); else process.stdout.write(body);
      } catch (e) { fail(e); } finally { await store.close(); }
    });
  for (const register of EXTRA_COMMANDS) register(program);
  return program;
}

boundHeapGrowth();
// A reader that stops early (`sitrep extract … | head`) is no error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); throw e; });
buildCli().parseAsync(process.argv).catch(fail);
