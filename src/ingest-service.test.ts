import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ingestDocument } from './ingest-service.js';
import { createContext } from './pipeline.js';
import { openSqliteStore } from './store/sqlite-store.js';

const report = 'Two rockets struck near the airport in Erbil on Monday, a security official said. No one was hurt.';

test('re-ingesting stored content answers from the store without extracting again', async () => {
  const ctx = createContext();
  const store = openSqliteStore(':memory:');
  try {
    const first = await ingestDocument(store, ctx, { id: 'r1', text: report, published: '2024-02-14', source: 'test' });
    assert.equal(first.status, 'inserted');
    // A context whose sentence splitter fails: any extraction would throw.
    const broken = { ...ctx, nlp: { analyse: () => { throw new Error('extraction ran'); } } };
    const again = await ingestDocument(store, broken, { id: 'another-id', text: report, published: '2024-02-14', source: 'test' });
    assert.deepEqual(again, { status: 'unchanged', docId: 'r1', events: 0, incidents: { created: 0, updated: 0, merged: 0 } });
    assert.equal(await store.countDocuments(), 1);
  } finally {
    await store.close();
  }
});
