import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { extractText } from './helpers.js';

const batch = readFileSync(new URL('../samples/batch.jsonl', import.meta.url), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const byId = (id: string) => batch.find((r) => r.id === id)!;

test('two rockets that landed outside the perimeter: one incident, counted, no casualties', () => {
  const r = byId('sample-tal-baydar');
  const { events } = extractText(r.text, { id: r.id, published: r.published });
  assert.equal(events.length, 1);
  const [e] = events;
  assert.equal(e.event_date, '2024-02-03');
  assert.deepEqual(e.weapons, ['rocket']);
  assert.equal(e.launched, 2);
  assert.equal(e.fatalities, 0);
  assert.equal(e.country, 'SY');
  assert.equal(e.sub_event_type, 'Shelling/artillery/missile attack');
});

test('casualty figures keep the speaker who gave them', () => {
  const r = byId('sample-ras-isa');
  const { events } = extractText(r.text, { id: r.id, published: r.published, outlet: r.outlet });
  assert.equal(events.length, 1);
  const killed = events[0].fields.killed.assertions[0];
  assert.equal(killed.value, 80);
  assert.match(killed.speaker, /health ministry/);
  assert.equal(events[0].country, 'YE');
});

test('attack words used for something else yield no event', () => {
  const r = byId('sample-not-an-attack');
  assert.equal(extractText(r.text, { id: r.id, published: r.published }).events.length, 0);
  for (const text of [
    'The golfer fired a 68 on Sunday to take the lead.',
    'The board fired the chief executive on Monday after losses.',
    'SpaceX launched a rocket into orbit from Florida on Tuesday.',
    'North Korea test-fired a ballistic missile into the sea on Friday, state media said.',
  ]) assert.equal(extractText(text, { published: '2024-03-01' }).events.length, 0, text);
});

test('a claim of responsibility names the claimant as reported, and the retaliation is its own incident', () => {
  const text = readFileSync(new URL('../samples/erbil-airbase-drone.txt', import.meta.url), 'utf8');
  const { events } = extractText(text.split('\n\n').slice(1).join('\n\n'), { published: '2023-12-26' });
  const attack = events.find((e) => e.weapons.includes('drone'))!;
  assert.ok(attack.claimed_by.includes('Islamic Resistance in Iraq'));
  assert.equal(attack.injured, 3);
  assert.equal(attack.event_date, '2023-12-25');
  assert.ok(events.some((e) => e !== attack && e.weapons.includes('airstrike') && e.admin1 === 'Babil'));
  assert.ok(!events.some((e) => e.event_date === '2021-03-03'), 'a caption date made an event');
});

test('every evidence span lies inside the text', () => {
  const text = readFileSync(new URL('../samples/erbil-airbase-drone.txt', import.meta.url), 'utf8');
  const { events, doc } = extractText(text, { published: '2023-12-26' });
  for (const e of events) for (const ev of e.evidence) {
    assert.ok(ev.start >= 0 && ev.end <= doc.text.length && ev.start <= ev.end, JSON.stringify(ev));
    if (ev.quote !== undefined) assert.equal(doc.text.slice(ev.start, ev.end), ev.quote);
  }
});
