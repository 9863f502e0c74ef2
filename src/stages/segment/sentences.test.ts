import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { splitSentences } from './sentences.js';

const split = (text: string) => splitSentences(text, 0, text.length).map((s) => text.slice(s.start, s.end));

test('sentences end at a stop that white space follows, whatever case comes next', () => {
  assert.deepEqual(split('Rockets hit the base on Monday. Two were intercepted, officials said. The U.S. Army said nobody was hurt.'), ['Rockets hit the base on Monday.', 'Two were intercepted, officials said.', 'The U.S. Army said nobody was hurt.']);
  assert.deepEqual(split('A drone struck a car in Deir ez Zor. casualties unknown.'), ['A drone struck a car in Deir ez Zor.', 'casualties unknown.']);
  assert.deepEqual(split('"We want freedom!" they shouted. Police fired tear gas?! Nobody knows.'), ['"We want freedom!"', 'they shouted.', 'Police fired tear gas?!', 'Nobody knows.']);
});

test('abbreviations, initials and dotted acronyms end no sentence; a stop inside a word ends nothing', () => {
  assert.deepEqual(split('Gen. Kurilla met Lt. Col. J. Smith on Nov. 3 in the U.S. capital.'), ['Gen. Kurilla met Lt. Col. J. Smith on Nov. 3 in the U.S. capital.']);
  assert.deepEqual(split("LOUISVILLE, Ky. (AP) - Protesters gathered. The U.S.' response was muted."), ['LOUISVILLE, Ky. (AP) - Protesters gathered.', "The U.S.' response was muted."]);
  assert.deepEqual(split('The $1.4-billion deal was reported by IraqiNews.com on Sunday.'), ['The $1.4-billion deal was reported by IraqiNews.com on Sunday.']);
});

test('spans are trimmed, in order, inside the range and cover every non-space character of it', () => {
  fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', 'B', ' ', '.', '!', '?', '"', ')', 'U', '\u00a0', '7') }), (text) => {
    const spans = splitSentences(text, 0, text.length);
    let at = 0;
    for (const s of spans) {
      assert.ok(s.start >= at && s.end > s.start && s.end <= text.length);
      assert.equal(text.slice(at, s.start).trim(), '');
      assert.equal(text.slice(s.start, s.end), text.slice(s.start, s.end).trim());
      at = s.end;
    }
    assert.equal(text.slice(at).trim(), '');
  }));
});
