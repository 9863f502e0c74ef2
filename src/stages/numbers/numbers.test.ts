import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findNumbers } from './numbers.js';

const cases: [string, number, number | null, number | null][] = [
  ['At least two rockets', 2, null, null],
  ['a third drone', 1, 1, 3],
  ['a few soldiers', 2, 4, null],
  ['dozens of people', 24, null, null],
  ['killing 6 civilians', 6, 6, null],
  ['twenty-five dead', 25, 25, null],
  ['more than 30 people', 31, null, null],
  ['two to three rockets', 2, 3, null],
  ['1,200 homes', 1200, 1200, null],
];

for (const [phrase, min, max, ordinal] of cases) {
  test(`"${phrase}" is ${min}..${max ?? 'open'}`, () => {
    const [n] = findNumbers(phrase);
    assert.ok(n, `nothing found in "${phrase}"`);
    assert.equal(n.min, min);
    assert.equal(n.max, max);
    assert.equal(n.ordinal, ordinal);
  });
}

test('years and clock times are no counts', () => {
  assert.deepEqual(findNumbers('founded in 2013 at 10:30'), []);
});

test('every number found is a span of the text it came from', () => {
  fc.assert(fc.property(fc.array(fc.constantFrom('two', '12', 'at least', 'a few', 'rockets', 'the', 'third', ' ', ',', 'dozens of', '3:30', '2019'), { maxLength: 30 }), (parts) => {
    const text = parts.join(' ');
    for (const n of findNumbers(text)) {
      assert.ok(n.start >= 0 && n.end <= text.length && n.start < n.end);
      assert.ok(n.max === null || n.max >= n.min);
    }
  }));
});

test('digit runs too long to be counts are no counts', () => {
  assert.deepEqual(findNumbers('99999999999999999999 rockets'), []);
  assert.equal(findNumbers('12 rockets')[0].min, 12);
});
