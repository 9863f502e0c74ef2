/**
 * The multi-valued things an incident is filtered and counted by (weapons, actors, outcomes), derived from its record
 * the same way by every backend, so a filter or an aggregate means the same in SQLite and PostgreSQL.
 */
import type { IncidentRecord } from '../stages/incidents/incident-record.js';

export type Outcome = 'launched' | 'intercepted' | 'impacted';
export const OUTCOMES: readonly Outcome[] = ['launched', 'intercepted', 'impacted'];

export type FacetKind = 'weapon' | 'actor' | 'outcome';

export interface Facet {
  facet: FacetKind;
  /** What filters match: lower-cased, so matching is case-insensitive. */
  value: string;
  /** What aggregates show: the value as the record writes it. */
  label: string;
}

type FacetSource = Pick<IncidentRecord, 'weapons' | 'actor1' | 'claimed_by' | 'launched' | 'intercepted' | 'impacted' | 'fatalities' | 'injured'>;

/**
 * The outcomes an incident reports: launched and intercepted when their counts are above zero; impacted when its count
 * is above zero or the attack killed or injured anyone (casualties mean it hit).
 */
export function incidentOutcomes(r: FacetSource): Outcome[] {
  const out: Outcome[] = [];
  if ((r.launched ?? 0) > 0) out.push('launched');
  if ((r.intercepted ?? 0) > 0) out.push('intercepted');
  if ((r.impacted ?? 0) > 0 || (r.fatalities ?? 0) > 0 || (r.injured ?? 0) > 0) out.push('impacted');
  return out;
}

/** The one outcome a map colours by: impacted over intercepted over launched; null when none is reported. */
export function primaryOutcome(r: FacetSource): Outcome | null {
  const o = incidentOutcomes(r);
  return o.includes('impacted') ? 'impacted' : o.includes('intercepted') ? 'intercepted' : o.includes('launched') ? 'launched' : null;
}

/** Weapons as coded; actors are actor1 and every claimant ("actor or claimant"); outcomes as incidentOutcomes. */
export function incidentFacets(r: FacetSource): Facet[] {
  const out: Facet[] = [];
  const seen = new Set<string>();
  const add = (facet: FacetKind, label: string | null | undefined) => {
    if (typeof label !== 'string' || !label.trim()) return;
    const value = facetKey(label);
    const key = `${facet}\u0000${value}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ facet, value, label });
  };
  for (const w of r.weapons ?? []) add('weapon', w);
  add('actor', r.actor1);
  for (const c of r.claimed_by ?? []) add('actor', c);
  for (const o of incidentOutcomes(r)) add('outcome', o);
  return out;
}

/**
 * The key a facet value is matched by: ASCII letters lower-cased and nothing else, exactly as SQLite's lower() does,
 * so keys written by a migration in SQL and keys written here agree.
 */
export function facetKey(label: string): string {
  return label.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

/** The Monday on or before an ISO date (ISO weeks): the period key of `interval: 'week'`. */
export function weekStart(isoDate: string): string {
  const t = Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`);
  const day = new Date(t).getUTCDay(); // 0 = Sunday
  return new Date(t - ((day + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
}
