import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractText } from './helpers.js';

const one = (text: string, published = '2024-03-10') => {
  const { events } = extractText(text, { published });
  assert.equal(events.length, 1, `one event expected from: ${text}`);
  return events[0];
};

test('a named base is placed at the base, at facility precision', () => {
  const e = one('On 9 March 2024, two drones targeted the al-Tanf garrison in Syria, officials said.');
  assert.equal(e.country, 'SY');
  assert.equal(e.geo_precision, 1);
  assert.match(e.location ?? '', /Tanf/);
});

test('"near X" and "the countryside of X" are part of a region, not the town itself', () => {
  assert.equal(one('On 9 March 2024, a roadside bomb exploded near Tal Afar in Iraq, wounding two soldiers.').geo_precision, 2);
  assert.equal(one('On 9 March 2024, shelling hit villages in the countryside of Idleb, Syria, killing a child.').geo_precision, 2);
});

test('a province alone is placed at province precision', () => {
  const e = one('On 9 March 2024, an explosive device detonated at a pipeline in Shabwah governorate, Yemen. There were no casualties.');
  assert.equal(e.country, 'YE');
  assert.equal(e.admin1, 'Shabwah');
  assert.equal(e.geo_precision, 3);
});

test('a district and province hint picks the right one of same-named places', () => {
  const e = one('On 9 March 2024, a drone struck a car in Kalar (Al Sulaymaniyah), killing one man.');
  assert.equal(e.country, 'IQ');
});

test('spelling variants of one place meet', () => {
  const a = one('On 9 March 2024, rockets hit an oil field in Dayr al-Zawr province, Syria.');
  const b = one('On 9 March 2024, rockets hit an oil field in Deir ez-Zor province, Syria.');
  assert.equal(a.admin1, b.admin1);
  assert.equal(a.country, 'SY');
});
