/**
 * The offline map: country outlines from world-atlas (no tile server), incidents as circles sized by fatalities and
 * coloured by outcome, dense places grouped by grid clustering. Popups are built from DOM nodes, never from HTML.
 */
import L from 'leaflet';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countriesUrl from 'world-atlas/countries-50m.json?url';
import type { IncidentSummary, Outcome } from './api';
import { gridCluster } from './cluster';
import { h } from './dom';
import { count, OUTCOME_COLOURS, OUTCOME_LABELS, outcomeColour, placeLine, plural, shortDate, weaponLabel } from './format';

const CELL_PX = 44;
const SEVERITY: (Outcome | null)[] = ['impacted', 'intercepted', 'launched', null];

export function markerRadius(fatalities: number | null): number {
  return Math.min(24, 5 + 2.6 * Math.sqrt(Math.max(0, fatalities ?? 0)));
}

/** Where to write a country's name: the centre of its largest ring, and that ring's width in degrees. */
export function labelPoint(g: GeoJSON.Geometry | null): { lat: number; lon: number; lonSpan: number } | null {
  if (!g) return null;
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  let best: { lat: number; lon: number; lonSpan: number; area: number } | null = null;
  for (const poly of polygons) {
    const ring = poly[0];
    if (!ring || ring.length < 4) continue;
    let a = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x0, y0] = ring[i];
      const [x1, y1] = ring[i + 1];
      const cross = x0 * y1 - x1 * y0;
      a += cross;
      cx += (x0 + x1) * cross;
      cy += (y0 + y1) * cross;
    }
    if (Math.abs(a) < 1e-9) continue;
    const lons = ring.map((p) => p[0]);
    const candidate = { lon: cx / (3 * a), lat: cy / (3 * a), lonSpan: Math.max(...lons) - Math.min(...lons), area: Math.abs(a / 2) };
    if (!best || candidate.area > best.area) best = candidate;
  }
  return best;
}

/** Where most incidents are: the 5th to 95th percentile of latitude and longitude, so one stray point does not zoom the map out to the world. */
export function coreBounds(items: readonly { latitude: number | null; longitude: number | null }[]): L.LatLngBounds {
  const lats = items.map((i) => i.latitude!).sort((a, b) => a - b);
  const lons = items.map((i) => i.longitude!).sort((a, b) => a - b);
  const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.max(0, Math.round(p * (xs.length - 1))))];
  const trim = lats.length >= 10 ? 0.05 : 0;
  return L.latLngBounds([q(lats, trim), q(lons, trim)], [q(lats, 1 - trim), q(lons, 1 - trim)]);
}

export class IncidentMap {
  readonly map: L.Map;
  private readonly markers = L.layerGroup();
  private items: IncidentSummary[] = [];
  fitted = false;
  private readonly note: HTMLElement;

  constructor(container: HTMLElement, private readonly open: (id: string) => void) {
    this.map = L.map(container, { attributionControl: false, minZoom: 2, maxZoom: 13, zoomSnap: 0.5, worldCopyJump: false, maxBounds: [[-85, -200], [85, 200]] });
    this.map.setView([31, 44], 4);
    this.markers.addTo(this.map);
    this.map.on('zoomend', () => {
      this.draw();
      this.placeLabels();
    });
    const legend = new L.Control({ position: 'bottomleft' });
    legend.onAdd = () => {
      const box = h('div', { class: 'map-legend' });
      for (const o of ['impacted', 'intercepted', 'launched', 'unknown'] as const) {
        const sw = h('span', { class: 'swatch' });
        sw.style.background = OUTCOME_COLOURS[o];
        box.appendChild(h('div', null, sw, OUTCOME_LABELS[o]));
      }
      box.appendChild(h('div', { class: 'muted' }, 'size: fatalities · dashed: approximate place'));
      return box;
    };
    legend.addTo(this.map);
    const noteControl = new L.Control({ position: 'topright' });
    this.note = h('div', { class: 'map-note' });
    noteControl.onAdd = () => this.note;
    noteControl.addTo(this.map);
    void this.loadCountries();
  }

  private async loadCountries(): Promise<void> {
    const res = await fetch(countriesUrl);
    const topo = (await res.json()) as Topology<{ countries: GeometryCollection<{ name: string }> }>;
    const land = feature(topo, topo.objects.countries);
    // Panes, bottom to top: land, country names, then the incidents (Leaflet's overlay and marker panes).
    this.map.createPane('land').style.zIndex = '250';
    this.map.createPane('labels').style.zIndex = '300';
    const layer = L.geoJSON(land, { pane: 'land', interactive: false, style: { color: '#a79f8a', weight: 0.6, fillColor: '#f4f1e8', fillOpacity: 1 } });
    layer.addTo(this.map);
    // Country names, shown when the country is wide enough on screen for its name.
    for (const f of land.features) {
      const at = labelPoint(f.geometry);
      const name = f.properties?.name;
      if (!at || !name) continue;
      const el = h('span', null, name);
      const marker = L.marker([at.lat, at.lon], { pane: 'labels', interactive: false, keyboard: false, icon: L.divIcon({ html: el, className: 'country-label', iconSize: [0, 0] }) });
      this.labels.push({ marker, lonSpan: at.lonSpan, chars: name.length });
    }
    this.placeLabels();
  }

  private readonly labels: { marker: L.Marker; lonSpan: number; chars: number }[] = [];

  private placeLabels(): void {
    const pxPerDegree = (256 * 2 ** this.map.getZoom()) / 360;
    for (const l of this.labels) {
      const fits = l.lonSpan * pxPerDegree > l.chars * 8;
      if (fits && !this.map.hasLayer(l.marker)) l.marker.addTo(this.map);
      else if (!fits && this.map.hasLayer(l.marker)) l.marker.remove();
    }
  }

  /** [minLon, minLat, maxLon, maxLat] of the view, clamped to the world, rounded to 0.01°. */
  bbox(): [number, number, number, number] {
    const b = this.map.getBounds();
    const r = (n: number) => Math.round(n * 100) / 100;
    return [r(Math.max(-180, b.getWest())), r(Math.max(-90, b.getSouth())), r(Math.min(180, b.getEast())), r(Math.min(90, b.getNorth()))];
  }

  /** Show these incidents; the view moves to where most of them are unless `keepView` (the map area is a filter). */
  setIncidents(items: IncidentSummary[], total: number, keepView = false): void {
    this.items = items.filter((i) => i.latitude !== null && i.longitude !== null);
    const unlocated = items.length - this.items.length;
    this.note.textContent = `${plural(this.items.length, 'incident')} on the map${unlocated ? `, ${unlocated} without a place` : ''}${total > items.length ? ` (first ${items.length} of ${total}: narrow the filters)` : ''}`;
    if (this.items.length && !(keepView && this.fitted)) {
      this.fitted = true;
      // Room at the bottom for the legend and at the top for the note, so neither hides an incident.
      this.map.fitBounds(coreBounds(this.items).pad(0.15), { maxZoom: 7, paddingTopLeft: [30, 50], paddingBottomRight: [30, 110] });
    }
    this.draw();
  }

  /** Move the view to a bbox from a shared link (minLon, minLat, maxLon, maxLat). */
  showBbox(b: number[]): void {
    if (b.length !== 4 || !b.every(Number.isFinite)) return;
    this.fitted = true;
    this.map.fitBounds([[b[1], b[0]], [b[3], b[2]]]);
  }

  invalidate(): void {
    this.map.invalidateSize();
  }

  private draw(): void {
    this.markers.clearLayers();
    const zoom = this.map.getZoom();
    const points = this.items.map((item) => {
      const p = this.map.project([item.latitude!, item.longitude!], zoom);
      return { x: p.x, y: p.y, item };
    });
    // Heaviest first, so small circles end up on top and stay clickable.
    const clusters = gridCluster(points, CELL_PX).sort((a, b) => b.items.length - a.items.length);
    for (const c of clusters) {
      const at = this.map.unproject([c.x, c.y], zoom);
      if (c.items.length === 1) this.markers.addLayer(this.single(c.items[0]));
      else this.markers.addLayer(this.cluster(at, c.items));
    }
  }

  private single(i: IncidentSummary): L.Layer {
    const approximate = (i.geo_precision ?? 3) >= 2;
    const m = L.circleMarker([i.latitude!, i.longitude!], {
      radius: markerRadius(i.fatalities),
      color: approximate ? '#444' : '#fff',
      weight: approximate ? 1.2 : 1.5,
      dashArray: approximate ? '3 3' : undefined,
      fillColor: outcomeColour(i.outcome),
      fillOpacity: 0.85,
    });
    m.bindPopup(() => this.popup([i]), { maxWidth: 320 });
    m.bindTooltip(() => h('span', null, `${shortDate(i.event_date, i.date_precision)} · ${i.location ?? i.country ?? 'place unknown'}`), { direction: 'top', offset: [0, -6] });
    return m;
  }

  private cluster(at: L.LatLng, items: IncidentSummary[]): L.Layer {
    const worst = SEVERITY.find((o) => items.some((i) => i.outcome === o)) ?? null;
    const size = Math.min(54, 26 + 4 * Math.log2(items.length));
    const el = h('div', { class: 'cluster' }, String(items.length));
    el.style.width = el.style.height = `${size}px`;
    el.style.lineHeight = `${size}px`;
    el.style.borderColor = outcomeColour(worst);
    const m = L.marker(at, { icon: L.divIcon({ html: el, className: 'cluster-icon', iconSize: [size, size] }), keyboard: true, title: `${items.length} incidents` });
    m.on('click', () => {
      const bounds = L.latLngBounds(items.map((i) => [i.latitude!, i.longitude!] as [number, number]));
      const same = bounds.getNorthEast().equals(bounds.getSouthWest());
      if (same || this.map.getZoom() >= this.map.getMaxZoom() - 1) m.bindPopup(this.popup(items), { maxWidth: 340 }).openPopup();
      else this.map.fitBounds(bounds.pad(0.3), { maxZoom: this.map.getZoom() + 3 });
    });
    return m;
  }

  private popup(items: IncidentSummary[]): HTMLElement {
    const box = h('div', { class: 'popup' });
    for (const i of items.slice(0, 8)) {
      const link = h('a', { href: '#' }, `${shortDate(i.event_date, i.date_precision)}: ${i.sub_event_type}`);
      link.addEventListener('click', (ev) => {
        ev.preventDefault();
        this.open(i.incident_id);
      });
      box.appendChild(
        h('div', { class: 'popup-item' },
          h('strong', null, link),
          h('div', null, placeLine(i)),
          h('div', { class: 'muted' }, `${i.weapons.map(weaponLabel).join(', ') || 'weapon not reported'} · killed ${count(i.fatalities)} · ${plural(i.reports, 'report')}${i.disputed_fields.length ? ' · disputed' : ''}`)),
      );
    }
    if (items.length > 8) box.appendChild(h('div', { class: 'muted' }, `and ${items.length - 8} more: zoom in`));
    return box;
  }
}
