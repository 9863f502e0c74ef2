/** The overview: filter bar, map, timeline and list, all driven by the filters in the URL. */
import { getJson, type AggregateBucket, type Actor, type IncidentPage, type IncidentSummary } from './api';
import { append, clear, h } from './dom';
import { countryName, plural, weaponLabel } from './format';
import { listHeader, listRow } from './list';
import type { IncidentMap } from './map';
import { filtersOf, hashFor, navigate, overviewParams } from './state';
import { renderTimeline } from './timeline';

const LIST_PAGE = 100;
const MAP_LIMIT = 2000;

interface Options {
  showError: (e: unknown) => void;
}

export class Overview {
  readonly root: HTMLElement;
  private map: IncidentMap | null = null;
  private readonly form: HTMLFormElement;
  private readonly mapBox: HTMLElement;
  private readonly timelineBox: HTMLElement;
  private readonly tbody: HTMLTableSectionElement;
  private readonly more: HTMLButtonElement;
  private readonly summary: HTMLElement;
  private readonly exports: HTMLElement;
  private params = new URLSearchParams();
  private nextCursor: string | null = null;
  private abort: AbortController | null = null;
  private optionsLoaded = false;
  private lastKey: string | null = null;

  constructor(private readonly opts: Options) {
    this.form = h('form', { class: 'filters', 'aria-label': 'filters' });
    this.mapBox = h('div', { class: 'map', id: 'map' });
    this.timelineBox = h('div', { class: 'timeline', id: 'timeline' });
    this.tbody = h('tbody');
    this.more = h('button', { type: 'button', class: 'more' }, 'Load more');
    this.more.hidden = true;
    this.summary = h('span', { class: 'summary' });
    this.exports = h('span', { class: 'exports' });
    const timelineControls = h('div', { class: 'panel-controls' });
    this.root = h('section', { class: 'overview' },
      this.form,
      h('div', { class: 'status' }, this.summary, this.exports),
      h('div', { class: 'grid' },
        h('div', { class: 'panel map-panel' }, this.mapBox),
        h('div', { class: 'panel timeline-panel' }, h('div', { class: 'panel-head' }, h('h2', null, 'Timeline'), timelineControls), this.timelineBox)),
      h('div', { class: 'panel list-panel' }, h('h2', null, 'Incidents'), h('table', { class: 'incidents' }, listHeader(), this.tbody), this.more),
    );
    this.buildForm();
    this.buildTimelineControls(timelineControls);
    this.more.addEventListener('click', () => void this.loadMore());
    this.form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.apply();
    });
    this.form.addEventListener('change', (ev) => {
      const t = ev.target as HTMLInputElement;
      if (t.name === 'bboxOn') this.toggleBbox(t.checked);
      else this.apply();
    });
  }

  /** Leaflet needs its container in the page with a size; so the map is made on first show. */
  async attachMap(): Promise<void> {
    if (this.map) {
      this.map.invalidate();
      return;
    }
    const { IncidentMap } = await import('./map');
    this.map = new IncidentMap(this.mapBox, (id) => navigate(hashFor('incident', id, overviewParams(this.params))));
    this.map.map.on('moveend', () => {
      if (!this.params.get('bbox') || !this.map) return;
      const next = new URLSearchParams(this.params);
      next.set('bbox', this.map.bbox().join(','));
      navigate(hashFor('overview', null, next), true);
    });
  }

  private field(label: string, control: HTMLElement): HTMLElement {
    return h('label', { class: 'field' }, h('span', null, label), control);
  }

  private buildForm(): void {
    const select = (name: string, options: [string, string][]) => {
      const s = h('select', { name });
      for (const [v, l] of options) s.appendChild(h('option', { value: v }, l));
      return s;
    };
    append(this.form,
      this.field('Search reports', h('input', { type: 'search', name: 'q', placeholder: 'words in the reports' })),
      this.field('From', h('input', { type: 'date', name: 'since' })),
      this.field('To', h('input', { type: 'date', name: 'until' })),
      this.field('Country', select('country', [['', 'all']])),
      this.field('Province', h('input', { type: 'text', name: 'admin1', placeholder: 'admin1', list: 'admin1-list' })),
      this.field('Actor or claimant', h('input', { type: 'text', name: 'actor', placeholder: 'exact name', list: 'actor-list' })),
      this.field('Weapon', select('weapon', [['', 'all']])),
      this.field('Outcome', select('outcome', [['', 'any'], ['launched', 'launched'], ['intercepted', 'intercepted'], ['impacted', 'impacted']])),
      this.field('Sort', select('sort', [['-date', 'newest first'], ['date', 'oldest first'], ['fatalities', 'most killed']])),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'disputed', value: 'true' }), 'disputed only'),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'bboxOn' }), 'only the map area'),
      h('button', { type: 'submit' }, 'Apply'),
      h('a', { href: '#/', class: 'reset' }, 'Reset'),
      h('datalist', { id: 'actor-list' }),
      h('datalist', { id: 'admin1-list' }),
    );
  }

  private buildTimelineControls(box: HTMLElement): void {
    const interval = h('select', { name: 'interval', 'aria-label': 'interval' }, h('option', { value: '' }, 'auto'), h('option', { value: 'day' }, 'per day'), h('option', { value: 'week' }, 'per week'));
    const by = h('select', { name: 'by', 'aria-label': 'stack by' }, h('option', { value: 'weapon' }, 'by weapon'), h('option', { value: 'country' }, 'by country'), h('option', { value: 'actor' }, 'by actor'));
    for (const s of [interval, by]) {
      s.addEventListener('change', () => {
        const next = new URLSearchParams(this.params);
        if (s.value) next.set(s.name, s.value); else next.delete(s.name);
        navigate(hashFor('overview', null, next));
      });
    }
    append(box, interval, by);
  }

  /** The form's values as the URL's query: the one place the filters are kept. */
  private apply(): void {
    const fd = new FormData(this.form);
    const next = new URLSearchParams();
    for (const k of ['q', 'since', 'until', 'country', 'admin1', 'actor', 'weapon', 'outcome', 'sort']) {
      const v = String(fd.get(k) ?? '').trim();
      if (v && !(k === 'sort' && v === '-date')) next.set(k, v);
    }
    if (fd.get('disputed')) next.set('disputed', 'true');
    const bbox = this.params.get('bbox');
    if (bbox) next.set('bbox', bbox);
    for (const k of ['interval', 'by']) {
      const v = this.params.get(k);
      if (v) next.set(k, v);
    }
    navigate(hashFor('overview', null, next));
  }

  private toggleBbox(on: boolean): void {
    const next = new URLSearchParams(this.params);
    if (on && this.map) next.set('bbox', this.map.bbox().join(','));
    else next.delete('bbox');
    navigate(hashFor('overview', null, next));
  }

  private syncForm(): void {
    for (const el of [...this.form.elements] as HTMLInputElement[]) {
      if (!el.name) continue;
      if (el.type === 'checkbox') el.checked = el.name === 'bboxOn' ? !!this.params.get('bbox') : this.params.get(el.name) === 'true';
      else if (el.name === 'sort') el.value = this.params.get('sort') ?? '-date';
      else if (el.tagName === 'SELECT') {
        const v = this.params.get(el.name) ?? '';
        const sel = el as unknown as HTMLSelectElement;
        // A value from a shared link that the options lack still shows, and still filters.
        if (v && ![...sel.options].some((o) => o.value === v)) sel.appendChild(h('option', { value: v }, v));
        sel.value = v;
      } else el.value = this.params.get(el.name) ?? '';
    }
    for (const s of this.root.querySelectorAll<HTMLSelectElement>('.panel-controls select')) s.value = this.params.get(s.name) ?? (s.name === 'by' ? 'weapon' : '');
  }

  private async loadOptions(): Promise<void> {
    if (this.optionsLoaded) return;
    this.optionsLoaded = true;
    const keys = async (by: string) => {
      const r = await getJson<{ buckets: AggregateBucket[] }>('/api/aggregates', new URLSearchParams({ interval: 'week', by }));
      const n = new Map<string, number>();
      for (const b of r.buckets) if (b.key) n.set(b.key, (n.get(b.key) ?? 0) + b.count);
      return [...n.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
    };
    const [countries, weapons, actorsSeen, registry] = await Promise.all([keys('country'), keys('weapon'), keys('actor'), getJson<Actor[]>('/api/actors').catch(() => [] as Actor[])]);
    const country = this.form.elements.namedItem('country') as HTMLSelectElement;
    for (const c of countries.sort((a, b) => countryName(a).localeCompare(countryName(b)))) {
      const existing = [...country.options].find((o) => o.value === c);
      if (existing) existing.textContent = countryName(c);
      else country.appendChild(h('option', { value: c }, countryName(c)));
    }
    const weapon = this.form.elements.namedItem('weapon') as HTMLSelectElement;
    for (const w of weapons.sort()) if (![...weapon.options].some((o) => o.value === w)) weapon.appendChild(h('option', { value: w }, weaponLabel(w)));
    const list = this.root.querySelector('#actor-list')!;
    for (const a of [...new Set([...actorsSeen, ...registry.map((r) => r.name)])]) list.appendChild(h('option', { value: a }));
    this.syncForm();
  }

  async show(params: URLSearchParams): Promise<void> {
    this.params = new URLSearchParams(params);
    this.syncForm();
    await this.attachMap();
    const bbox = params.get('bbox');
    if (bbox && this.map && !this.map.fitted) this.map.showBbox(bbox.split(',').map(Number));
    void this.loadOptions().catch(this.opts.showError);
    const key = params.toString();
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    const filters = filtersOf(params);
    const sort = params.get('sort') ?? '-date';
    this.updateExports(filters);
    this.summary.textContent = 'Loading…';
    try {
      const listParams = new URLSearchParams(filters);
      listParams.set('sort', sort);
      listParams.set('limit', String(LIST_PAGE));
      const interval = (params.get('interval') as 'day' | 'week' | null) ?? null;
      const by = (params.get('by') as 'weapon' | 'country' | 'actor' | null) ?? 'weapon';
      const [page, mapItems] = await Promise.all([
        getJson<IncidentPage>('/api/incidents', listParams, abort.signal),
        this.loadMapItems(filters, abort.signal),
      ]);
      if (abort.signal.aborted) return;
      this.summary.textContent = `${plural(page.total, 'incident')} match${page.total === 1 ? 'es' : ''}`;
      clear(this.tbody);
      this.appendRows(page.items);
      this.nextCursor = page.next_cursor;
      this.more.hidden = !page.next_cursor;
      if (!page.items.length) this.tbody.appendChild(h('tr', null, h('td', { colspan: 8, class: 'empty' }, 'No incidents match these filters.')));
      this.map?.setIncidents(mapItems.items, mapItems.total, !!params.get('bbox'));
      const chosen = interval ?? this.autoInterval(mapItems.items);
      const agg = await getJson<{ buckets: AggregateBucket[] }>('/api/aggregates', new URLSearchParams([...filters, ['interval', chosen], ['by', by]]), abort.signal);
      if (abort.signal.aborted) return;
      renderTimeline(this.timelineBox, agg.buckets, {
        interval: chosen,
        by,
        onPick: (since, until) => {
          const next = new URLSearchParams(this.params);
          next.set('since', since);
          next.set('until', until);
          navigate(hashFor('overview', null, next));
        },
      });
    } catch (e) {
      if ((e as Error).name === 'AbortError') return;
      this.summary.textContent = '';
      this.lastKey = null;
      this.opts.showError(e);
    }
  }

  private autoInterval(items: IncidentSummary[]): 'day' | 'week' {
    const since = this.params.get('since');
    const until = this.params.get('until');
    const dates = items.map((i) => i.event_date).filter((d): d is string => !!d).sort();
    const from = since ?? dates[0];
    const to = until ?? dates[dates.length - 1];
    if (!from || !to) return 'week';
    return (Date.parse(to) - Date.parse(from)) / 86_400_000 > 90 ? 'week' : 'day';
  }

  private async loadMapItems(filters: URLSearchParams, signal: AbortSignal): Promise<{ items: IncidentSummary[]; total: number }> {
    const items: IncidentSummary[] = [];
    let cursor: string | null = null;
    let total = 0;
    do {
      const p = new URLSearchParams(filters);
      p.set('limit', '500');
      p.set('sort', '-date');
      if (cursor) p.set('cursor', cursor);
      const page: IncidentPage = await getJson<IncidentPage>('/api/incidents', p, signal);
      items.push(...page.items);
      total = page.total;
      cursor = page.next_cursor;
    } while (cursor && items.length < MAP_LIMIT);
    return { items, total };
  }

  private appendRows(items: IncidentSummary[]): void {
    const back = overviewParams(this.params);
    for (const i of items) this.tbody.appendChild(listRow(i, hashFor('incident', i.incident_id, back)));
  }

  private async loadMore(): Promise<void> {
    if (!this.nextCursor) return;
    const p = filtersOf(this.params);
    p.set('sort', this.params.get('sort') ?? '-date');
    p.set('limit', String(LIST_PAGE));
    p.set('cursor', this.nextCursor);
    try {
      const page = await getJson<IncidentPage>('/api/incidents', p);
      this.appendRows(page.items);
      this.nextCursor = page.next_cursor;
      this.more.hidden = !page.next_cursor;
    } catch (e) {
      this.opts.showError(e);
    }
  }

  private updateExports(filters: URLSearchParams): void {
    clear(this.exports);
    const q = filters.toString();
    const brief = new URLSearchParams();
    for (const k of ['since', 'until', 'country']) {
      const v = filters.get(k);
      if (v) brief.set(k, v);
    }
    append(this.exports, 'Export: ',
      h('a', { href: `/api/export.csv${q ? `?${q}` : ''}` }, 'CSV (ACLED)'), ' · ',
      h('a', { href: `/api/export.json${q ? `?${q}` : ''}` }, 'JSON'), ' · ',
      h('a', { href: `/api/export.geojson${q ? `?${q}` : ''}` }, 'GeoJSON'), ' · ',
      h('a', { href: hashFor('brief', null, brief) }, 'Briefing'));
  }
}
