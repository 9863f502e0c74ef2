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
 * The days an event's date could meet another's, as whole days since 1970 [from, to], or null when it has no usable
 * date (then any date may meet it). Two events whose reaches do not overlap are never compatible (see dateScore:
 * day-precise dates at most two days apart, wider ones overlapping their spans), so a resolver needs to compare only
 * events whose reaches overlap. A margin of two days on each side keeps the reach a superset.
 */
export function dateReach(e: ExtractedEvent): [number, number] | null {
  if (!e.event_date) return null;
  const day = Date.parse(e.event_date) / DAY;
  if (!Number.isFinite(day)) return null;
  const span = (SPAN_DAYS[e.date_precision] ?? 365) + 2;
  return [Math.floor(day) - span, Math.ceil(day) + span];
}

/** Precision-aware: a day inside a reported week or month is compatible with it; two named days a day apart are close. */
export function dateScore(a: ExtractedEvent, b: ExtractedEvent): number | null {
  if (!a.event_date || !b.event_date) return 0.3;
  const da = Date.parse(a.event_date);
  const db = Date.parse(b.event_date);
  // A date the text did not state for this event (taken from the story's lead or the report's date) is only near.
  const inherited = (e: ExtractedEvent) => /inherited|publication-date|date-of-statement/.test(e.date_rule ?? '');
  if (a.date_precision === 'day' && b.date_precision === 'day') {
    const diff = Math.abs(da - db) / DAY;
    // Reports straddle midnight and time zones ("late Sunday", "Monday morning"): one day apart is a weak match.
    if (diff === 0) return inherited(a) || inherited(b) ? 0.8 : 1;
    if (diff === 1) return 0.55;
    return diff <= 2 && (inherited(a) || inherited(b)) ? 0.45 : null;
  }
  // A week or month may be reported from either side of its date (a report's own week reaches back before it).
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
