import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import type { ExtractedEvent } from '../stages/incidents/contract.js';

const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));

/** ACLED's column names, in ACLED's order. */
export const ACLED_COLUMNS = [
  'event_id_cnty', 'event_date', 'year', 'time_precision', 'disorder_type', 'event_type', 'sub_event_type', 'actor1', 'assoc_actor_1',
  'inter1', 'actor2', 'assoc_actor_2', 'inter2', 'interaction', 'civilian_targeting', 'iso', 'region', 'country', 'admin1', 'admin2',
  'admin3', 'location', 'latitude', 'longitude', 'geo_precision', 'source', 'source_scale', 'notes', 'fatalities', 'tags', 'timestamp',
] as const;

const MIDDLE_EAST = new Set(['IQ', 'SY', 'YE', 'SA', 'TR', 'IL', 'PS', 'IR', 'JO', 'LB', 'AE', 'QA', 'KW', 'BH', 'OM', 'CY']);
const NORTHERN_AFRICA = new Set(['EG', 'LY', 'TN', 'DZ', 'MA', 'SD']);

function region(iso2: string | null): string {
  if (!iso2) return '';
  if (MIDDLE_EAST.has(iso2)) return 'Middle East';
  if (NORTHERN_AFRICA.has(iso2)) return 'Northern Africa';
  return '';
}

const TIME_PRECISION: Record<string, number | ''> = { day: 1, week: 2, month: 3, year: 3, unknown: '' };

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  // Quote what CSV needs quoted, and defuse cells a spreadsheet would run as a formula.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function acledRow(ev: ExtractedEvent & { updated_at?: string }): Record<(typeof ACLED_COLUMNS)[number], unknown> {
  const iso2 = ev.country;
  const targetsCivilians = /\b(?:civilians?|residents?|villagers?|families|children|women|worshippers|shoppers|market|school|hospital|homes?)\b/i.test(ev.target ?? '') || ev.sub_event_type === 'Attack';
  return {
    event_id_cnty: ev.event_id,
    event_date: ev.event_date ?? '',
    year: ev.event_date ? ev.event_date.slice(0, 4) : '',
    time_precision: TIME_PRECISION[ev.date_precision] ?? '',
    disorder_type: ev.disorder_type,
    event_type: ev.event_type,
    sub_event_type: ev.sub_event_type,
    actor1: ev.actor1 ?? '',
    assoc_actor_1: ev.assoc_actor_1 ?? '',
    inter1: ev.inter1 ?? '',
    actor2: ev.actor2 ?? '',
    assoc_actor_2: '',
    inter2: ev.inter2 ?? '',
    interaction: ev.inter1 ? `${ev.inter1}${ev.inter2 ?? 0}` : '',
    civilian_targeting: targetsCivilians ? 'Civilian targeting' : '',
    iso: iso2 ? Number(countries.alpha2ToNumeric(iso2) ?? '') || '' : '',
    region: region(iso2),
    country: iso2 ? countries.getName(iso2, 'en', { select: 'alias' }) ?? countries.getName(iso2, 'en') ?? iso2 : '',
    admin1: ev.admin1 ?? '',
    admin2: '',
    admin3: '',
    location: ev.location ?? '',
    latitude: ev.latitude ?? '',
    longitude: ev.longitude ?? '',
    geo_precision: ev.geo_precision ?? '',
    source: [...new Set(ev.sources.map((s) => s.outlet ?? s.speaker))].join('; '),
    source_scale: '',
    notes: ev.notes,
    fatalities: ev.fatalities ?? 0,
    tags: ev.disputes.length ? `disputed: ${ev.disputes.map((d) => d.field).join(', ')}` : '',
    timestamp: Math.floor(Date.parse(ev.updated_at ?? new Date(0).toISOString()) / 1000) || '',
  };
}

export function toAcledCsv(events: Iterable<ExtractedEvent & { updated_at?: string }>): string {
  const lines = [ACLED_COLUMNS.join(',')];
  for (const ev of events) {
    const row = acledRow(ev);
    lines.push(ACLED_COLUMNS.map((c) => cell(row[c])).join(','));
  }
  return `${lines.join('\n')}\n`;
}
