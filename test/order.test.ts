import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NewDocument } from '../src/core/document.js';
import { ingestDocument } from '../src/ingest-service.js';
import { readInputs } from '../src/stages/ingest/read-inputs.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { context, SHARED } from './helpers.js';

async function collect(inputs: string[]): Promise<NewDocument[]> {
  const docs: NewDocument[] = [];
  for await (const item of readInputs(inputs, {})) if (item.ok) docs.push(item.doc);
  return docs;
}

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

async function incidentsAfter(docs: NewDocument[]) {
  const store = openSqliteStore(':memory:');
  let clock = 0;
  for (const d of docs) await ingestDocument(store, context(), d, () => new Date(Date.UTC(2026, 0, 1, 0, 0, clock++)));
  const list = await store.listIncidents();
  await store.close();
  // What the order may change is only when things happened, never what the incidents are.
  return list.map(({ created_at, updated_at, ...rest }) => JSON.stringify(rest)).sort();
}

test('ingesting the same reports in three orders gives identical incidents', async () => {
  const inputs = [new URL('../samples', import.meta.url).pathname];
  const multisource = join(SHARED, 'eval', 'multisource-dev.jsonl');
  if (existsSync(multisource)) inputs.push(multisource);
  const docs = await collect(inputs);
  assert.ok(docs.length >= 5);
  const results = [];
  for (const seed of [1, 7, 42]) results.push(await incidentsAfter(shuffled(docs, seed)));
  assert.ok(results[0].length > 0);
  assert.deepEqual(results[1], results[0]);
  assert.deepEqual(results[2], results[0]);
});

test('a report that joins an incident records the change, and its earlier id still resolves', async () => {
  const store = openSqliteStore(':memory:');
  const base = { source: 'test', published: '2024-02-04', outlet: 'Sample Desk' };
  const a = await ingestDocument(store, context(), { ...base, id: 'z-later', text: 'Two rockets were fired on Saturday at a coalition base at Tal Baydar in Hasakah province. There were no casualties.' });
  const first = (await store.listIncidents())[0];
  assert.equal(a.incidents.created, 1);
  await ingestDocument(store, context(), { ...base, id: 'a-earlier', outlet: 'Other Desk', text: 'Three rockets struck near the Tal Baydar base in Hasakah province on Saturday, a local monitor said.' });
  const list = await store.listIncidents();
  assert.equal(list.length, 1, 'the two reports are one incident');
  const inc = list[0];
  assert.deepEqual([...inc.doc_ids].sort(), ['a-earlier', 'z-later']);
  assert.ok(inc.disputes.some((d) => d.field === 'launched'), 'two versus three rockets is a dispute');
  assert.equal(await store.resolveIncidentId(first.incident_id), inc.incident_id);
  const history = await store.incidentHistory(inc.incident_id);
  assert.ok(history.length >= 1);
  await store.close();
});
