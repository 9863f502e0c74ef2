/**
 * An in-memory copy of what incident queries filter, sort and count by: one small row per incident (day, week, place,
 * fatalities, facets), no records. Filtering 100k of these rows takes a few milliseconds, where SQLite needs a b-tree
 * probe per row for any filter its indexes do not cover; so the SQLite store answers lists, counts and aggregates
 * from here and reads only the records of the page it returns. The store rebuilds it when another process has
 * written and updates it in place for its own writes.
 *
 * The semantics are those of repository.ts, and the same as an SQL backend's: case-insensitive matches fold ASCII
 * letters only (as SQLite's lower() does), undated incidents sort last, ties by id. Rows keep one shape and their
 * strings are interned, so the filter loops stay fast: dates as day numbers, keys compared by identity.
 */
import { facetKey, type Facet, type FacetKind } from './incident-facets.js';
import type { AggregateBy, AggregateInterval, AggregateRow, IncidentCursor, IncidentFilter, IncidentSort } from './repository.js';

const OUTCOME_BITS: Record<string, number> = { launched: 1, intercepted: 2, impacted: 4 };
const DAY_MS = 86_400_000;

export interface SnapshotRow {
  id: string;
  /** Days since 1970-01-01; NaN when undated. */
  day: number;
  date: string | null;
  week: string | null;
  /** Dictionary ids; -1 when unknown. */
  country: number;
  countryKey: number;
  admin1Key: number;
  /** NaN when unknown. */
  lat: number;
  lon: number;
  /** -1 when unknown. */
  fatalities: number;
  disputed: boolean;
  /** Day number of the Monday that starts the ISO week; NaN when undated. */
  weekDay: number;
  weapons: readonly number[];
  actors: readonly number[];
  outcomes: number;
}

export interface SnapshotSource {
  incident_id: string;
  event_date: string | null;
  week: string | null;
  country: string | null;
  admin1: string | null;
  latitude: number | null;
  longitude: number | null;
  fatalities: number | null;
  disputed: boolean | number;
}

/**
 * Small integer ids for the strings rows are matched and grouped by, one dictionary per kind, for the process's
 * life: comparing and counting numbers is what keeps a pass over 100k rows in milliseconds.
 */
class Dictionary {
  private readonly ids = new Map<string, number>();
  /** The least spelling seen per id (facet keys fold case; their labels may not). */
  readonly labels: string[] = [];

  id(key: string, label = key): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.labels.length;
      this.ids.set(key, id);
      this.labels.push(label);
    } else if (label < this.labels[id]) this.labels[id] = label;
    return id;
  }

  find(key: string): number {
    return this.ids.get(key) ?? -2;
  }
}

const COUNTRIES = new Dictionary();
const COUNTRY_KEYS = new Dictionary();
const ADMIN1_KEYS = new Dictionary();
const WEAPONS = new Dictionary();
const ACTORS = new Dictionary();

const interned = new Map<string, string>();
/** One instance per distinct string, so equal keys compare by identity. */
function intern(s: string): string;
function intern(s: string | null): string | null;
function intern(s: string | null): string | null {
  if (s === null) return null;
  const seen = interned.get(s);
  if (seen !== undefined) return seen;
  interned.set(s, s);
  return s;
}

function dayOf(iso: string | null): number {
  return iso ? Math.floor(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY_MS) : Number.NaN;
}

const EMPTY: readonly number[] = Object.freeze([]);

export function snapshotRow(src: SnapshotSource, facets: readonly Pick<Facet, 'facet' | 'value' | 'label'>[]): SnapshotRow {
  const ids = (kind: FacetKind, dict: Dictionary) => {
    const list = facets.filter((f) => f.facet === kind).map((f) => dict.id(f.value, f.label));
    return list.length ? list : EMPTY;
  };
  let outcomes = 0;
  for (const f of facets) if (f.facet === 'outcome') outcomes |= OUTCOME_BITS[f.value] ?? 0;
  return {
    id: src.incident_id,
    day: dayOf(src.event_date),
    date: intern(src.event_date),
    week: intern(src.week),
    country: src.country === null ? -1 : COUNTRIES.id(src.country),
    countryKey: src.country === null ? -1 : COUNTRY_KEYS.id(facetKey(src.country)),
    admin1Key: src.admin1 === null ? -1 : ADMIN1_KEYS.id(facetKey(src.admin1)),
    lat: src.latitude ?? Number.NaN,
    lon: src.longitude ?? Number.NaN,
    fatalities: src.fatalities ?? -1,
    disputed: !!src.disputed,
    weekDay: dayOf(src.week),
    weapons: ids('weapon', WEAPONS),
    actors: ids('actor', ACTORS),
    outcomes,
  };
}

/** Sort keys as SQL has them: undated and unknown last whatever the direction (dates as day numbers). */
function sortKey(r: SnapshotRow, sort: IncidentSort): number {
  if (sort === 'fatalities') return r.fatalities;
  if (Number.isNaN(r.day)) return sort === 'date' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return r.day;
}

function cursorKey(c: IncidentCursor, sort: IncidentSort): number {
  if (sort === 'fatalities') return c.key === null ? -1 : Number(c.key);
  if (c.key === null) return sort === 'date' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return dayOf(String(c.key));
}

/** Negative when a comes first in the sort order. */
function compare(ka: number, ida: string, kb: number, idb: string, asc: boolean): number {
  if (ka !== kb) return (ka < kb ? -1 : 1) * (asc ? 1 : -1);
  return ida < idb ? -1 : ida > idb ? 1 : 0;
}

function includes(list: readonly number[], key: number): boolean {
  for (let i = 0; i < list.length; i++) if (list[i] === key) return true;
  return false;
}

export class IncidentSnapshot {
  private readonly rows = new Map<string, SnapshotRow>();
  private readonly orders = new Map<IncidentSort, SnapshotRow[]>();
  private all: SnapshotRow[] | null = null;

  constructor(rows: Iterable<SnapshotRow> = []) {
    for (const r of rows) this.rows.set(r.id, r);
  }

  get size(): number {
    return this.rows.size;
  }

  upsert(row: SnapshotRow): void {
    this.rows.set(row.id, row);
    this.orders.clear();
    this.all = null;
  }

  remove(id: string): void {
    if (!this.rows.delete(id)) return;
    this.orders.clear();
    this.all = null;
  }

  private list(): SnapshotRow[] {
    return (this.all ??= [...this.rows.values()]);
  }

  /** The filter as a predicate; `docIncidents` is the docIds filter already resolved to incident ids. */
  predicate(f: IncidentFilter, docIncidents?: ReadonlySet<string>): (r: SnapshotRow) => boolean {
    const since = f.since != null ? dayOf(f.since) : Number.NEGATIVE_INFINITY;
    const until = f.until != null ? dayOf(f.until) : Number.POSITIVE_INFINITY;
    const dated = f.since != null || f.until != null;
    // A value no row has gets id -2, which no row carries either.
    const country = f.country != null ? COUNTRY_KEYS.find(facetKey(f.country)) : null;
    const admin1 = f.admin1 != null ? ADMIN1_KEYS.find(facetKey(f.admin1)) : null;
    const weapon = f.weapon != null ? WEAPONS.find(facetKey(f.weapon)) : null;
    const actor = f.actor != null ? ACTORS.find(facetKey(f.actor)) : null;
    const outcome = f.outcome != null ? OUTCOME_BITS[facetKey(f.outcome)] ?? 1 << 30 : 0;
    const disputed = !!f.disputedOnly;
    const b = f.bbox ?? null;
    return (r) => {
      if (dated && !(r.day >= since && r.day <= until)) return false;
      if (country !== null && r.countryKey !== country) return false;
      if (admin1 !== null && r.admin1Key !== admin1) return false;
      if (disputed && !r.disputed) return false;
      if (b !== null && !(r.lon >= b[0] && r.lon <= b[2] && r.lat >= b[1] && r.lat <= b[3])) return false;
      if (weapon !== null && !includes(r.weapons, weapon)) return false;
      if (actor !== null && !includes(r.actors, actor)) return false;
      if (outcome !== 0 && (r.outcomes & outcome) === 0) return false;
      if (docIncidents && !docIncidents.has(r.id)) return false;
      return true;
    };
  }

  private ordered(sort: IncidentSort): SnapshotRow[] {
    let list = this.orders.get(sort);
    if (!list) {
      const asc = sort === 'date';
      list = [...this.list()].sort((a, b) => compare(sortKey(a, sort), a.id, sortKey(b, sort), b.id, asc));
      this.orders.set(sort, list);
    }
    return list;
  }

  /** Ids of the matching incidents in sort order, after the cursor, paged. */
  ids(f: IncidentFilter, docIncidents?: ReadonlySet<string>): string[] {
    const sort = f.sort ?? 'date';
    const list = this.ordered(sort);
    const asc = sort === 'date';
    let start = 0;
    if (f.after) {
      // The first row after the cursor, by binary search over the sorted rows.
      const ck = cursorKey(f.after, sort);
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compare(sortKey(list[mid], sort), list[mid].id, ck, f.after.id, asc) <= 0) lo = mid + 1;
        else hi = mid;
      }
      start = lo;
    }
    const test = this.predicate(f, docIncidents);
    let skip = f.offset ?? 0;
    const limit = f.limit ?? Number.POSITIVE_INFINITY;
    const out: string[] = [];
    for (let i = start; i < list.length && out.length < limit; i++) {
      if (!test(list[i])) continue;
      if (skip > 0) {
        skip--;
        continue;
      }
      out.push(list[i].id);
    }
    return out;
  }

  count(f: IncidentFilter, docIncidents?: ReadonlySet<string>): number {
    const test = this.predicate(f, docIncidents);
    const rows = this.list();
    let n = 0;
    for (let i = 0; i < rows.length; i++) if (test(rows[i])) n++;
    return n;
  }

  aggregate(f: IncidentFilter, interval: AggregateInterval, by: AggregateBy, docIncidents?: ReadonlySet<string>): AggregateRow[] {
    const test = this.predicate(f, docIncidents);
    // period (day number) → group (dictionary id; -1 for none) → count. Countries group as stored; facets by their
    // key, shown under the least of their spellings; incidents without any under null.
    const periods = new Map<number, Map<number, number>>();
    const rows = this.list();
    const day = interval === 'day';
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (r.date === null || !test(r)) continue;
      const period = day ? r.day : r.weekDay;
      let groups = periods.get(period);
      if (!groups) periods.set(period, (groups = new Map()));
      if (by === 'country') {
        groups.set(r.country, (groups.get(r.country) ?? 0) + 1);
        continue;
      }
      const keys = by === 'weapon' ? r.weapons : r.actors;
      if (keys.length === 0) groups.set(-1, (groups.get(-1) ?? 0) + 1);
      for (let k = 0; k < keys.length; k++) groups.set(keys[k], (groups.get(keys[k]) ?? 0) + 1);
    }
    // Sorted by period, then key with null last: periods as numbers, keys within each period.
    const labels = (by === 'country' ? COUNTRIES : by === 'weapon' ? WEAPONS : ACTORS).labels;
    const out: AggregateRow[] = [];
    for (const period of [...periods.keys()].sort((a, b) => a - b)) {
      const iso = new Date(period * DAY_MS).toISOString().slice(0, 10);
      const rowsOf = [...periods.get(period)!].map(([id, count]) => ({ period: iso, key: id < 0 ? null : labels[id], count }));
      rowsOf.sort((a, b) => (a.key === b.key ? 0 : a.key === null ? 1 : b.key === null ? -1 : a.key < b.key ? -1 : 1));
      for (const r of rowsOf) out.push(r);
    }
    return out;
  }
}
