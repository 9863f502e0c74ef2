import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createNlp } from './nlp.js';

const text = 'Rockets hit the base on Monday. Two were intercepted, officials said. The U.S. Army said nobody was hurt.';

test('sentences carry offsets into the text', () => {
  const sentences = createNlp().analyse(text);
  assert.deepEqual(sentences.map((s) => text.slice(s.start, s.end)), ['Rockets hit the base on Monday.', 'Two were intercepted, officials said.', 'The U.S. Army said nobody was hurt.']);
});

test('a fresh wink-nlp instance (which bounds its growing vocabulary) reads texts exactly as the first did', () => {
  const reference = createNlp().analyse(text);
  const renewing = createNlp({ textsPerInstance: 2 });
  for (let i = 0; i < 7; i++) assert.deepEqual(renewing.analyse(text), reference, `text ${i + 1}`);
});
