/** Incidents per day or week, stacked by weapon (or country, or actor), drawn with Observable Plot. */
import * as Plot from '@observablehq/plot';
import type { AggregateBucket } from './api';
import { clear, h } from './dom';
import { PALETTE, weaponLabel } from './format';

const TOP_KEYS = 8;

export interface TimelineOptions {
  interval: 'day' | 'week';
  by: 'weapon' | 'country' | 'actor';
  /** Called with the period's first and last day when a bar is clicked. */
  onPick?: (since: string, until: string) => void;
}

function addDays(iso: string, n: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

function keyLabel(key: string | null, by: TimelineOptions['by']): string {
  if (key === null) return 'not reported';
  return by === 'weapon' ? weaponLabel(key) : key;
}

/**
 * The periods where most incidents are (all but the first and last 3%, and at least one), when they span less than half of
 * the whole range: a few stray dates otherwise squeeze every bar to a hairline.
 */
export function coreRange(buckets: readonly AggregateBucket[]): { from: string; to: string; outside: number } | null {
  const byPeriod = new Map<string, number>();
  for (const b of buckets) byPeriod.set(b.period, (byPeriod.get(b.period) ?? 0) + b.count);
  const periods = [...byPeriod.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const total = periods.reduce((n, p) => n + p[1], 0);
  if (periods.length < 3 || total < 10) return null;
  // Leave out the first and last 3% of incidents, and at least one at each end.
  const trim = Math.max(1, Math.round(total * 0.03));
  let seen = 0;
  let from = periods[0][0];
  let to = periods[periods.length - 1][0];
  let fromSet = false;
  for (const [p, n] of periods) {
    seen += n;
    if (!fromSet && seen > trim) {
      from = p;
      fromSet = true;
    }
    if (seen >= total - trim) {
      to = p;
      break;
    }
  }
  const span = (a: string, b: string) => Date.parse(b) - Date.parse(a);
  if (span(from, to) >= 0.5 * span(periods[0][0], periods[periods.length - 1][0])) return null;
  const outside = periods.filter(([p]) => p < from || p > to).reduce((n, p) => n + p[1], 0);
  return outside ? { from, to, outside } : null;
}

export function renderTimeline(el: HTMLElement, all: AggregateBucket[], opts: TimelineOptions & { full?: boolean }): void {
  clear(el);
  const core = opts.full ? null : coreRange(all);
  const buckets = core ? all.filter((b) => b.period >= core.from && b.period <= core.to) : all;
  if (!buckets.length) {
    el.appendChild(h('p', { class: 'empty' }, 'No dated incidents match these filters.'));
    return;
  }
  // The biggest series keep their own colour; the rest are "other".
  const totals = new Map<string, number>();
  for (const b of buckets) totals.set(keyLabel(b.key, opts.by), (totals.get(keyLabel(b.key, opts.by)) ?? 0) + b.count);
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
  const keep = new Set(ranked.slice(0, ranked.length > TOP_KEYS ? TOP_KEYS - 1 : TOP_KEYS));
  const step = opts.interval === 'week' ? 7 : 1;
  const merged = new Map<string, { start: Date; end: Date; period: string; key: string; count: number }>();
  for (const b of buckets) {
    const label = keyLabel(b.key, opts.by);
    const key = keep.has(label) ? label : 'other';
    const id = `${b.period}|${key}`;
    const row = merged.get(id) ?? { start: new Date(`${b.period}T00:00:00Z`), end: new Date(`${addDays(b.period, step)}T00:00:00Z`), period: b.period, key, count: 0 };
    row.count += b.count;
    merged.set(id, row);
  }
  const data = [...merged.values()];
  const domain = [...ranked.filter((k) => keep.has(k)), ...(ranked.length > keep.size ? ['other'] : [])];
  const range = domain.map((k, i) => (k === 'not reported' ? '#c8c8c8' : k === 'other' ? '#8c8c8c' : PALETTE[i % PALETTE.length]));
  const width = Math.max(320, el.clientWidth || 600);
  const chart = Plot.plot({
    width,
    height: 260,
    marginLeft: 36,
    marginBottom: 28,
    x: { type: 'utc', label: null },
    y: { grid: true, label: opts.by === 'country' ? 'incidents' : 'incidents ¹', tickFormat: 'd' },
    color: { domain, range },
    marks: [
      Plot.rectY(data, { x1: 'start', x2: 'end', y: 'count', fill: 'key', insetLeft: 0.5, insetRight: 0.5, tip: { format: { x1: true, x2: false, y: true, fill: true } }, title: (d: { key: string; count: number; period: string }) => `${opts.interval === 'week' ? 'week of ' : ''}${d.period}\n${d.key}: ${d.count}` }),
      Plot.ruleY([0]),
    ],
  }) as SVGSVGElement | HTMLElement;
  // Plot adds a <style> element for its defaults; the page's CSP allows only its own stylesheet, which has them.
  for (const s of chart.querySelectorAll('style')) s.remove();
  if (opts.onPick) {
    chart.addEventListener('click', (ev) => {
      const target = ev.target as Element;
      if (target.tagName.toLowerCase() !== 'rect') return;
      const rects = [...target.parentElement!.querySelectorAll('rect')];
      const i = rects.indexOf(target as SVGRectElement);
      const d = data[i];
      if (d) opts.onPick!(d.period, addDays(d.period, step - 1));
    });
  }
  const legend = h('div', { class: 'legend' });
  domain.forEach((k, i) => {
    const sw = h('span', { class: 'swatch' });
    sw.style.background = range[i];
    legend.appendChild(h('span', { class: 'legend-item' }, sw, k));
  });
  el.appendChild(legend);
  el.appendChild(chart);
  if (core || opts.full) {
    const toggle = h('button', { type: 'button' }, core ? 'show all dates' : 'show where most are');
    toggle.addEventListener('click', () => renderTimeline(el, all, { ...opts, full: !!core }));
    const note = core ? `Showing ${core.from} to ${core.to}, where most incidents are; ${core.outside} dated outside it.` : 'Showing all dates.';
    el.appendChild(h('p', { class: 'timeline-note' }, note, toggle));
  }
  if (opts.by !== 'country') el.appendChild(h('p', { class: 'footnote' }, `¹ an incident with several ${opts.by === 'weapon' ? 'weapons' : 'actors'} counts once under each.`));
}
