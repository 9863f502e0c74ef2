import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readConflictMapPlaces } from './villages.js';
import { loadGazetteer } from './gazetteer.js';
import { placeKey } from './fold.js';
import { DATA_DIR } from '../../pipeline.js';
import { extractText } from '../../../test/helpers.js';

const distanceKm = (a: { lat: number; lon: number }, b: { lat: number; lon: number }) => {
  const rad = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(h));
};

test('the conflict-map villages ship with the repository and load with their source', () => {
  const villages = readConflictMapPlaces(DATA_DIR);
  assert.ok(villages.length > 400, `only ${villages.length} villages loaded`);
  for (const v of villages) {
    assert.equal(v.place.kind, 'city');
    assert.equal(v.place.population, 0);
    assert.match(v.place.source, /^Wikipedia .*CC BY-SA/);
    assert.ok(v.place.country && v.place.lat !== null && v.place.lon !== null);
  }
  // Given names that are also village names are not matched as places.
  assert.ok(!villages.some((v) => v.names.some((n) => /^(?:Khalid|Saad|Samir)$/.test(n))));
});

test('the gazetteer finds a village by its name and by its alternate name', () => {
  const g = loadGazetteer({ dataDir: DATA_DIR });
  const bazwaya = g.lookup(placeKey('Bazwaya')).find((p) => p.id.startsWith('village:'));
  assert.ok(bazwaya, 'Bazwaya is in the gazetteer');
  assert.equal(bazwaya.country, 'IQ');
  assert.equal(bazwaya.admin1, 'Ninewa');
  // "Al Kuwayr" is also written "Gwêr": both names find the one record.
  const kuwayr = g.lookup(placeKey('Al Kuwayr')).find((p) => p.id.startsWith('village:'));
  assert.ok(kuwayr);
  assert.equal(g.lookup(placeKey('Gwer'))[0]?.id, kuwayr.id);
  // A mark for a town GeoNames already has (Qaraqosh, its mark a few km off) is not loaded a second time.
  assert.ok(!g.lookup(placeKey('Qaraqosh')).some((p) => p.id.startsWith('village:')));
  assert.ok(g.lookup(placeKey('Qaraqosh')).length > 0);
});

test('a village counts only in a province the report points to', () => {
  // Gwêr lies in Nineveh: named with its province it is found; in a report about another country it is no place.
  const inNineveh = extractText('On 9 March 2024, a drone struck a checkpoint in Gwer, Nineveh, Iraq, wounding two soldiers.', { published: '2024-03-10' }).events[0];
  assert.ok(inNineveh && inNineveh.latitude !== null && distanceKm({ lat: inNineveh.latitude!, lon: inNineveh.longitude! }, { lat: 36.044, lon: 43.498 }) < 10, `placed at ${inNineveh?.location}`);
  // Named alone, with nothing else in the report pointing to Nineveh, it is not taken on trust.
  const alone = extractText('On 9 March 2024, a drone struck a checkpoint near Al Kuwayr, wounding two soldiers.', { published: '2024-03-10' }).events;
  assert.ok(alone.length > 0);
  assert.ok(alone.every((e) => e.location !== 'Al Kuwayr'), JSON.stringify(alone.map((e) => e.location)));
});

test('a report naming a village is placed at the village', () => {
  const { events } = extractText('On 9 March 2024, an IED exploded near a patrol in Gogjali, east of Mosul, Nineveh, Iraq, killing two soldiers.', { published: '2024-03-10' });
  assert.equal(events.length, 1);
  const e = events[0];
  assert.equal(e.country, 'IQ');
  assert.ok(e.latitude !== null && e.longitude !== null);
  assert.ok(distanceKm({ lat: e.latitude!, lon: e.longitude! }, { lat: 36.358, lon: 43.247 }) < 10, `placed at ${e.location} ${e.latitude},${e.longitude}`);
});
