import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDocument, getLayer, layerKey, withLayer } from './document.js';
import { SitrepError } from './errors.js';
import { checkPipeline } from './pipeline.js';

test('a document gets a content-hash id and frozen text and metadata', () => {
  const doc = createDocument({ text: 'Two rockets hit a base.', source: 'x.txt' });
  assert.match(doc.meta.id, /^doc-[0-9a-f]{16}$/);
  assert.equal(doc.meta.contentHash.length, 64);
  assert.ok(Object.isFrozen(doc) && Object.isFrozen(doc.meta));
  assert.equal(createDocument({ text: 'Two rockets hit a base.', source: 'other' }).meta.id, doc.meta.id);
});

test('layers are added without touching the original document', () => {
  const key = layerKey<number[]>('numbers-test');
  const doc = createDocument({ text: 'abc', source: 's' });
  const next = withLayer(doc, key, [1, 2]);
  assert.deepEqual(getLayer(next, key), [1, 2]);
  assert.throws(() => getLayer(doc, key), (e: unknown) => e instanceof SitrepError && e.code === 'STAGE_MISSING_LAYER');
});

test('a pipeline whose stage needs a layer no earlier stage adds is refused before it runs', () => {
  const a = layerKey<string>('a');
  const b = layerKey<string>('b');
  const first = { name: 'first', needs: [b], adds: [a], run: (d: any) => d };
  const second = { name: 'second', needs: [], adds: [b], run: (d: any) => d };
  assert.throws(() => checkPipeline([first, second]), /needs layer "b"/);
  assert.doesNotThrow(() => checkPipeline([second, first]));
});
