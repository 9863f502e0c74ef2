import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchNgrams, words, type NgramOptions } from './words.js';

const NAMES = new Map([
  ['deir zor', 'Deir ez-Zor'],
  ['deir zor military airport', 'Deir ez-Zor airport'],
  ['abu kamal', 'Abu Kamal'],
  ['kamal', 'Kamal'],
]);
const PREFIXES = new Set(['deir', 'deir zor', 'deir zor military', 'abu']);
const key = (w: { text: string }) => (/^(?:al|ez)$/i.test(w.text) ? '' : w.text.toLowerCase());

function run(text: string, pruned: boolean) {
  const asked: string[] = [];
  const opts: NgramOptions<string> = {
    wordKey: key,
    lookup: (k) => { asked.push(k); const v = NAMES.get(k); return v ? [v] : []; },
    ...(pruned ? { extendsName: (k: string) => PREFIXES.has(k) } : {}),
  };
  const found = matchNgrams(text, words(text), 8, opts).map((m) => [m.surface, m.hits[0]]);
  return { found, asked };
}

test('windows grow only while some name goes on, and find what the full search finds', () => {
  const text = 'Rockets hit the Deir ez Zor military airport and later Abu Kamal, near the Deir al Zor road, then Kamal again.';
  const full = run(text, false);
  const pruned = run(text, true);
  assert.deepEqual(pruned.found, full.found);
  assert.deepEqual(full.found, [['Deir ez Zor military airport', 'Deir ez-Zor airport'], ['Abu Kamal', 'Abu Kamal'], ['Deir al Zor', 'Deir ez-Zor'], ['Kamal', 'Kamal']]);
  assert.ok(pruned.asked.length * 2 < full.asked.length, `${pruned.asked.length} lookups vs ${full.asked.length}`);
});

test('a name never runs across a comma or a full stop', () => {
  assert.deepEqual(run('They reached Abu. Kamal fell.', true).found, [['Kamal', 'Kamal']]);
});
