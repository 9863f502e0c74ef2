import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyZones } from './zones.js';

test('captions, photo credits, file photos and comment footers are told apart from the story', () => {
  const text = [
    'Militias launch drone attack on air base',
    'A man walks past a damaged building on March 3, 2019 after a rocket attack',
    'JOHN DOE/AFP via Getty , file',
    'A drone struck the base on Tuesday, officials said.',
    'File/A picture taken on May 2, 2018 shows soldiers at a base. (JANE DOE/AFP via Getty Images)',
    "Please let us know if you're having issues with commenting.",
  ].join('\n\n');
  const kinds = classifyZones(text, null).map((z) => z.kind);
  assert.deepEqual(kinds, ['title', 'caption', 'credit', 'body', 'caption', 'footer']);
});

test('every zone is a span of non-blank text', () => {
  const text = '  Headline here\n\nBody sentence one. Body two.\n\n\n  Another paragraph.  ';
  for (const z of classifyZones(text, null)) {
    const s = text.slice(z.span.start, z.span.end);
    assert.equal(s, s.trim());
    assert.ok(s.length > 0);
  }
});
