/**
 * The API's request and response shapes as zod schemas: they validate requests, and @fastify/swagger turns them into
 * the OpenAPI document at /openapi.json.
 */
import { z } from 'zod';
import { OUTCOMES } from '../store/incident-facets.js';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((v) => {
    const t = Date.parse(`${v}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === v;
  }, 'not a calendar date');

const text = (max: number, what: string) => z.string().trim().min(1).max(max).describe(what);

const bbox = z
  .string()
  .max(200)
  .describe('minLon,minLat,maxLon,maxLat (degrees); incidents without coordinates are left out')
  .transform((v, ctx) => {
    const parts = v.split(',').map((p) => Number(p.trim()));
    const [minLon, minLat, maxLon, maxLat] = parts;
    const ok = parts.length === 4 && parts.every((n) => Number.isFinite(n)) && minLon >= -180 && maxLon <= 180 && minLat >= -90 && maxLat <= 90 && minLon <= maxLon && minLat <= maxLat;
    if (!ok) {
      ctx.addIssue({ code: 'custom', message: 'bbox must be minLon,minLat,maxLon,maxLat with -180 <= lon <= 180, -90 <= lat <= 90 and min <= max' });
      return z.NEVER;
    }
    return [minLon, minLat, maxLon, maxLat] as [number, number, number, number];
  });

/** The filters every incident view shares: the list, aggregates, exports. */
export const FilterQuery = z.object({
  since: isoDate.optional().describe('on or after this date (YYYY-MM-DD); undated incidents are left out'),
  until: isoDate.optional().describe('on or before this date (YYYY-MM-DD)'),
  country: text(100, 'ISO 3166-1 alpha-2 code, case-insensitive').optional(),
  admin1: text(200, 'first-level division, as stored (case-insensitive)').optional(),
  actor: text(300, 'actor1 or a claimant of responsibility, exact name (case-insensitive)').optional(),
  weapon: text(100, 'weapon code as stored: drone, rocket, ballistic_missile, …').optional(),
  outcome: z.enum(OUTCOMES as [string, ...string[]]).optional().describe('launched | intercepted | impacted (impacted includes attacks that killed or injured)'),
  disputed: z.enum(['true', 'false', '1', '0']).optional().transform((v) => (v === undefined ? undefined : v === 'true' || v === '1')).describe('only incidents whose sources disagree'),
  bbox: bbox.optional(),
  q: text(500, 'full-text search over the source documents; keeps incidents reported by a matching document').optional(),
});
export type FilterQueryValue = z.output<typeof FilterQuery>;

export const SortQuery = z.enum(['date', '-date', 'fatalities']).default('date').describe('date: oldest first; -date: newest first; fatalities: most first (undated or unknown last, then id)');

export const ListQuery = FilterQuery.extend({
  sort: SortQuery,
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(512).optional().describe('next_cursor from the previous page'),
});

export const AggregateQuery = FilterQuery.extend({
  interval: z.enum(['day', 'week']).default('week'),
  by: z.enum(['weapon', 'country', 'actor']).default('weapon'),
});

export const ExportQuery = FilterQuery.extend({ sort: SortQuery });

export const BriefQuery = z.object({
  since: isoDate.optional(),
  until: isoDate.optional(),
  country: z
    .string()
    .max(300)
    .optional()
    .describe('ISO 3166-1 alpha-2 codes, comma-separated (IQ,SY)')
    .transform((v, ctx) => {
      if (!v) return [] as string[];
      const codes = [...new Set(v.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean))];
      if (codes.some((c) => !/^[A-Z]{2}$/.test(c))) {
        ctx.addIssue({ code: 'custom', message: 'country takes ISO 3166-1 alpha-2 codes separated by commas' });
        return z.NEVER;
      }
      return codes;
    }),
  format: z.enum(['md', 'html', 'json']).default('json'),
  limit: z.coerce.number().int().min(1).max(1000).default(1000),
});

export const IdParams = z.object({ id: z.string().min(1).max(300) });

export const IngestBody = z
  .object({
    text: z.string().min(1).optional().describe('the report as plain text'),
    html: z.string().min(1).optional().describe('the report as an HTML page; the article is read out of it'),
    url: z.string().url().max(2048).optional().describe('a page to fetch (when this build can fetch)'),
    id: z.string().trim().min(1).max(200).optional(),
    published: z.string().trim().max(64).optional().describe('YYYY-MM-DD or an ISO timestamp'),
    outlet: z.string().trim().max(300).optional(),
    title: z.string().trim().max(1000).optional(),
  })
  .refine((b) => [b.text, b.html, b.url].filter((v) => v !== undefined).length === 1, { message: 'send exactly one of text, html or url' });

// ---- responses ------------------------------------------------------------------------------------------------------

export const IncidentSummary = z
  .object({
    incident_id: z.string(),
    event_date: z.string().nullable(),
    date_precision: z.string(),
    event_type: z.string(),
    sub_event_type: z.string(),
    weapons: z.array(z.string()),
    launched: z.number().nullable(),
    intercepted: z.number().nullable(),
    impacted: z.number().nullable(),
    fatalities: z.number().nullable(),
    injured: z.number().nullable(),
    actor1: z.string().nullable(),
    claimed_by: z.array(z.string()),
    target: z.string().nullable(),
    country: z.string().nullable(),
    admin1: z.string().nullable(),
    location: z.string().nullable(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    geo_precision: z.number().nullable(),
    outcome: z.enum(OUTCOMES as [string, ...string[]]).nullable().describe('impacted over intercepted over launched; null when none is reported'),
    outcomes: z.array(z.string()),
    disputed_fields: z.array(z.string()),
    reports: z.number().int(),
    outlets: z.array(z.string()),
    notes: z.string(),
    updated_at: z.string().nullable(),
  })
  .meta({ id: 'IncidentSummary' });

export const IncidentPage = z.object({
  items: z.array(IncidentSummary),
  total: z.number().int().describe('incidents matching the filters'),
  next_cursor: z.string().nullable().describe('pass as cursor for the next page; null on the last page'),
});

export const AggregateResponse = z.object({
  interval: z.enum(['day', 'week']),
  by: z.enum(['weapon', 'country', 'actor']),
  multi_valued: z.boolean().describe('true when an incident with several keys (weapons, actors) counts under each'),
  buckets: z.array(z.object({ period: z.string(), key: z.string().nullable(), count: z.number().int() })),
});

export const IngestResponse = z.object({
  status: z.enum(['inserted', 'unchanged']),
  doc_id: z.string(),
  events: z.number().int(),
  incidents: z.object({ created: z.number().int(), updated: z.number().int(), merged: z.number().int() }),
  incident_ids: z.array(z.string()),
});

/** Loose on purpose: the incident record and the document view are large and described in the README and types. */
export const LooseObject = z.object({}).catchall(z.unknown());
