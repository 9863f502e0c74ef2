/** Labels, dates and colours shared by the views. */
import type { IncidentSummary, Outcome } from './api';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function shortDate(iso: string | null | undefined, precision = 'day'): string {
  if (!iso) return 'date unknown';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  if (!y || !m) return iso;
  if (precision === 'year') return String(y);
  if (precision === 'month') return `${MONTHS[m - 1]} ${y}`;
  if (precision === 'week') return `wk of ${d} ${MONTHS[m - 1]} ${y}`;
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

export function weaponLabel(code: string | null): string {
  return code ? code.replace(/_/g, ' ') : 'not reported';
}

export const OUTCOME_COLOURS: Record<Outcome | 'unknown', string> = {
  impacted: '#c0392b',
  intercepted: '#2471a3',
  launched: '#e08e0b',
  unknown: '#7f8c8d',
};

export const OUTCOME_LABELS: Record<Outcome | 'unknown', string> = {
  impacted: 'impacted (or caused casualties)',
  intercepted: 'intercepted',
  launched: 'launched, outcome not reported',
  unknown: 'no outcome reported',
};

export function outcomeColour(o: Outcome | null): string {
  return OUTCOME_COLOURS[o ?? 'unknown'];
}

const REGIONS = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** "Syria" for SY; the code itself when the browser does not know it. */
export function countryName(code: string | null | undefined): string {
  if (!code) return '';
  try {
    return (/^[A-Za-z]{2}$/.test(code) && REGIONS.of(code.toUpperCase())) || code;
  } catch {
    return code;
  }
}

export function placeLine(i: Pick<IncidentSummary, 'location' | 'admin1' | 'country'>): string {
  const country = countryName(i.country);
  const parts = [i.location, i.admin1 && i.admin1 !== i.location ? i.admin1 : null, country && country !== i.location ? country : null].filter(Boolean);
  return parts.length ? parts.join(', ') : 'place unknown';
}

export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? '–' : String(n);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A categorical palette for stacked series (colour-blind friendly, Tableau 10). */
export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
