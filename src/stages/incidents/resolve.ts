import type { StageContext } from '../context.js';
import type { ExtractedEvent } from './contract.js';
import type { IncidentRecord } from './incident-record.js';
import { clusterEvents, component } from './cluster.js';
import { buildIncident } from './merge.js';

/** What a store gives the resolver: the events near a date range, who belongs where, and a way to write a plan. */
export interface IncidentStore {
  /**
   * Events dated within [since, until] (inclusive, YYYY-MM-DD); with `countries`, only those in one of them or in no
   * known country (the only others a report there can belong with).
   */
  eventsBetween(since: string, until: string, countries?: readonly string[] | null): Promise<ExtractedEvent[]>;
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

const WINDOW_DAYS = 40;
const TRACKED = ['event_date', 'location', 'weapons', 'launched', 'intercepted', 'impacted', 'fatalities', 'injured', 'actor1', 'claimed_by', 'sub_event_type'] as const;

function shiftDay(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Strip what changes with time alone, to tell a real change from a re-computation. */
function stable(r: IncidentRecord): string {
  const { created_at, updated_at, ...rest } = r;
  return JSON.stringify(rest);
}

/**
 * Fit new reports into the store's incidents: re-cluster the part of the store they can touch (their connected
 * component of compatible events), keep ids derived from members, and record every change. Re-clustering a whole
 * component makes the result independent of the order documents arrive in.
 */
export async function resolveIncidents(store: IncidentStore, newEvents: readonly ExtractedEvent[], ctx: StageContext, now: Date): Promise<{ created: number; updated: number; merged: number }> {
  if (!newEvents.length) return { created: 0, updated: 0, merged: 0 };
  const dates = (es: readonly ExtractedEvent[]) => [...new Set(es.map((e) => e.event_date).filter((d): d is string => !!d))].sort();
  // The pool is read in windows around each date in play, never across the gap between far-apart dates: a report
  // that mentions an attack from years before must not pull in every event in between.
  const windows = (ds: string[]): [string, string][] => {
    const out: [string, string][] = [];
    for (const d of ds) {
      const w: [string, string] = [shiftDay(d, -WINDOW_DAYS), shiftDay(d, WINDOW_DAYS)];
      const last = out[out.length - 1];
      if (last && w[0] <= last[1]) last[1] = w[1] > last[1] ? w[1] : last[1]; else out.push(w);
    }
    return out;
  };
  // Nor across countries: events in two countries are never one incident, so while every event in play has a country
  // the pool holds only those countries' events (and the country-less ones); one without a country opens it to all.
  const countries = (es: readonly ExtractedEvent[]) => (es.some((e) => !e.country) ? null : [...new Set(es.map((e) => e.country!))].sort());
  let seeds = [...newEvents];
  let comp: ExtractedEvent[] = seeds;
  const read = new Set<string>();
  const pool = new Map<string, ExtractedEvent>();
  for (let round = 0; round < 6; round++) {
    const only = countries(comp);
    const key = (a: string, b: string) => `${a}|${b}|${only?.join(',') ?? '*'}`;
    const todo = windows(dates(comp)).filter(([a, b]) => !read.has(key(a, b)));
    if (!todo.length) break;
    for (const [a, b] of todo) {
      read.add(key(a, b));
      for (const e of await store.eventsBetween(a, b, only)) pool.set(e.event_id, e);
    }
    for (const e of newEvents) if (!pool.has(e.event_id)) pool.set(e.event_id, e);
    comp = component(seeds, [...pool.values()]);
    seeds = comp;
  }
  const clusters = clusterEvents(comp);
  const before = await store.membership(comp.map((e) => e.event_id));
  const oldIds = new Set(before.values());
  const plan: IncidentPlan = { at: now.toISOString(), upserts: [], removals: [] };
  const newIds = new Set<string>();
  let created = 0;
  let updated = 0;
  for (const members of clusters) {
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
