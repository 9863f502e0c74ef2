import type { ExtractedEvent } from './contract.js';

/** Weapon families: reports of one attack name its weapon at this level of detail or better. */
const FAMILY: Record<string, string> = {
  drone: 'drone', one_way_attack_drone: 'drone', rocket: 'indirect', mortar: 'indirect', artillery: 'indirect', missile: 'indirect',
  ballistic_missile: 'indirect', cruise_missile: 'indirect', airstrike: 'air', ied: 'explosive', car_bomb: 'explosive', suicide_bomb: 'explosive',
  grenade: 'grenade', small_arms: 'small_arms', chemical: 'chemical',
};

const DAY = 86_400_000;
const SPAN_DAYS: Record<string, number> = { day: 0, week: 6, month: 30, year: 365, unknown: 0 };

export function kmBetween(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const p = Math.PI / 180;
  const h = Math.sin(((bLat - aLat) * p) / 2) ** 2 + Math.cos(aLat * p) * Math.cos(bLat * p) * Math.sin(((bLon - aLon) * p) / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(Math.min(1, h)));
}

/**
 * How many days either side of its date an event of this precision can meet another's: its span, and a margin of two
 * days so that the reach stays a superset of what dateScore accepts; null for a precision that is none of the
 * contract's (dateScore finds no such event compatible). Stores read the events a date can meet by date and precision
 * (repository.ts eventsReaching), a precision at a time.
 */
export function dateMarginDays(precision: string): number | null {
  return Object.hasOwn(SPAN_DAYS, precision) ? SPAN_DAYS[precision] + 2 : null;
}

/** The precisions dateMarginDays knows, each with its margin. */
export const DATE_MARGINS: ReadonlyMap<string, number> = new Map(Object.entries(SPAN_DAYS).map(([p, span]) => [p, span + 2]));

/**
 * The days an event's date could meet another's, as whole days since 1970 [from, to], or null when it has no usable
 * date: such an event meets no other (dateScore), since nothing places it next to another report's attack. Two events
 * whose reaches do not overlap are never compatible (see dateScore: day-precise dates at most two days apart, wider
 * ones overlapping their spans), so a resolver needs to compare only events whose reaches overlap.
 */
export function dateReach(e: ExtractedEvent): [number, number] | null {
  if (!e.event_date) return null;
  const day = Date.parse(e.event_date) / DAY;
  if (!Number.isFinite(day)) return null;
  const margin = dateMarginDays(e.date_precision);
  if (margin === null) return null;
  return [Math.floor(day) - margin, Math.ceil(day) + margin];
}

/** A date the text did not state for this event (taken from the story's lead or the report's date) is only near. */
const INHERITED_DATE = /inherited|publication-date|date-of-statement/;
const inherited = (e: ExtractedEvent) => INHERITED_DATE.test(e.date_rule ?? '');

/** Precision-aware: a day inside a reported week or month is compatible with it; two named days a day apart are close. */
export function dateScore(a: ExtractedEvent, b: ExtractedEvent): number | null {
  // A report that gives no date for an attack cannot be told apart from any other attack at that place, in any year:
  // it stays an incident of its own rather than join one by guess (and no index of the store could find its matches
  // short of reading every event of its country).
  if (!a.event_date || !b.event_date) return null;
  const da = Date.parse(a.event_date);
  const db = Date.parse(b.event_date);
  if (!Number.isFinite(da) || !Number.isFinite(db)) return null;
  if (a.date_precision === 'day' && b.date_precision === 'day') {
    const diff = Math.abs(da - db) / DAY;
    // Reports straddle midnight and time zones ("late Sunday", "Monday morning"): one day apart is a weak match.
    if (diff === 0) return inherited(a) || inherited(b) ? 0.8 : 1;
    if (diff === 1) return 0.55;
    return diff <= 2 && (inherited(a) || inherited(b)) ? 0.45 : null;
  }
  // A week or month may be reported from either side of its date (a report's own week reaches back before it).
  // (A precision the table does not know gives NaN here, and so no match.)
  const sa = SPAN_DAYS[a.date_precision] * DAY;
  const sb = SPAN_DAYS[b.date_precision] * DAY;
  return da - sa <= db + sb && db - sb <= da + sa ? 0.6 : null;
}

/** A facility is within its town and province; a province contains its towns; two distinct sites stay apart. */
export function placeScore(a: ExtractedEvent, b: ExtractedEvent): number | null {
  if (!a.country || !b.country) return 0.4;
  if (a.country !== b.country) return null;
  if (a.place_id && a.place_id === b.place_id) return 1;
  const pa = a.geo_precision ?? 3;
  const pb = b.geo_precision ?? 3;
  if (pa <= 2 && pb <= 2 && a.latitude !== null && b.latitude !== null) {
    const d = kmBetween(a.latitude, a.longitude!, b.latitude, b.longitude!);
    return d <= 10 ? 0.9 : d <= 40 ? 0.5 : null;
  }
  // One of them is a province or the whole country: it contains the other unless both name different provinces.
  if (a.admin1 && b.admin1 && a.admin1 !== b.admin1) return null;
  return pa === 3 && pb === 3 ? 0.7 : 0.6;
}

export function weaponScore(a: ExtractedEvent, b: ExtractedEvent): number | null {
  const fa = new Set(a.weapons.map((w) => FAMILY[w]).filter(Boolean));
  const fb = new Set(b.weapons.map((w) => FAMILY[w]).filter(Boolean));
  if (!fa.size || !fb.size) return 0.6;
  if ([...fa].some((f) => fb.has(f))) return 1;
  // An airstrike and a ground-launched attack on the same day are an attack and a response, not one event.
  if (fa.has('air') !== fb.has('air')) return null;
  return 0.3;
}

const STATE = new Set([1, 8]);

/** The attacker and the force striking back are two incidents, whatever else they share. */
export function actorScore(a: ExtractedEvent, b: ExtractedEvent): number | null {
  if (!a.inter1 || !b.inter1 || !a.actor1 || !b.actor1) return 0.5;
  if (a.actor1 === b.actor1) return 1;
  if (STATE.has(a.inter1) !== STATE.has(b.inter1)) return null;
  return 0.4;
}

export const MERGE_THRESHOLD = 0.62;

/**
 * Whether two reported events may end up in one incident: clustering (cluster.ts) joins groups only across such
 * pairs, so the events linked to a new report through them are all a resolution has to reconsider.
 */
export function mayMerge(a: ExtractedEvent, b: ExtractedEvent): boolean {
  const s = compatibility(a, b);
  return s !== null && s >= MERGE_THRESHOLD;
}

/** How likely two reported events are one incident, or null when they cannot be. */
export function compatibility(a: ExtractedEvent, b: ExtractedEvent): number | null {
  if (a.doc_id === b.doc_id) return null;
  if (a.historical !== b.historical) return null;
  const d = dateScore(a, b);
  const p = placeScore(a, b);
  const w = weaponScore(a, b);
  const act = actorScore(a, b);
  if (d === null || p === null || w === null || act === null) return null;
  return 0.35 * d + 0.35 * p + 0.2 * w + 0.1 * act;
}
