/**
 * The HTTP API and the dashboard's host (Fastify 5). Requests are validated by zod schemas, which also make the
 * OpenAPI document (/openapi.json, browsable at /docs). Reads go to the Repository; the one write, POST
 * /api/documents, goes through the same ingest path as the CLI, behind a bearer token and a rate limit.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { NewDocument } from '../core/document.js';
import { SitrepError } from '../core/errors.js';
import { BRIEF_STYLE_HASH, briefFromStore, briefHtml, briefMarkdown } from '../export/brief.js';
import { toAcledCsv } from '../export/acled-csv.js';
import { toGeoJson } from '../export/geojson.js';
import { ingestDocument } from '../ingest-service.js';
import { DATA_DIR } from '../pipeline.js';
import { loadActorRegistry } from '../stages/actors/registry.js';
import type { Outlet } from '../stages/attribution/outlets.js';
import type { StageContext } from '../stages/context.js';
import type { ExtractedEvent } from '../stages/incidents/contract.js';
import type { IncidentRecord } from '../stages/incidents/incident-record.js';
import type { FetchOptions } from '../stages/ingest/fetch-url.js';
import { htmlToDocument } from '../stages/ingest/html.js';
import { readUrl } from '../stages/ingest/read-inputs.js';
import { cleanString, normalizePublished } from '../stages/ingest/normalize-meta.js';
import { normalizeText } from '../stages/ingest/sniff.js';
import type { IncidentFilter, IncidentSort, Repository } from '../store/repository.js';
import { ApiError, ErrorBody, errorPayload, handleError } from './errors.js';
import {
  AggregateQuery,
  AggregateResponse,
  BriefQuery,
  ExportQuery,
  IdParams,
  IncidentPage,
  IngestBody,
  IngestResponse,
  ListQuery,
  LooseObject,
} from './schemas.js';
import { checkBearer, DASHBOARD_CSP, DEFAULT_RATE_LIMIT, DOCS_CSP, RateLimiter, SECURITY_HEADERS, type RateLimitOptions } from './security.js';
import { decodeCursor, documentView, encodeCursor, incidentDossier, incidentSummary, toIncidentFilter } from './views.js';

export interface ServerOptions {
  store: Repository;
  /** The extraction context, loaded on first use (POST /api/documents); createContext() in production. */
  context: () => StageContext;
  /** Bearer token for POST /api/documents; without one, ingestion over HTTP is refused. */
  token?: string | null;
  /** The one origin allowed to call the API from a browser; none by default (CORS closed). */
  corsOrigin?: string | null;
  /** The built dashboard (web/dist); without it / says how to build it. */
  webRoot?: string | null;
  /** Registries (actors.json, outlets.json) come from here. */
  dataDir?: string;
  /** Largest request body, in bytes. */
  bodyLimit?: number;
  rateLimit?: RateLimitOptions;
  /**
   * How POST /api/documents fetches a `url` (fetch-url.ts: public addresses only, size and time limits); null turns
   * url ingestion off (501). Never let a request choose these.
   */
  fetch?: FetchOptions | null;
  /** Where faults are written. */
  log?: (message: string) => void;
}

export const DEFAULT_BODY_LIMIT = 2 * 1024 * 1024;
const EXPORT_BATCH = 500;

/** An incident as the extract contract's row (as `sitrep export` writes it): its id in event_id. */
function asContractRow(inc: IncidentRecord): ExtractedEvent & { incident_id: string; doc_ids: string[]; updated_at?: string } {
  return { ...(inc as unknown as ExtractedEvent), event_id: inc.incident_id, incident_id: inc.incident_id, doc_ids: inc.doc_ids, updated_at: inc.updated_at };
}

/** Every incident matching, in pages, so an export of any size streams in bounded memory. */
async function* allIncidents(store: Repository, filter: IncidentFilter, sort: IncidentSort): AsyncGenerator<IncidentRecord[]> {
  let after: IncidentFilter['after'];
  for (;;) {
    const page = await store.listIncidents({ ...filter, sort, limit: EXPORT_BATCH, after });
    if (page.length) yield page;
    if (page.length < EXPORT_BATCH) return;
    const last = page[page.length - 1];
    after = { id: last.incident_id, key: sort === 'fatalities' ? last.fatalities : last.event_date };
  }
}

function readOutlets(dataDir: string): Outlet[] {
  const path = join(dataDir, 'outlets.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Outlet[]) : [];
}

const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>sitrep</title></head>
<body><h1>sitrep</h1><p>The dashboard is not built. Run <code>npm run build:web</code> and restart <code>sitrep serve</code>.</p>
<p>The API is running: <a href="/docs">/docs</a>, <a href="/openapi.json">/openapi.json</a>, <a href="/api/incidents">/api/incidents</a>.</p></body></html>
`;

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const { store } = opts;
  const log = opts.log ?? ((m: string) => process.stderr.write(`sitrep serve: ${m}\n`));
  const dataDir = opts.dataDir ?? DATA_DIR;
  const limiter = new RateLimiter(opts.rateLimit ?? DEFAULT_RATE_LIMIT);
  const corsOrigin = opts.corsOrigin ? opts.corsOrigin.replace(/\/+$/, '') : null;
  let ctx: StageContext | null = null;
  const context = () => (ctx ??= opts.context());
  let actors: ReturnType<typeof loadActorRegistry> | null = null;
  let outlets: Outlet[] | null = null;
  // Ingests run one at a time: fitting a document into incidents reads and rewrites its neighbours.
  let ingestQueue: Promise<unknown> = Promise.resolve();

  const app = Fastify({ logger: false, bodyLimit: opts.bodyLimit ?? DEFAULT_BODY_LIMIT, routerOptions: { maxParamLength: 500 } });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON only: a text/plain body would otherwise reach the handlers as a string.
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler((err, req, reply) => handleError(err, req, reply, log));
  app.setNotFoundHandler((req, reply) => reply.code(404).send(errorPayload('NOT_FOUND', `no route for ${req.method} ${req.url.split('?')[0]}`)));

  // ---- guards -------------------------------------------------------------------------------------------------------
  app.addHook('onRequest', async (req, reply) => {
    const origin = req.headers.origin;
    if (corsOrigin && origin === corsOrigin) {
      reply.header('access-control-allow-origin', corsOrigin);
      reply.header('vary', 'Origin');
    }
    if (req.method === 'POST') {
      limiter.take(req.ip);
      // Checked before the body is read: an unauthenticated client cannot make the server parse a large body.
      if (req.url.split('?')[0] === '/api/documents') checkBearer(req.headers.authorization, opts.token);
    }
  });
  app.addHook('onSend', async (req, reply, payload) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', req.url.startsWith('/docs') ? DOCS_CSP : DASHBOARD_CSP);
    if (req.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
  if (corsOrigin) {
    app.options('/api/*', { schema: { hide: true } }, async (req, reply) => {
      if (req.headers.origin !== corsOrigin) return reply.code(204).send();
      reply.header('access-control-allow-methods', 'GET, POST');
      reply.header('access-control-allow-headers', 'Authorization, Content-Type');
      reply.header('access-control-max-age', '600');
      return reply.code(204).send();
    });
  }

  // ---- OpenAPI --------------------------------------------------------------------------------------------------------
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'sitrep API',
        version: '0.1.0',
        description: 'Source-attributed incidents from news reports of armed attacks: who said what, disputes kept side by side. Errors are {error: {code, message}} with stable codes.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: DOCS_CSP, uiConfig: { deepLinking: false } });

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  api.get('/api/health', { schema: { tags: ['meta'], response: { 200: z.object({ ok: z.boolean(), incidents: z.number().int(), documents: z.number().int() }) } } }, async () => ({
    ok: true,
    incidents: await store.countIncidents(),
    documents: await store.countDocuments(),
  }));

  // ---- incidents ------------------------------------------------------------------------------------------------------
  api.get('/api/incidents', {
    schema: { tags: ['incidents'], summary: 'Incidents matching the filters, a page at a time (stable order: the sort key, then id)', querystring: ListQuery, response: { 200: IncidentPage, 400: ErrorBody } },
  }, async (req) => {
    const q = req.query;
    const sort = q.sort as IncidentSort;
    const filter = await toIncidentFilter(store, q);
    const after = q.cursor ? decodeCursor(q.cursor, sort) : undefined;
    // One more than asked, to know whether a next page exists without another query.
    const [rows, total] = await Promise.all([store.listIncidents({ ...filter, sort, after, limit: q.limit + 1 }), store.countIncidents(filter)]);
    const page = rows.slice(0, q.limit);
    return { items: page.map(incidentSummary), total, next_cursor: rows.length > q.limit ? encodeCursor(sort, page[page.length - 1]) : null };
  });

  api.get('/api/incidents/:id', {
    schema: { tags: ['incidents'], summary: 'One incident: every field with each source\'s value and quote, its reports and history; absorbed ids resolve to the incident that absorbed them', params: IdParams, response: { 200: LooseObject, 404: ErrorBody } },
  }, async (req) => {
    const id = await store.resolveIncidentId(req.params.id);
    const inc = id ? await store.getIncident(id) : null;
    if (!inc) throw new SitrepError('NOT_FOUND', `no incident with id "${req.params.id}"`);
    return incidentDossier(store, req.params.id, inc);
  });

  api.get('/api/aggregates', {
    schema: { tags: ['incidents'], summary: 'Dated incidents counted per day or ISO week (period = its Monday) and per weapon, country or actor', querystring: AggregateQuery, response: { 200: AggregateResponse, 400: ErrorBody } },
  }, async (req, reply) => {
    const { interval, by } = req.query;
    const buckets = await store.aggregateIncidents(await toIncidentFilter(store, req.query), interval, by);
    // Serialized here: tens of thousands of buckets through the schema's encoder would cost more than counting them.
    const body: z.output<typeof AggregateResponse> = { interval, by, multi_valued: by !== 'country', buckets };
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(body) as unknown as typeof body);
  });

  // ---- exports --------------------------------------------------------------------------------------------------------
  const exportRoute = (ext: 'csv' | 'json' | 'geojson', type: string, body: (pages: AsyncGenerator<IncidentRecord[]>) => AsyncGenerator<string>) => {
    api.get(`/api/export.${ext}`, {
      schema: { tags: ['exports'], summary: `Every incident matching the filters as ${ext === 'csv' ? 'CSV with ACLED\'s columns' : ext === 'json' ? 'a JSON array of incident records' : 'a GeoJSON FeatureCollection (incidents with coordinates)'}`, querystring: ExportQuery },
    }, async (req, reply) => {
      const filter = await toIncidentFilter(store, req.query);
      reply.header('content-type', type);
      reply.header('content-disposition', `attachment; filename="sitrep-incidents.${ext}"`);
      return reply.send(Readable.from(body(allIncidents(store, filter, req.query.sort as IncidentSort))));
    });
  };
  exportRoute('csv', 'text/csv; charset=utf-8', async function* (pages) {
    let first = true;
    for await (const page of pages) {
      const csv = toAcledCsv(page.map(asContractRow));
      yield first ? csv : csv.slice(csv.indexOf('\n') + 1);
      first = false;
    }
    if (first) yield toAcledCsv([]);
  });
  exportRoute('json', 'application/json; charset=utf-8', async function* (pages) {
    let n = 0;
    yield '[';
    for await (const page of pages) for (const inc of page) yield `${n++ ? ',\n' : '\n'}${JSON.stringify(inc)}`;
    yield '\n]\n';
  });
  exportRoute('geojson', 'application/geo+json; charset=utf-8', async function* (pages) {
    let n = 0;
    let unlocated = 0;
    yield '{"type":"FeatureCollection","features":[';
    for await (const page of pages) {
      const fc = toGeoJson(page.map(asContractRow));
      unlocated += fc.unlocated;
      for (const f of fc.features) yield `${n++ ? ',\n' : '\n'}${JSON.stringify(f)}`;
    }
    yield `\n],"unlocated":${unlocated}}\n`;
  });

  api.get('/api/brief', {
    schema: { tags: ['exports'], summary: 'A briefing: incidents in time order in neutral sentences, each figure with its source, disputes stated as disputes; JSON (the model), Markdown, or a printable HTML page', querystring: BriefQuery },
  }, async (req, reply) => {
    const { since, until, country, format, limit } = req.query;
    if (since && until && since > until) throw new ApiError('VALIDATION_FAILED', `since ${since} is after until ${until}`);
    const model = await briefFromStore(store, { since, until, countries: country, limit });
    if (format === 'md') return reply.type('text/markdown; charset=utf-8').send(briefMarkdown(model));
    if (format === 'html') {
      reply.header('content-security-policy', `default-src 'none'; style-src '${BRIEF_STYLE_HASH}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`);
      return reply.type('text/html; charset=utf-8').send(briefHtml(model));
    }
    return model;
  });

  // ---- documents ------------------------------------------------------------------------------------------------------
  api.get('/api/documents/:id', {
    schema: { tags: ['documents'], summary: 'A document\'s text with the spans of its events\' evidence, claims, loaded wording and diagnostics (UTF-16 offsets)', params: IdParams, response: { 200: LooseObject, 404: ErrorBody } },
  }, async (req) => {
    const doc = await store.getDocument(req.params.id);
    if (!doc) throw new SitrepError('NOT_FOUND', `no document with id "${req.params.id}"`);
    return documentView(store, doc);
  });

  api.post('/api/documents', {
    schema: {
      tags: ['documents'],
      summary: 'Ingest one report (text, HTML or a URL); needs Authorization: Bearer <token>. Re-sending the same text changes nothing.',
      security: [{ bearer: [] }],
      body: IngestBody,
      response: { 200: IngestResponse, 201: IngestResponse, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 413: ErrorBody, 429: ErrorBody, 501: ErrorBody },
    },
  }, async (req, reply) => {
    const b = req.body;
    let published: string | null = null;
    if (b.published) {
      published = normalizePublished(b.published);
      if (!published) throw new SitrepError('INPUT_MALFORMED', `published "${b.published}" is not a date (want YYYY-MM-DD or an ISO timestamp)`);
    }
    const known = { id: cleanString(b.id), title: cleanString(b.title), outlet: cleanString(b.outlet), published };
    let input: NewDocument;
    if (b.text !== undefined) {
      const text = normalizeText(b.text);
      if (!text.trim()) throw new SitrepError('INPUT_EMPTY', '"text" is empty');
      input = { ...known, text, source: 'api' };
    } else if (b.html !== undefined) {
      input = htmlToDocument(b.html, 'api', { known });
    } else {
      if (opts.fetch === null) throw new ApiError('NOT_IMPLEMENTED', 'this server does not fetch URLs: send the page as "html" or its text as "text"');
      const docs: NewDocument[] = [];
      for await (const item of readUrl(b.url!, { published, outlet: known.outlet }, { ...(opts.fetch ?? {}), allowPrivate: opts.fetch?.allowPrivate ?? false })) {
        if (!item.ok) throw item.error;
        docs.push(item.doc);
      }
      if (docs.length !== 1) throw new SitrepError('INPUT_UNSUPPORTED', `${b.url} holds ${docs.length} reports; send one report per request`);
      input = { ...docs[0], id: known.id ?? docs[0].id, title: known.title ?? docs[0].title };
    }
    const run = ingestQueue.then(async () => {
      const r = await ingestDocument(store, context(), input);
      const events = await store.listEvents({ docId: r.docId });
      const members = await store.membership(events.map((e) => e.event_id));
      return { status: r.status, doc_id: r.docId, events: r.events, incidents: r.incidents, incident_ids: [...new Set(members.values())] };
    });
    ingestQueue = run.catch(() => undefined);
    const result = await run;
    return reply.code(result.status === 'inserted' ? 201 : 200).send(result);
  });

  // ---- registries -----------------------------------------------------------------------------------------------------
  api.get('/api/actors', { schema: { tags: ['registries'], summary: 'The actor registry (data/actors.json): ACLED-style names, aliases, type, interaction code' } }, async () => {
    actors ??= loadActorRegistry(join(dataDir, 'actors.json'));
    return actors.all.map((a) => ({ id: a.id, name: a.name, aliases: a.aliases, acronyms: a.acronyms, type: a.type, inter: a.inter, country: a.country, affiliations: a.affiliations }));
  });
  api.get('/api/outlets', { schema: { tags: ['registries'], summary: 'The outlet registry (data/outlets.json): outlets and institutions, their type, country and the parties they speak for' } }, async () => {
    outlets ??= readOutlets(dataDir);
    return outlets;
  });

  // ---- the dashboard --------------------------------------------------------------------------------------------------
  if (opts.webRoot && existsSync(join(opts.webRoot, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: opts.webRoot,
      prefix: '/',
      index: ['index.html'],
      // Hashed bundle names never change content; the page itself is always revalidated.
      setHeaders: (reply, path) => reply.header('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache'),
    });
  } else {
    app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE));
  }
  return app;
}
