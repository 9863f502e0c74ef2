import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { SitrepError } from '../core/errors.js';
import { toFts5Query } from './fts5-query.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { makeDocument, makeEvent, repositoryContract } from './repository-contract.js';
import { openSqliteStore } from './sqlite-store.js';

repositoryContract('sqlite :memory:', async () => openSqliteStore(':memory:'));

describe('SQLite store on disk', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sitrep-store-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('a file store ingests and lists', async () => {
    // One round trip on disk; the full contract runs in memory above.
    const store = openSqliteStore(join(dir, 'roundtrip.db'));
    try {
      const doc = makeDocument({ id: 'a', text: 'Shelling hit the rail depot.' });
      await store.ingest(doc, [makeEvent({ doc_id: 'a', event_id: 'a:1', event_date: '2024-01-02' })]);
      assert.equal((await store.listEvents())[0].event_id, 'a:1');
    } finally {
      await store.close();
    }
  });

  test('WAL, migrations recorded once, data kept across reopen', async () => {
    const path = join(dir, 'reopen.db');
    const clock = () => new Date('2024-05-01T12:00:00.000Z');
    const first = openSqliteStore(path, { now: clock });
    assert.equal(await first.schemaVersion(), SQLITE_MIGRATIONS.length);
    await first.putDocument(makeDocument({ id: 'kept', text: 'A drone was shot down over the harbour.' }));
    await first.close();

    const second = openSqliteStore(path, { now: () => new Date('2030-01-01T00:00:00.000Z') });
    try {
      assert.equal(await second.countDocuments(), 1);
      assert.equal((await second.getDocument('kept'))?.ingestedAt, '2024-05-01T12:00:00.000Z');
      assert.deepEqual((await second.searchDocuments('harbour')).map((h) => h.id), ['kept']);
    } finally {
      await second.close();
    }

    const raw = new Database(path, { readonly: true });
    try {
      assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
      const rows = raw.prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version').all();
      assert.deepEqual(rows, SQLITE_MIGRATIONS.map((_, i) => ({ version: i + 1, applied_at: '2024-05-01T12:00:00.000Z' })));
    } finally {
      raw.close();
    }
  });

  test('a store newer than this code is refused', async () => {
    const path = join(dir, 'future.db');
    await openSqliteStore(path).close();
    const raw = new Database(path);
    raw.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (999, 'x')").run();
    raw.close();
    assert.throws(() => openSqliteStore(path), (e: unknown) => e instanceof SitrepError && e.code === 'STORE_FAILURE' && /version 999/.test(e.message));
  });

  test('an unopenable path is STORE_FAILURE naming the path', () => {
    const path = join(dir, 'no-such-dir', 'x.db');
    assert.throws(() => openSqliteStore(path), (e: unknown) => e instanceof SitrepError && e.code === 'STORE_FAILURE' && e.input === path);
  });
});

describe('SQLite full-text search', () => {
  test('stems English words and folds diacritics', async () => {
    const store = openSqliteStore(':memory:');
    try {
      await store.putDocument(makeDocument({ id: 'k', text: 'Drones attacked the power station in Kyïv overnight.' }));
      assert.deepEqual((await store.searchDocuments('drone attack')).map((h) => h.id), ['k']);
      assert.deepEqual((await store.searchDocuments('kyiv')).map((h) => h.id), ['k']);
      assert.deepEqual((await store.searchDocuments('pow*')).map((h) => h.id), ['k']);
    } finally {
      await store.close();
    }
  });

  test('toFts5Query quotes every word and drops what cannot be searched', () => {
    assert.equal(toFts5Query('drone strike'), '"drone" "strike"');
    assert.equal(toFts5Query('say "hi'), '"say" """hi"');
    assert.equal(toFts5Query('NEAR( x'), '"NEAR(" "x"');
    assert.equal(toFts5Query('dro*'), '"dro"*');
    assert.equal(toFts5Query('* - ( )'), null);
    assert.equal(toFts5Query(''), null);
    assert.equal(toFts5Query('a\u0000b'), '"a" "b"');
  });
});
