import type { ExtractedEvent } from './contract.js';
import { MERGE_THRESHOLD, compatibility } from './compatibility.js';

/**
 * Group reported events into incidents. Deterministic for a set of events, whatever order they arrived in:
 * candidate pairs are taken best first (ties by event id), and two groups merge only when every pair across them
 * is compatible and their mean score clears the threshold (complete linkage, so a vague report cannot chain two
 * distinct attacks together).
 */
export function clusterEvents(events: readonly ExtractedEvent[]): ExtractedEvent[][] {
  const sorted = [...events].sort((a, b) => (a.event_id < b.event_id ? -1 : a.event_id > b.event_id ? 1 : 0));
  const n = sorted.length;
  const score: (number | null)[][] = sorted.map(() => new Array<number | null>(n).fill(null));
  const pairs: [number, number, number][] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = compatibility(sorted[i], sorted[j]);
      score[i][j] = score[j][i] = s;
      if (s !== null && s >= MERGE_THRESHOLD) pairs.push([s, i, j]);
    }
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
        const s = score[x][y];
        if (s === null) { ok = false; break; }
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

/** The events linked to the seeds through any compatible pair: the part of the store a new report can change. */
export function component(seeds: readonly ExtractedEvent[], pool: readonly ExtractedEvent[]): ExtractedEvent[] {
  const inSet = new Map<string, ExtractedEvent>(seeds.map((e) => [e.event_id, e]));
  const queue = [...seeds];
  while (queue.length) {
    const e = queue.pop()!;
    for (const o of pool) {
      if (inSet.has(o.event_id)) continue;
      if (compatibility(e, o) !== null) { inSet.set(o.event_id, o); queue.push(o); }
    }
  }
  return [...inSet.values()];
}
