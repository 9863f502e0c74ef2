import type { ExtractedEvent } from '../stages/incidents/contract.js';

/** A FeatureCollection of the events that have coordinates; the rest are counted, not dropped silently. */
export function toGeoJson(events: Iterable<ExtractedEvent>): { type: 'FeatureCollection'; features: unknown[]; unlocated: number } {
  const features: unknown[] = [];
  let unlocated = 0;
  for (const ev of events) {
    if (ev.latitude === null || ev.longitude === null) { unlocated++; continue; }
    const { evidence, fields, claims, ...rest } = ev;
    features.push({ type: 'Feature', id: ev.event_id, geometry: { type: 'Point', coordinates: [ev.longitude, ev.latitude] }, properties: { ...rest, claims: claims.map((c) => c.claimant) } });
  }
  return { type: 'FeatureCollection', features, unlocated };
}
