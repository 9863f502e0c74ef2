import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractText } from '../../../test/helpers.js';

test('an attribution that refers back in the plural names every attack the report told', () => {
  const text = 'On 3 May 2024, a drone struck a gas station in Rayyan, Homs, Syria, damaging it. On the same day a second drone hit a pumping station near Palmyra, Homs. No group claimed responsibility; however, sources attributed the attacks to the Islamic State.';
  const events = extractText(text, { published: '2024-05-04' }).events;
  assert.equal(events.length, 2);
  for (const e of events) assert.equal(e.actor1, 'Islamic State', `${e.location}`);
});

test('in the singular it names the attack just told', () => {
  const text = 'On 3 May 2024, a drone struck a gas station in Rayyan, Homs, Syria, damaging it. On the same day a second drone hit a pumping station near Palmyra, Homs. Sources attributed the attack to the Islamic State.';
  const events = extractText(text, { published: '2024-05-04' }).events;
  assert.equal(events.length, 2);
  assert.deepEqual(events.map((e) => e.actor1), [null, 'Islamic State']);
});
