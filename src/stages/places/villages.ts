import { existsSync, readFileSync } from 'node:fs';
import { placeKey } from './fold.js';
import type { Place } from './gazetteer.js';

/**
 * Given names and words that are also village names on the conflict maps ("Khalid", "Saad", "Samir", "Sabah"):
 * news text uses them for people far more often than for the villages, so those marks are matched by no name.
 */
const PERSON_OR_WORD = new Set(['khalid', 'saad', 'samir', 'kamal', 'aziz', 'amina', 'sabah', 'hamal', 'minkar', 'bare', 'asteria', 'hindi', 'lak', 'kursi', 'sinu', 'jubayr', 'majar', 'hamedan', 'mazraa', 'mazrah', 'huriyah', 'nasiriyah', 'rashidiyah', 'abbasiyah', 'abbasia', 'husayniyah', 'hussainiyah', 'qasimiyah', 'ibrahimiyah', 'sadiyah', 'wardiyah', 'al-wahda', 'al jazirah']);

export interface VillageRecord { names: string[]; place: Place }

/**
 * Towns and villages marked on Wikipedia's conflict maps (data/gazetteer/conflict-map-places.tsv, built by
 * scripts/build-conflict-places.ts): the frontline villages that GeoNames' town lists lack. Population 0 and a source
 * of their own, so a GeoNames town of the same name outranks them and the matcher can tell them apart.
 */
export function readConflictMapPlaces(dataDir: string): VillageRecord[] {
  const file = `${dataDir}/gazetteer/conflict-map-places.tsv`;
  if (!existsSync(file)) return [];
  const out: VillageRecord[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [nameField, lat, lon, country, admin1, module] = line.split('\t');
    // Names of three letters or fewer collide with words and initials; known clashes with given names are dropped too.
    const names = nameField.split(';').filter((s) => s.replace(/[^\p{L}]/gu, '').length > 3 && !PERSON_OR_WORD.has(s.toLowerCase()));
    if (names.length === 0) continue;
    out.push({
      names,
      place: { id: `village:${country.toLowerCase()}:${lat},${lon}:${placeKey(names[0]).replace(/ /g, '-')}`, name: names[0], kind: 'city', country, admin1: admin1 || null, lat: Number(lat), lon: Number(lon), population: 0, source: `Wikipedia ${module} (CC BY-SA 4.0)` },
    });
  }
  return out;
}
