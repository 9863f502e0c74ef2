import type { ExtractedEvent } from './contract.js';
import { MERGE_THRESHOLD, compatibility, dateReach, mayMerge } from './compatibility.js';

/**
 * Group reported events into incidents. Deterministic for a set of events, whatever order they arrived in:
 * candidate pairs are taken best first (ties by event id), and two groups merge only when every pair across them
 * is compatible and their mean score clears the threshold (complete linkage, so a vague report cannot chain two
 * distinct attacks together).
 */
export function clusterEvents(events: readonly ExtractedEvent[]): ExtractedEvent[][] {
  const sorted = [...events].sort((a, b) => (a.event_id < b.event_id ? -1 : a.event_id > b.event_id ? 1 : 0));
  const n = sorted.length;
  // Scores of compatible pairs only (key i * n + j, i < j); a pair not here is incompatible. Only pairs whose dates can
  // meet are scored at all: a component of a busy place holds thousands of events, nearly all far apart in time.
  const score = new Map<number, number>();
  const pairs: [number, number, number][] = [];
  for (const [i, j] of pairsThatMayMeet(sorted)) {
    const s = compatibility(sorted[i], sorted[j]);
    if (s === null) continue;
    score.set(i * n + j, s);
    if (s >= MERGE_THRESHOLD) pairs.push([s, i, j]);
  }
  pairs.sort((x, y) => y[0] - x[0] || x[1] - y[1] || x[2] - y[2]);
  const group = sorted.map((_, i) => i);
  const members = new Map<number, number[]>(sorted.map((_, i) => [i, [i]]));
  for (const [, i, j] of pairs) {
    const gi = group[i];
    const gj = group[j];
    if (gi === gj) continue;
    const a = members.get(gi)!;
    const b = members.get(gj)!;
    let total = 0;
    let ok = true;
    for (const x of a) {
      for (const y of b) {
        const s = score.get(x < y ? x * n + y : y * n + x);
        if (s === undefined) { ok = false; break; }
        total += s;
      }
      if (!ok) break;
    }
    if (!ok || total / (a.length * b.length) < MERGE_THRESHOLD) continue;
    const [keep, drop] = gi < gj ? [gi, gj] : [gj, gi];
    const merged = [...members.get(keep)!, ...members.get(drop)!].sort((x, y) => x - y);
    members.set(keep, merged);
    members.delete(drop);
    for (const m of merged) group[m] = keep;
  }
  return [...members.values()].map((idx) => idx.map((i) => sorted[i]));
}

/** Index pairs [i, j] (i < j) of events whose dates can meet (dateReach); an undated event meets none. */
function pairsThatMayMeet(events: readonly ExtractedEvent[]): [number, number][] {
  const out: [number, number][] = [];
  const reach = events.map(dateReach);
  const dated = events.map((_, i) => i).filter((i) => reach[i] !== null);
  // A sweep over the dated ones in order of where their reach starts: each meets those still open when it starts.
  dated.sort((a, b) => reach[a]![0] - reach[b]![0]);
  let open: number[] = [];
  for (const i of dated) {
    const [from] = reach[i]!;
    open = open.filter((j) => reach[j]![1] >= from);
    for (const j of open) out.push(i < j ? [i, j] : [j, i]);
    open.push(i);
  }
  return out;
}

/**
 * Of the candidates, those that may merge (mayMerge) with at least one of the events: the next ring of a new report's
 * mergeable component. clusterEvents joins groups only across such pairs, so its result on a set of events is the
 * union of its results on each mergeable component; a resolution needs only the component of the new events.
 */
export function mergeableWith(events: readonly ExtractedEvent[], candidates: readonly ExtractedEvent[]): ExtractedEvent[] {
  // The candidates by where each one's date reach starts, so an event is compared only with those its date can meet.
  const dated = candidates.map((o) => ({ o, r: dateReach(o) })).filter((x): x is { o: ExtractedEvent; r: [number, number] } => x.r !== null).sort((a, b) => a.r[0] - b.r[0]);
  const longest = dated.reduce((m, x) => Math.max(m, x.r[1] - x.r[0]), 0);
  const firstFrom = (day: number) => {
    let lo = 0;
    let hi = dated.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (dated[mid].r[0] < day) lo = mid + 1; else hi = mid; }
    return lo;
  };
  const found = new Map<string, ExtractedEvent>();
  for (const e of events) {
    const r = dateReach(e);
    if (!r) continue;
    // Reaches that overlap [r0, r1] start no earlier than r0 - longest and no later than r1.
    for (let k = firstFrom(r[0] - longest); k < dated.length && dated[k].r[0] <= r[1]; k++) {
      const o = dated[k].o;
      if (dated[k].r[1] >= r[0] && !found.has(o.event_id) && mayMerge(e, o)) found.set(o.event_id, o);
    }
  }
  return [...found.values()];
}
