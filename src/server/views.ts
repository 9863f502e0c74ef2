/** What the API makes of stored records: list summaries, cursors, filters, and a document with its spans. */
import type { ExtractedEvent } from '../stages/incidents/contract.js';
import type { IncidentRecord } from '../stages/incidents/incident-record.js';
import { incidentOutcomes, primaryOutcome } from '../store/incident-facets.js';
import type { IncidentCursor, IncidentFilter, IncidentSort, Repository, StoredDocument } from '../store/repository.js';
import { ApiError } from './errors.js';
import type { DocSpan } from './doc-span.js';

export type { DocSpan };
import type { FilterQueryValue } from './schemas.js';

/** Documents a full-text query may keep; more matches than this narrow to the best-ranked. */
export const SEARCH_DOC_LIMIT = 5000;

export function incidentSummary(r: IncidentRecord) {
  return {
    incident_id: r.incident_id,
    event_date: r.event_date,
    date_precision: r.date_precision,
    event_type: r.event_type,
    sub_event_type: r.sub_event_type,
    weapons: r.weapons ?? [],
    launched: r.launched,
    intercepted: r.intercepted,
    impacted: r.impacted,
    fatalities: r.fatalities,
    injured: r.injured,
    actor1: r.actor1,
    claimed_by: r.claimed_by ?? [],
    target: r.target,
    country: r.country,
    admin1: r.admin1,
    location: r.location,
    latitude: r.latitude,
    longitude: r.longitude,
    geo_precision: r.geo_precision,
    outcome: primaryOutcome(r),
    outcomes: incidentOutcomes(r),
    disputed_fields: [...new Set((r.disputes ?? []).map((d) => d.field))],
    reports: r.reports?.length ?? r.doc_ids?.length ?? 0,
    outlets: [...new Set((r.reports ?? []).map((x) => x.outlet).filter((o): o is string => !!o))],
    notes: r.notes ?? '',
    updated_at: r.updated_at ?? null,
  };
}

// ---- filters and cursors -------------------------------------------------------------------------------------------

/** The query's filters as the store's; a text query becomes the documents it matches. */
export async function toIncidentFilter(store: Repository, q: FilterQueryValue): Promise<IncidentFilter> {
  const f: IncidentFilter = {
    since: q.since,
    until: q.until,
    country: q.country,
    admin1: q.admin1,
    actor: q.actor,
    weapon: q.weapon,
    outcome: q.outcome as IncidentFilter['outcome'],
    disputedOnly: q.disputed === true,
    bbox: q.bbox,
  };
  if (q.q) f.docIds = (await store.searchDocuments(q.q, SEARCH_DOC_LIMIT)).map((h) => h.id);
  return f;
}

interface CursorBody { v: 1; s: IncidentSort; k: string | number | null; i: string }

export function encodeCursor(sort: IncidentSort, last: IncidentRecord): string {
  const body: CursorBody = { v: 1, s: sort, k: sort === 'fatalities' ? last.fatalities : last.event_date, i: last.incident_id };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/** A cursor is only ever one this server made for the same sort; anything else is INVALID_CURSOR. */
export function decodeCursor(cursor: string, sort: IncidentSort): IncidentCursor {
  let body: Partial<CursorBody>;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorBody>;
  } catch {
    throw new ApiError('INVALID_CURSOR', 'cursor is not one this API made: start again without it');
  }
  const keyOk = body.k === null || (sort === 'fatalities' ? typeof body.k === 'number' && Number.isFinite(body.k) : typeof body.k === 'string' && /^\d{4}-\d{2}-\d{2}/.test(body.k));
  if (!body || body.v !== 1 || typeof body.i !== 'string' || !keyOk) throw new ApiError('INVALID_CURSOR', 'cursor is not one this API made: start again without it');
  if (body.s !== sort) throw new ApiError('INVALID_CURSOR', `cursor was made for sort=${body.s}, not sort=${sort}`);
  return { id: body.i, key: body.k ?? null };
}

// ---- a document with its spans -------------------------------------------------------------------------------------


/** The document, its events (with the incident each belongs to) and every span to highlight, sorted by position. */
export async function documentView(store: Repository, doc: StoredDocument) {
  const events: ExtractedEvent[] = await store.listEvents({ docId: doc.id });
  const membership = await store.membership(events.map((e) => e.event_id));
  const spans: DocSpan[] = [];
  const seen = new Set<string>();
  const n = doc.text.length;
  const add = (s: DocSpan) => {
    if (!(Number.isInteger(s.start) && Number.isInteger(s.end)) || s.start < 0 || s.end > n || s.end <= s.start) return;
    const key = `${s.kind}|${s.label}|${s.start}|${s.end}|${s.event_id}`;
    if (seen.has(key)) return;
    seen.add(key);
    spans.push(s);
  };
  for (const e of events) {
    const inc = membership.get(e.event_id) ?? null;
    for (const ev of e.evidence ?? []) add({ start: ev.start, end: ev.end, kind: 'evidence', label: ev.field, detail: ev.rule ?? null, event_id: e.event_id, incident_id: inc });
    for (const [field, summary] of Object.entries(e.fields ?? {})) {
      for (const a of summary.assertions ?? []) {
        add({ start: a.start, end: a.end, kind: 'assertion', label: field, detail: `${a.value ?? `${a.min ?? '?'}–${a.max ?? '?'}`} per ${a.speaker}${a.outlet && a.outlet !== a.speaker ? ` (${a.outlet})` : ''} [${a.stance}]`, event_id: e.event_id, incident_id: inc });
      }
    }
    for (const c of e.claims ?? []) add({ start: c.start, end: c.end, kind: 'claim', label: c.claimant, detail: `claim reported by ${c.outlet ?? c.speaker}`, event_id: e.event_id, incident_id: inc });
    for (const w of e.loaded_wording ?? []) add({ start: w.start, end: w.end, kind: 'loaded-wording', label: w.word, detail: "the source's words, not sitrep's", event_id: e.event_id, incident_id: inc });
  }
  for (const d of doc.diagnostics) {
    if (d.start !== null && d.end !== null) add({ start: d.start, end: d.end, kind: 'diagnostic', label: d.code, detail: d.message, event_id: null, incident_id: null });
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  return {
    id: doc.id,
    title: doc.title,
    outlet: doc.outlet,
    published: doc.published,
    url: doc.url,
    source: doc.source,
    language: doc.language,
    ingested_at: doc.ingestedAt,
    text: doc.text,
    events: events.map((e) => ({ event_id: e.event_id, incident_id: membership.get(e.event_id) ?? null, event_date: e.event_date, sub_event_type: e.sub_event_type, weapons: e.weapons, location: e.location, country: e.country })),
    diagnostics: doc.diagnostics,
    spans,
  };
}

/** The dossier: the record, its documents' metadata, the words each evidence span covers, and its history. */
export async function incidentDossier(store: Repository, requested: string, inc: IncidentRecord) {
  const docs = (await Promise.all(inc.doc_ids.map((d) => store.getDocument(d)))).filter((d): d is StoredDocument => !!d);
  const textOf = new Map(docs.map((d) => [d.id, d.text]));
  const span = (docId: string | undefined, start: number, end: number) => {
    const t = docId ? textOf.get(docId) : undefined;
    return t !== undefined && start >= 0 && end <= t.length && end > start ? t.slice(start, end) : null;
  };
  const evidence = (inc.evidence ?? []).map((e) => {
    const docId = (e as { doc_id?: string }).doc_id;
    return { ...e, text: span(docId, e.start, e.end) };
  });
  return {
    requested_id: requested,
    incident: { ...inc, evidence },
    summary: incidentSummary(inc),
    documents: docs.map((d) => ({ id: d.id, title: d.title, outlet: d.outlet, published: d.published, url: d.url })),
    history: await store.incidentHistory(inc.incident_id),
  };
}
