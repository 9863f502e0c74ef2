import type { StageContext } from '../context.js';
import type { ExtractedEvent } from './contract.js';
import type { IncidentRecord } from './incident-record.js';
import { clusterEvents, mergeableWith } from './cluster.js';
import { dateReach } from './compatibility.js';
import { buildIncident, incidentIdFor } from './merge.js';

/** What a store gives the resolver: the events a date can meet, who belongs where, and a way to write a plan. */
export interface IncidentStore {
  /**
   * Events whose date can meet a day within [since, until] (inclusive, YYYY-MM-DD): those whose reach (dateReach, their
   * date widened by their precision's margin) overlaps it; undated events never. With `countries`, only those in one of
   * them or in no known country (the only others a report there can belong with). By event id.
   */
  eventsReaching(since: string, until: string, countries?: readonly string[] | null): Promise<ExtractedEvent[]>;
  /** The incident each of these events belongs to now. */
  membership(eventIds: readonly string[]): Promise<Map<string, string>>;
  getIncident(id: string): Promise<IncidentRecord | null>;
  applyIncidentPlan(plan: IncidentPlan): Promise<void>;
}

export interface IncidentChange {
  /** created | updated | merged-into */
  kind: 'created' | 'updated' | 'merged-into';
  added_reports?: string[];
  removed_reports?: string[];
  changed_fields?: { field: string; from: unknown; to: unknown }[];
  into?: string;
}

export interface IncidentPlan {
  at: string;
  upserts: { record: IncidentRecord; members: string[]; change: IncidentChange }[];
  removals: { id: string; aliasTo: string | null; change: IncidentChange }[];
}

const TRACKED = ['event_date', 'location', 'weapons', 'launched', 'intercepted', 'impacted', 'fatalities', 'injured', 'actor1', 'claimed_by', 'sub_event_type'] as const;

type DayRange = [number, number];

/** The union of day ranges, as disjoint ranges in order. */
function union(ranges: readonly DayRange[]): DayRange[] {
  const out: DayRange[] = [];
  for (const [from, to] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = out[out.length - 1];
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to); else out.push([from, to]);
  }
  return out;
}

/** The days of `ranges` that `covered` (disjoint, in order) leaves out. */
function minus(ranges: readonly DayRange[], covered: readonly DayRange[]): DayRange[] {
  const out: DayRange[] = [];
  for (const [from, to] of ranges) {
    let at = from;
    for (const [a, b] of covered) {
      if (b < at) continue;
      if (a > to) break;
      if (a > at) out.push([at, a - 1]);
      at = Math.max(at, b + 1);
      if (at > to) break;
    }
    if (at <= to) out.push([at, to]);
  }
  return out;
}

const isoDay = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
/** Key of the reads for events without a country: every country's events (they may merge with an event anywhere). */
const EVERYWHERE = '';

/**
 * The new events and every stored event linked to them through pairs that may merge (compatibility.ts mayMerge): the
 * part of the store a new report can change. Read ring by ring, each ring's candidates only from the dates and
 * countries its events can meet, and each day of a country read once, so the reads follow the component, not the size
 * of the store.
 */
async function mergeableComponent(store: IncidentStore, newEvents: readonly ExtractedEvent[]): Promise<ExtractedEvent[]> {
  const comp = new Map(newEvents.map((e) => [e.event_id, e]));
  // Everything read so far, and the days read per country (EVERYWHERE: for every country at once).
  const pool = new Map<string, ExtractedEvent>();
  const read = new Map<string, DayRange[]>();
  let ring: readonly ExtractedEvent[] = newEvents;
  while (ring.length) {
    const wanted = new Map<string, DayRange[]>();
    for (const e of ring) {
      const r = dateReach(e);
      if (!r) continue;
      const key = e.country ?? EVERYWHERE;
      wanted.set(key, [...(wanted.get(key) ?? []), r]);
    }
    // Everywhere first: what it reads, no country needs to read again.
    for (const key of [...wanted.keys()].sort()) {
      const done = union([...(read.get(key) ?? []), ...(key === EVERYWHERE ? [] : read.get(EVERYWHERE) ?? [])]);
      for (const [from, to] of minus(union(wanted.get(key)!), done)) {
        for (const o of await store.eventsReaching(isoDay(from), isoDay(to), key === EVERYWHERE ? null : [key])) pool.set(o.event_id, o);
      }
      read.set(key, union([...(read.get(key) ?? []), ...wanted.get(key)!]));
    }
    ring = mergeableWith(ring, [...pool.values()].filter((o) => !comp.has(o.event_id)));
    for (const e of ring) comp.set(e.event_id, e);
  }
  return [...comp.values()];
}

/** Strip what changes with time alone, to tell a real change from a re-computation. */
function stable(r: IncidentRecord): string {
  const { created_at, updated_at, ...rest } = r;
  return JSON.stringify(rest);
}

/**
 * Fit new reports into the store's incidents: re-cluster the part of the store they can change (their mergeable
 * component), keep ids derived from members, and record every change. Clustering a set of events gives the union of
 * its results on each mergeable component (cluster.ts), and a component holds whole incidents, so the store ends up as
 * the clustering of all its events, whatever the order documents arrived in.
 */
export async function resolveIncidents(store: IncidentStore, newEvents: readonly ExtractedEvent[], ctx: StageContext, now: Date): Promise<{ created: number; updated: number; merged: number }> {
  if (!newEvents.length) return { created: 0, updated: 0, merged: 0 };
  const comp = await mergeableComponent(store, newEvents);
  const clusters = clusterEvents(comp);
  const before = await store.membership(comp.map((e) => e.event_id));
  const oldIds = new Set(before.values());
  const oldSizes = new Map<string, number>();
  for (const id of before.values()) oldSizes.set(id, (oldSizes.get(id) ?? 0) + 1);
  const plan: IncidentPlan = { at: now.toISOString(), upserts: [], removals: [] };
  const newIds = new Set<string>();
  let created = 0;
  let updated = 0;
  for (const members of clusters) {
    // Exactly the members of a stored incident: its record was built from them and stands (most of a component).
    const held = before.get(members[0].event_id);
    if (held !== undefined && oldSizes.get(held) === members.length && members.every((e) => before.get(e.event_id) === held) && incidentIdFor(members) === held) {
      newIds.add(held);
      continue;
    }
    const record = buildIncident(members, ctx);
    newIds.add(record.incident_id);
    const existing = oldIds.has(record.incident_id) ? await store.getIncident(record.incident_id) : null;
    if (existing && stable(existing) === stable({ ...record, created_at: existing.created_at, updated_at: existing.updated_at })) continue;
    const change: IncidentChange = existing
      ? {
          kind: 'updated',
          added_reports: record.doc_ids.filter((d) => !existing.doc_ids.includes(d)),
          removed_reports: existing.doc_ids.filter((d) => !record.doc_ids.includes(d)),
          changed_fields: TRACKED.filter((f) => JSON.stringify(existing[f]) !== JSON.stringify(record[f])).map((f) => ({ field: f, from: existing[f], to: record[f] })),
        }
      : { kind: 'created', added_reports: record.doc_ids };
    if (existing) updated++; else created++;
    plan.upserts.push({ record, members: members.map((e) => e.event_id), change });
  }
  let merged = 0;
  for (const old of oldIds) {
    if (newIds.has(old)) continue;
    // An incident whose members now sit elsewhere: its id becomes an alias of the incident holding most of them.
    const counts = new Map<string, number>();
    for (const [eventId, inc] of before) {
      if (inc !== old) continue;
      const to = plan.upserts.find((u) => u.members.includes(eventId))?.record.incident_id ?? [...newIds].find((id) => id === old) ?? null;
      if (to) counts.set(to, (counts.get(to) ?? 0) + 1);
    }
    const aliasTo = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
    plan.removals.push({ id: old, aliasTo, change: { kind: 'merged-into', into: aliasTo ?? undefined } });
    merged++;
  }
  if (plan.upserts.length || plan.removals.length) await store.applyIncidentPlan(plan);
  return { created, updated, merged };
}
