/**
 * The briefing: incidents in time order, each in neutral ACLED-style sentences built from coded values, each figure
 * with its source, disagreements stated as disagreements ("2 per a U.S. official; 3 per PressTV"), claims of
 * responsibility with who reported them, and counts by weapon and outcome. One model, rendered as Markdown or as a
 * printable HTML page; the dashboard renders the same model itself. Every string that comes from a source is escaped
 * for the format it lands in.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import type { IncidentRecord, SourcedAssertion } from '../stages/incidents/incident-record.js';
import { primaryOutcome } from '../store/incident-facets.js';
import type { IncidentFilter, Repository } from '../store/repository.js';

const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const WEAPON_WORDS: Record<string, string> = {
  one_way_attack_drone: 'one-way attack drones', drone: 'drones', rocket: 'rockets', missile: 'missiles', ballistic_missile: 'ballistic missiles',
  cruise_missile: 'cruise missiles', mortar: 'mortars', artillery: 'artillery', ied: 'an explosive device', car_bomb: 'a car bomb',
  suicide_bomb: 'a suicide bomb', grenade: 'a grenade', small_arms: 'small arms', airstrike: 'air strikes', explosive: 'explosives', chemical: 'a chemical agent',
};

const SUB_EVENT_WORDS: Record<string, string> = {
  Attack: 'an attack', 'Air/drone strike': 'an air or drone strike', 'Shelling/artillery/missile attack': 'a shelling, artillery or missile attack',
  'Armed clash': 'an armed engagement', 'Remote explosive/landmine/IED': 'a remote explosive attack', 'Suicide bomb': 'a suicide bombing', Grenade: 'a grenade attack',
  'Abduction/forced disappearance': 'an abduction', 'Sexual violence': 'sexual violence', 'Chemical weapon': 'a chemical attack',
};

const COUNT_FIELDS = [
  ['launched', 'Launched'],
  ['intercepted', 'Intercepted'],
  ['impacted', 'Impacted'],
  ['killed', 'Killed'],
  ['injured', 'Injured'],
] as const;

import type { BriefFigure, BriefItem, BriefModel } from './brief-model.js';

export type { BriefFigure, BriefItem, BriefModel };

export interface BriefOptions {
  since?: string | null;
  until?: string | null;
  countries?: readonly string[];
  generatedAt?: string;
  /** Incidents matching in all, when more matched than are passed in. */
  total?: number;
}

export function humanDate(iso: string | null, precision = 'day'): string {
  if (!iso) return 'On an unknown date';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  if (precision === 'year') return `In ${y}`;
  if (precision === 'month') return `In ${MONTHS[m - 1]} ${y}`;
  if (precision === 'week') return `In the week of ${d} ${MONTHS[m - 1]} ${y}`;
  return `On ${d} ${MONTHS[m - 1]} ${y}`;
}

function shortDate(iso: string | null, precision = 'day'): string {
  if (!iso) return 'Date unknown';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  if (precision === 'year') return String(y);
  if (precision === 'month') return `${MONTHS[m - 1]} ${y}`;
  if (precision === 'week') return `Week of ${d} ${MONTHS[m - 1]} ${y}`;
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

const REGION_NAMES = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** The short English name of a country ("Syria", not "Syrian Arab Republic"); the code itself when unknown. */
export function countryName(iso2: string | null): string | null {
  if (!iso2) return null;
  const code = iso2.toUpperCase();
  let name: string | undefined;
  try {
    name = /^[A-Z]{2}$/.test(code) ? REGION_NAMES.of(code) : undefined;
  } catch {
    name = undefined;
  }
  return name ?? countries.getName(code, 'en', { select: 'alias' }) ?? countries.getName(code, 'en') ?? iso2;
}

/** Whether a location is the country itself ("Syria" for SY, under any of its English names). */
function isCountry(location: string, iso2: string | null): boolean {
  if (!iso2) return false;
  const names = [countryName(iso2), ...(countries.getName(iso2.toUpperCase(), 'en', { select: 'all' }) ?? [])].filter(Boolean).map((n) => n!.toLowerCase());
  return names.includes(location.toLowerCase());
}

function weaponWords(weapons: readonly string[]): string {
  const words = weapons.map((w) => WEAPON_WORDS[w] ?? w.replace(/_/g, ' '));
  return words.length <= 2 ? words.join(' and ') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function placePhrase(inc: IncidentRecord): string {
  const country = countryName(inc.country);
  if (!inc.location) return country ? `in ${country}` : 'at an unknown place';
  if (isCountry(inc.location, inc.country)) return `in ${country}`;
  const within = [inc.admin1 && inc.admin1 !== inc.location ? inc.admin1 : null, country].filter(Boolean);
  return `at or near ${inc.location}${within.length ? ` (${within.join(', ')})` : ''}`;
}

/** "The Pentagon (The Eastbrook Chronicle)": the speaker, and the outlet that carried it when that is someone else. */
function sourceName(a: { speaker: string; outlet?: string | null; report_outlet?: string | null }): string {
  const outlet = a.report_outlet ?? a.outlet ?? null;
  return outlet && outlet !== a.speaker ? `${a.speaker} (${outlet})` : a.speaker;
}

function figureOf(a: SourcedAssertion): string {
  if (a.value !== null && a.value !== undefined) return String(a.value);
  if (a.min != null && a.max != null) return a.min === a.max ? String(a.min) : `${a.min}–${a.max}`;
  if (a.min != null) return `at least ${a.min}`;
  if (a.max != null) return `up to ${a.max}`;
  return 'an unknown number';
}

function figures(inc: IncidentRecord): BriefFigure[] {
  const out: BriefFigure[] = [];
  for (const [field, label] of COUNT_FIELDS) {
    const f = inc.fields?.[field];
    if (!f || !f.assertions.length) continue;
    const byValue = new Map<string, string[]>();
    for (const a of f.assertions) {
      const v = figureOf(a);
      const list = byValue.get(v) ?? [];
      const name = sourceName(a);
      if (!list.includes(name)) list.push(name);
      byValue.set(v, list);
    }
    const values = [...byValue.entries()].map(([value, sources]) => ({ value, sources })).sort((x, y) => y.sources.length - x.sources.length);
    out.push({ field, label, disputed: f.disputed, values, best: f.best === null || f.best === undefined ? null : String(f.best) });
  }
  return out;
}

export function briefItem(inc: IncidentRecord): BriefItem {
  const who = inc.actor1 ?? 'Unidentified attackers';
  const what = inc.weapons.length === 1 && inc.weapons[0] === 'airstrike' ? 'carried out an airstrike'
    : inc.weapons.length ? `used ${weaponWords(inc.weapons)}` : `carried out ${SUB_EVENT_WORDS[inc.sub_event_type] ?? `an attack (${inc.sub_event_type})`}`;
  const when = humanDate(inc.event_date, inc.date_precision);
  const sentence = `${when}, ${inc.actor1 ? who : who.toLowerCase()} ${what} ${placePhrase(inc)}${inc.target ? `; reported target: ${inc.target}` : ''}.`;
  const disputes: string[] = [];
  for (const d of inc.disputes ?? []) {
    if (d.field !== 'event_date') continue;
    const byDate = new Map<string, string[]>();
    for (const v of d.values) {
      const key = shortDate(typeof v.value === 'string' ? v.value : null);
      const list = byDate.get(key) ?? [];
      const name = sourceName({ speaker: v.speaker, outlet: v.outlet });
      if (!list.includes(name)) list.push(name);
      byDate.set(key, list);
    }
    disputes.push(`Date disputed: ${[...byDate.entries()].map(([date, who]) => `${date} per ${who.join(' and ')}`).join('; ')}.`);
  }
  for (const [field, label] of COUNT_FIELDS) {
    for (const r of inc.fields?.[field]?.revisions ?? []) disputes.push(`${label} revised by ${r.outlet}: ${String(r.from)} to ${String(r.to)}${r.at ? ` (${shortDate(r.at)})` : ''}.`);
  }
  const claims = (inc.claims ?? []).map((c) => ({ claimant: c.claimant, reported_by: c.outlet && c.outlet !== c.speaker ? `${c.speaker} via ${c.outlet}` : c.outlet ?? c.speaker }));
  const outlets = [...new Set((inc.reports ?? []).map((r) => r.outlet).filter((o): o is string => !!o))];
  const country = countryName(inc.country);
  const place = [inc.location, country && !(inc.location && isCountry(inc.location, inc.country)) ? country : null].filter(Boolean).join(', ') || 'place unknown';
  return {
    incident_id: inc.incident_id,
    event_date: inc.event_date,
    date_precision: inc.date_precision,
    place,
    heading: `${shortDate(inc.event_date, inc.date_precision)}: ${place}`,
    sentence,
    figures: figures(inc),
    disputes,
    claims,
    competing_claims: !!inc.competing_claims,
    reports: inc.reports?.length ?? inc.doc_ids?.length ?? 0,
    outlets,
  };
}

function sortByDate(incidents: readonly IncidentRecord[]): IncidentRecord[] {
  return [...incidents].sort((a, b) => (a.event_date === b.event_date ? (a.incident_id < b.incident_id ? -1 : a.incident_id > b.incident_id ? 1 : 0) : a.event_date === null ? 1 : b.event_date === null ? -1 : a.event_date < b.event_date ? -1 : 1));
}

/** The briefing's model: incidents sorted by date (undated last), with counts over the incidents passed in. */
export function buildBrief(incidents: readonly IncidentRecord[], opts: BriefOptions = {}): BriefModel {
  const sorted = sortByDate(incidents);
  const weapon = new Map<string, number>();
  const outcome = new Map<string, number>();
  for (const inc of sorted) {
    for (const w of inc.weapons.length ? inc.weapons : ['not reported']) weapon.set(w, (weapon.get(w) ?? 0) + 1);
    const o = primaryOutcome(inc) ?? 'not reported';
    outcome.set(o, (outcome.get(o) ?? 0) + 1);
  }
  const counted = (m: Map<string, number>) => [...m.entries()].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  const range = opts.since || opts.until ? `${opts.since ? shortDate(opts.since) : 'the start'} to ${opts.until ? shortDate(opts.until) : 'today'}` : 'all dates';
  const countriesList = [...(opts.countries ?? [])];
  return {
    title: `Briefing: ${range}${countriesList.length ? ` (${countriesList.map((c) => countryName(c) ?? c).join(', ')})` : ''}`,
    since: opts.since ?? null,
    until: opts.until ?? null,
    countries: countriesList,
    generated_at: opts.generatedAt ?? new Date().toISOString(),
    total: opts.total ?? sorted.length,
    by_weapon: counted(weapon),
    by_outcome: counted(outcome),
    items: sorted.map(briefItem),
  };
}

export const BRIEF_LIMIT = 1000;

/**
 * Read a briefing's incidents from a store: one query per country (or one for all), merged by date, at most `limit`
 * listed (the model's `total` says how many matched).
 */
export async function briefFromStore(store: Repository, opts: { since?: string | null; until?: string | null; countries?: readonly string[]; limit?: number; generatedAt?: string }): Promise<BriefModel> {
  const limit = opts.limit ?? BRIEF_LIMIT;
  const base: IncidentFilter = { since: opts.since ?? undefined, until: opts.until ?? undefined, sort: 'date' };
  const filters: IncidentFilter[] = opts.countries?.length ? opts.countries.map((country) => ({ ...base, country })) : [base];
  let total = 0;
  const found: IncidentRecord[] = [];
  for (const f of filters) {
    total += await store.countIncidents(f);
    found.push(...(await store.listIncidents({ ...f, limit })));
  }
  const listed = sortByDate(found).slice(0, limit);
  return buildBrief(listed, { since: opts.since, until: opts.until, countries: opts.countries, generatedAt: opts.generatedAt, total });
}

export function weaponLabel(code: string): string {
  return code === 'not reported' ? code : code.replace(/_/g, ' ');
}

/** A figure line as plain text: "Launched: 2 per A; 1 per B and C (disputed; best 1)". */
export function figureText(f: BriefFigure): string {
  const values = f.values.map((v) => `${v.value} per ${v.sources.join(' and ')}`).join('; ');
  return `${f.label}: ${values}${f.disputed ? ` (disputed; sitrep's best figure ${f.best ?? 'unknown'})` : ''}`;
}

export function claimsText(item: BriefItem): string | null {
  if (!item.claims.length) return null;
  return `Responsibility claimed by ${item.claims.map((c) => `${c.claimant} (reported by ${c.reported_by})`).join('; ')}${item.competing_claims ? '. The claims compete.' : '.'}`;
}

function introText(m: BriefModel): string {
  const shown = m.items.length < m.total ? `${m.total} incidents match; the first ${m.items.length} by date are listed and counted.` : `${m.total} incident${m.total === 1 ? '' : 's'}.`;
  return `${shown} Each figure is given with its source; where sources disagree, every figure is given with its source and the incident is marked as disputed. Generated ${m.generated_at.slice(0, 16).replace('T', ' ')} UTC by sitrep.`;
}

// ---- Markdown ------------------------------------------------------------------------------------------------------

/** Text from a source as Markdown that renders as itself: markup characters escaped, line breaks flattened. */
export function mdEscape(s: string): string {
  // Inline markup, links, HTML and entities, table cells; a source's text never starts a line here, so line-start
  // markers (#, -, +, 1.) cannot take effect and stay readable.
  return s.replace(/[\r\n]+/g, ' ').replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`);
}

export function briefMarkdown(m: BriefModel): string {
  const out: string[] = [`# ${mdEscape(m.title)}`, '', mdEscape(introText(m)), ''];
  out.push('## Counts', '', '| weapon | incidents |', '|---|---:|');
  for (const w of m.by_weapon) out.push(`| ${mdEscape(weaponLabel(w.key))} | ${w.count} |`);
  out.push('', '| outcome | incidents |', '|---|---:|');
  for (const o of m.by_outcome) out.push(`| ${mdEscape(o.key)} | ${o.count} |`);
  out.push('', 'An incident with several weapons counts once under each.', '', '## Incidents', '');
  for (const it of m.items) {
    out.push(`### ${mdEscape(it.heading)}`, '');
    out.push(mdEscape(it.sentence), '');
    for (const f of it.figures) out.push(`- ${mdEscape(figureText(f))}`);
    for (const d of it.disputes) out.push(`- ${mdEscape(d)}`);
    const claims = claimsText(it);
    if (claims) out.push(`- ${mdEscape(claims)}`);
    out.push(`- Reports: ${it.reports}${it.outlets.length ? ` (${mdEscape(it.outlets.join('; '))})` : ''}; incident ${mdEscape(it.incident_id)}`, '');
  }
  if (!m.items.length) out.push('No incidents in this period.', '');
  return `${out.join('\n').trimEnd()}\n`;
}

// ---- HTML ----------------------------------------------------------------------------------------------------------

export function htmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const BRIEF_CSS = `body{font:15px/1.5 Georgia,'Times New Roman',serif;color:#1d1d1f;max-width:52rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .3rem}h2{font-size:1.2rem;margin:1.6rem 0 .5rem;border-bottom:1px solid #ccc}
h3{font-size:1rem;margin:1.2rem 0 .2rem;font-family:system-ui,sans-serif}p.meta{color:#555;font-size:.9rem}
table{border-collapse:collapse;margin:.3rem 1.5rem .8rem 0;display:inline-table;vertical-align:top}
td,th{border-bottom:1px solid #ddd;padding:.15rem .6rem;text-align:left}td.n{text-align:right}
ul{margin:.2rem 0 .6rem;padding-left:1.2rem}li.disputed{color:#8a3b00}.id{color:#777;font-size:.8rem;font-family:monospace}
@media print{body{margin:0;max-width:none;font-size:11pt}h3{break-after:avoid}section{break-inside:avoid}}`;

/** The hash a Content-Security-Policy names to allow the page's one style element and nothing else. */
export const BRIEF_STYLE_HASH = `sha256-${createHash('sha256').update(BRIEF_CSS).digest('base64')}`;

export function briefHtml(m: BriefModel): string {
  const e = htmlEscape;
  const table = (head: string, rows: { key: string; count: number }[], label: (k: string) => string) =>
    `<table><thead><tr><th>${head}</th><th>incidents</th></tr></thead><tbody>${rows.map((r) => `<tr><td>${e(label(r.key))}</td><td class="n">${r.count}</td></tr>`).join('')}</tbody></table>`;
  const items = m.items.map((it) => {
    const lis = [
      ...it.figures.map((f) => `<li${f.disputed ? ' class="disputed"' : ''}>${e(figureText(f))}</li>`),
      ...it.disputes.map((d) => `<li class="disputed">${e(d)}</li>`),
      ...(claimsText(it) ? [`<li>${e(claimsText(it)!)}</li>`] : []),
      `<li>Reports: ${it.reports}${it.outlets.length ? ` (${e(it.outlets.join('; '))})` : ''}</li>`,
    ];
    return `<section><h3>${e(it.heading)} <span class="id">${e(it.incident_id)}</span></h3><p>${e(it.sentence)}</p><ul>${lis.join('')}</ul></section>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(m.title)}</title><style>${BRIEF_CSS}</style></head>
<body><h1>${e(m.title)}</h1><p class="meta">${e(introText(m))}</p>
<h2>Counts</h2>${table('weapon', m.by_weapon, weaponLabel)}${table('outcome', m.by_outcome, (k) => k)}
<p class="meta">An incident with several weapons counts once under each.</p>
<h2>Incidents</h2>${items.join('\n') || '<p>No incidents in this period.</p>'}
</body></html>
`;
}
