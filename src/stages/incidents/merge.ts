import { sha256 } from '../../core/hash.js';
import type { OutletRegistry } from '../attribution/outlets.js';
import type { ExtractedEvent, FieldAssertion, Dispute, ClaimRecord } from './contract.js';
import type { IncidentRecord, SourcedAssertion, SourcedField, ReportRef, LoadedWordingFlag } from './incident-record.js';
import { disputeSide, summariseCount } from './to-contract.js';
import { neutralNote } from './notes.js';
import type { StageContext } from '../context.js';

const COUNT_FIELDS = ['launched', 'intercepted', 'impacted', 'killed', 'injured'] as const;
const CASUALTY = new Set(['killed', 'injured']);

/** The incident id is derived from its earliest member (by id), so any ingest order gives the same ids. */
export function incidentIdFor(members: readonly ExtractedEvent[]): string {
  const first = [...members].map((e) => e.event_id).sort()[0];
  return `inc-${sha256(first).slice(0, 12)}`;
}

function isPartySource(a: SourcedAssertion, outlets: OutletRegistry): boolean {
  if (a.speaker_class === 'armed_group') return true;
  const o = a.report_outlet ? outlets.find(a.report_outlet) : undefined;
  return !!o && o.party_to.length > 0 && (o.type === 'armed_group_channel' || o.type === 'state_media' || o.type === 'military' || o.type === 'government');
}

/** Per outlet, a later report's figure revises its earlier one; what remains is compared across outlets. */
function currentByOutlet(assertions: SourcedAssertion[]): { current: SourcedAssertion[]; revisions: SourcedField['revisions'] } {
  const byOutlet = new Map<string, SourcedAssertion[]>();
  for (const a of assertions) {
    const key = `${a.report_outlet ?? a.doc_id}|${a.speaker}`;
    byOutlet.set(key, [...(byOutlet.get(key) ?? []), a]);
  }
  const current: SourcedAssertion[] = [];
  const revisions: SourcedField['revisions'] = [];
  for (const list of byOutlet.values()) {
    const docs = [...new Set(list.map((a) => a.doc_id))];
    if (docs.length < 2) { current.push(...list); continue; }
    const ordered = [...list].sort((x, y) => (x.published ?? '').localeCompare(y.published ?? '') || x.doc_id.localeCompare(y.doc_id));
    const latestDoc = ordered[ordered.length - 1].doc_id;
    const latest = ordered.filter((a) => a.doc_id === latestDoc);
    const earlier = ordered.filter((a) => a.doc_id !== latestDoc);
    for (const e of earlier) {
      if (latest.every((l) => l.value !== e.value) && e.value !== null && latest[0].value !== null) {
        revisions.push({ outlet: e.report_outlet ?? e.speaker, from: e.value, to: latest[0].value, from_doc: e.doc_id, to_doc: latestDoc, at: latest[0].published });
      }
    }
    current.push(...latest);
  }
  return { current, revisions };
}

function sourced(e: ExtractedEvent, a: FieldAssertion): SourcedAssertion {
  return { ...a, doc_id: e.doc_id, report_outlet: e.outlet, published: e.published };
}

function mode<T>(values: T[], key: (v: T) => string): T | undefined {
  const counts = new Map<string, { v: T; n: number; first: number }>();
  values.forEach((v, i) => {
    const k = key(v);
    const c = counts.get(k);
    if (c) c.n++; else counts.set(k, { v, n: 1, first: i });
  });
  return [...counts.values()].sort((a, b) => b.n - a.n || a.first - b.first)[0]?.v;
}

/** Merge the reports of one incident into its record: best values, every source's version, disputes, revisions, claims. */
export function buildIncident(members: readonly ExtractedEvent[], ctx: StageContext): IncidentRecord {
  const events = [...members].sort((a, b) => (a.published ?? '').localeCompare(b.published ?? '') || a.event_id.localeCompare(b.event_id));
  const reports: ReportRef[] = events.map((e) => ({ doc_id: e.doc_id, event_id: e.event_id, outlet: e.outlet, published: e.published }));
  const fields: Record<string, SourcedField> = {};
  const disputes: Dispute[] = [];
  for (const f of COUNT_FIELDS) {
    const all = events.flatMap((e) => (e.fields[f]?.assertions ?? []).map((a) => sourced(e, a)));
    const { current, revisions } = currentByOutlet(all);
    const summary = summariseCount(current, CASUALTY.has(f));
    const independent = current.some((a) => !isPartySource(a, ctx.outlets));
    fields[f] = { ...summary, assertions: all, revisions, confirmation: !all.length ? 'not-reported' : independent ? 'confirmed' : 'claimed-only' };
    if (summary.disputed) {
      // Disputes across reports: distinct exact figures from sources that are not the same outlet revising itself.
      disputes.push({ field: f, values: current.filter((a) => disputeSide(a, current)).map((a) => ({ value: a.value ?? (a.max === null ? `at least ${a.min}` : `${a.min}-${a.max}`), speaker: a.speaker, outlet: a.report_outlet ?? a.outlet, start: a.start, end: a.end, doc_id: a.doc_id } as Dispute['values'][number])) });
    }
  }
  // Date: the day most reports give; several day-precise dates from different reports are a dispute on the date.
  const dated = events.filter((e) => e.event_date);
  const dayDated = dated.filter((e) => e.date_precision === 'day');
  const dateEvent = mode(dayDated.length ? dayDated : dated, (e) => e.event_date!) ?? events[0];
  const dayValues = new Set(dayDated.map((e) => e.event_date));
  if (dayValues.size > 1) disputes.push({ field: 'event_date', values: dayDated.map((e) => ({ value: e.event_date, speaker: e.outlet ?? 'the report', outlet: e.outlet, start: 0, end: 0, doc_id: e.doc_id } as Dispute['values'][number])) });
  // Place: the most precise place, and among equals the one most reports name.
  const bestPrecision = Math.min(...events.map((e) => e.geo_precision ?? 9));
  const placeEvent = mode(events.filter((e) => (e.geo_precision ?? 9) === bestPrecision), (e) => e.place_id ?? '') ?? events[0];
  const weapons = [...new Set(events.flatMap((e) => e.weapons))];
  const claims: ClaimRecord[] = [];
  for (const e of events) for (const c of e.claims) if (!claims.some((x) => x.claimant === c.claimant && x.outlet === c.outlet)) claims.push({ ...c });
  const claimants = [...new Set(claims.map((c) => c.claimant))];
  const actorEvent = mode(events.filter((e) => e.actor1), (e) => e.actor1!);
  const typeEvent = mode(events, (e) => e.sub_event_type) ?? events[0];
  const loaded: LoadedWordingFlag[] = events.flatMap((e) => (e.loaded_wording ?? []).map((w) => ({ ...w, outlet: e.outlet, doc_id: e.doc_id })));
  const sources = new Map<string, ExtractedEvent['sources'][number]>();
  for (const e of events) for (const s of e.sources) sources.set(`${s.speaker}|${s.outlet}`, s);
  const first = events[0];
  const record: IncidentRecord = {
    ...first,
    incident_id: incidentIdFor(events),
    event_id: [...events].map((e) => e.event_id).sort()[0],
    doc_id: first.doc_id,
    doc_ids: [...new Set(events.map((e) => e.doc_id))],
    reports,
    event_date: dateEvent.event_date,
    date_precision: dateEvent.date_precision,
    historical: events.every((e) => e.historical),
    event_type: typeEvent.event_type,
    sub_event_type: typeEvent.sub_event_type,
    disorder_type: typeEvent.disorder_type,
    weapons: weapons.filter((w) => w !== 'explosive' || weapons.length === 1),
    launched: fields.launched.best as number | null,
    intercepted: fields.intercepted.best as number | null,
    impacted: fields.impacted.best as number | null,
    fatalities: fields.killed.best as number | null,
    injured: fields.injured.best as number | null,
    damage: events.map((e) => e.damage).find(Boolean) ?? null,
    actor1: actorEvent?.actor1 ?? null,
    actor1_id: actorEvent?.actor1_id ?? null,
    inter1: actorEvent?.inter1 ?? null,
    actor2: events.map((e) => e.actor2).find(Boolean) ?? null,
    inter2: events.map((e) => e.inter2).find(Boolean) ?? null,
    claimed_by: claimants,
    claims,
    competing_claims: claimants.length > 1,
    target: events.map((e) => e.target).find(Boolean) ?? null,
    country: placeEvent.country,
    admin1: placeEvent.admin1,
    location: placeEvent.location,
    latitude: placeEvent.latitude,
    longitude: placeEvent.longitude,
    geo_precision: placeEvent.geo_precision,
    place_id: placeEvent.place_id,
    sources: [...sources.values()],
    disputes,
    evidence: events.flatMap((e) => e.evidence.map((x) => ({ ...x, doc_id: e.doc_id }))),
    fields,
    notes: '',
    published: first.published,
    outlet: first.outlet,
    loaded_wording: loaded,
  };
  record.notes = neutralNote(record as unknown as ExtractedEvent, ctx);
  return record;
}
