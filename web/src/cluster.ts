/**
 * Grid clustering in screen space: points that fall in the same cell of a square grid (in pixels at the current
 * zoom) become one cluster at their mean position. Cheap, deterministic, and enough to keep dense places readable.
 */
export interface GridPoint<T> {
  x: number;
  y: number;
  item: T;
}

export interface GridCluster<T> {
  x: number;
  y: number;
  items: T[];
}

export function gridCluster<T>(points: readonly GridPoint<T>[], cell: number): GridCluster<T>[] {
  const cells = new Map<string, { sx: number; sy: number; items: T[] }>();
  for (const p of points) {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) continue;
    const key = `${Math.floor(p.x / cell)}:${Math.floor(p.y / cell)}`;
    const c = cells.get(key);
    if (c) {
      c.sx += p.x;
      c.sy += p.y;
      c.items.push(p.item);
    } else {
      cells.set(key, { sx: p.x, sy: p.y, items: [p.item] });
    }
  }
  return [...cells.values()].map((c) => ({ x: c.sx / c.items.length, y: c.sy / c.items.length, items: c.items }));
}
