import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as chrono from 'chrono-node';
import fc from 'fast-check';
import { resolveParsed } from './dates.js';

function resolve(phrase: string, published: string) {
  const [r] = chrono.parse(phrase, { instant: new Date(`${published}T12:00:00Z`), timezone: 0 });
  return r ? resolveParsed(r, published) : null;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

test('a weekday alone is the last such day on or before publication, never after', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 3650 }), fc.integer({ min: 0, max: 6 }), (offset, wd) => {
    const published = new Date(Date.UTC(2015, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
    const r = resolve(`on ${WEEKDAYS[wd]}`, published)!;
    const days = (Date.parse(published) - Date.parse(r.iso)) / 86_400_000;
    assert.ok(days >= 0 && days <= 6, `${WEEKDAYS[wd]} from ${published} gave ${r.iso}`);
    assert.equal(new Date(`${r.iso}T00:00:00Z`).getUTCDay(), wd);
    assert.equal(r.precision, 'day');
    assert.equal(r.relative, true);
  }), { numRuns: 300 });
});

test('the seed report: Thursday and Friday before a Friday publication', () => {
  assert.equal(resolve('Rocket attacks on Thursday', '2023-10-20')!.iso, '2023-10-19');
  assert.equal(resolve('early on Friday morning', '2023-10-20')!.iso, '2023-10-20');
  assert.equal(resolve('On Sunday', '2023-10-20')!.iso, '2023-10-15');
});

test('precision follows what the text says', () => {
  assert.deepEqual([resolve('in January 2020', '2023-10-20')!.iso, resolve('in January 2020', '2023-10-20')!.precision], ['2020-01-01', 'month']);
  assert.equal(resolve('last week', '2023-10-20')!.precision, 'week');
  assert.equal(resolve('last week', '2023-10-20')!.iso, '2023-10-09');
  assert.equal(resolve('03/30/2012', '2012-03-30')!.iso, '2012-03-30');
  assert.equal(resolve('yesterday', '2023-10-20')!.iso, '2023-10-19');
});

test('a day and month with no year never lands after publication', () => {
  assert.equal(resolve('On Dec 30th', '2024-01-02')!.iso, '2023-12-30');
});

test('a period is no date', () => {
  assert.equal(resolve('over the last two days', '2023-10-20'), null);
});

test('an impossible date is no date', () => {
  assert.equal(resolve('on 29 February 2023', '2023-03-10'), null);
});
