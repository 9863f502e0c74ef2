import type { StageContext } from '../context.js';
import type { ExtractedEvent, FieldSummary } from './contract.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function humanDate(iso: string, precision: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  if (precision === 'year') return `In ${y}`;
  if (precision === 'month') return `In ${MONTHS[m - 1]} ${y}`;
  if (precision === 'week') return `In the week of ${d} ${MONTHS[m - 1]} ${y}`;
  return `On ${d} ${MONTHS[m - 1]} ${y}`;
}

const WEAPON_WORDS: Record<string, string> = {
  one_way_attack_drone: 'one-way attack drones', drone: 'drones', rocket: 'rockets', missile: 'missiles', ballistic_missile: 'ballistic missiles',
  cruise_missile: 'cruise missiles', mortar: 'mortars', artillery: 'artillery', ied: 'an explosive device', car_bomb: 'a car bomb',
  suicide_bomb: 'a suicide bomb', grenade: 'a grenade', small_arms: 'small arms', airstrike: 'an airstrike', explosive: 'explosives', chemical: 'a chemical agent',
};

function bySource(f: FieldSummary | undefined): string | null {
  if (!f || !f.assertions.length) return null;
  if (!f.disputed) return null;
  return f.assertions.filter((a) => a.value !== null).map((a) => `${a.value} per ${a.speaker}${a.outlet && a.outlet !== a.speaker ? ` (${a.outlet})` : ''}`).join('; ');
}

/** One neutral sentence in ACLED's manner, built from the coded values only: never from the source's own words. */
export function neutralNote(ev: ExtractedEvent, ctx: StageContext): string {
  const when = ev.event_date ? humanDate(ev.event_date, ev.date_precision) : 'On an unknown date';
  const who = ev.actor1 ?? 'an unidentified actor';
  const what = ev.weapons.length ? ev.weapons.map((w) => WEAPON_WORDS[w] ?? w.replace(/_/g, ' ')).join(' and ') : 'an attack';
  const countryName = ev.country ? ctx.gazetteer.country(ev.country)?.name ?? ev.country : null;
  const where = ev.location ? ` at or near ${ev.location}${ev.admin1 && ev.admin1 !== ev.location ? ` (${ev.admin1}${countryName ? `, ${countryName}` : ''})` : countryName && ev.location !== countryName ? ` (${countryName})` : ''}` : '';
  const parts = [`${when}, ${who} used ${what}${where}`];
  const launchedDispute = bySource(ev.fields.launched);
  if (launchedDispute) parts.push(`launched: ${launchedDispute}`);
  else if (ev.launched !== null) parts.push(`${ev.launched} launched`);
  if (ev.intercepted) parts.push(`${ev.intercepted} intercepted`);
  if (ev.impacted) parts.push(`${ev.impacted} impacted`);
  const killed = bySource(ev.fields.killed);
  parts.push(killed ? `fatalities: ${killed}` : ev.fatalities === null ? 'fatalities not reported' : `${ev.fatalities} fatalities`);
  if (ev.injured) parts.push(`${ev.injured} injured`);
  if (ev.claimed_by.length) parts.push(`responsibility claimed by ${ev.claimed_by.join(' and ')}`);
  return `${parts.join('; ')}.`;
}
