import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const sitrep = (args: string[], input?: string) => spawnSync(process.execPath, [join(root, 'bin/sitrep.js'), ...args], { encoding: 'utf8', cwd: root, input });
const dir = mkdtempSync(join(tmpdir(), 'sitrep-cli-'));
const db = join(dir, 'test.db');

test('ingest stores the samples once; a second ingest changes nothing', () => {
  const first = sitrep(['ingest', 'samples', '--db', db]);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stderr, /6 new document\(s\), 0 unchanged/);
  const before = sitrep(['incidents', '--db', db, '--json']).stdout;
  const second = sitrep(['ingest', 'samples', '--db', db]);
  assert.match(second.stderr, /0 new document\(s\), 6 unchanged, 0 event\(s\)/);
  assert.equal(sitrep(['incidents', '--db', db, '--json']).stdout, before);
});

test('bad inputs get one line each, the good ones still go in, and the exit code says so', () => {
  const bad = join(dir, 'batch.jsonl');
  writeFileSync(bad, '{"id":"ok-1","published":"2024-01-01","text":"Two rockets struck Erbil air base on Monday, officials said."}\n{not json\n{"id":"no-text"}\n');
  writeFileSync(join(dir, 'empty.txt'), '');
  writeFileSync(join(dir, 'binary.txt'), Buffer.from([0, 1, 2, 3, 0, 255, 254, 0, 7, 8]));
  const r = sitrep(['ingest', bad, join(dir, 'missing.txt'), join(dir, 'empty.txt'), join(dir, 'binary.txt'), '--db', db]);
  assert.equal(r.status, 2);
  const lines = r.stderr.trim().split('\n');
  assert.ok(lines.some((l) => l.includes('batch.jsonl:2') && l.includes('INPUT_MALFORMED')), r.stderr);
  assert.ok(lines.some((l) => l.includes('batch.jsonl:3')), r.stderr);
  assert.ok(lines.some((l) => l.includes('missing.txt') && l.includes('INPUT_NOT_FOUND')));
  assert.ok(lines.some((l) => l.includes('empty.txt') && l.includes('INPUT_EMPTY')));
  assert.ok(lines.some((l) => l.includes('binary.txt') && l.includes('INPUT_BINARY')));
  assert.match(r.stderr, /1 new document\(s\)/);
  assert.ok(sitrep(['show', 'ok-1:1', '--db', db]).stdout.includes('Erbil'));
});

test('extract prints one JSON object per event and stores nothing', () => {
  const r = sitrep(['extract', '-', '--published', '2024-02-04'], 'Two rockets were fired on Saturday at a base at Tal Baydar in Hasakah province. There were no casualties.');
  assert.equal(r.status, 0, r.stderr);
  const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(events.length, 1);
  for (const key of ['doc_id', 'event_id', 'event_date', 'date_precision', 'event_type', 'sub_event_type', 'weapons', 'launched', 'intercepted', 'impacted', 'fatalities', 'injured', 'actor1', 'claimed_by', 'target', 'country', 'admin1', 'location', 'latitude', 'longitude', 'geo_precision', 'sources', 'disputes', 'evidence', 'notes']) {
    assert.ok(key in events[0], `missing ${key}`);
  }
  assert.equal(events[0].event_date, '2024-02-03');
});

test('a malformed --published is refused with one line', () => {
  const r = sitrep(['extract', '-', '--published', '20-02-2024'], 'text');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /--published must be a date/);
});

test('export writes ACLED columns, JSON Lines and GeoJSON', () => {
  const csv = sitrep(['export', '--format', 'csv', '--db', db]).stdout.split('\n');
  assert.ok(csv[0].startsWith('event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1'));
  assert.ok(csv.length > 3);
  const geo = JSON.parse(sitrep(['export', '--format', 'geojson', '--db', db]).stdout);
  assert.equal(geo.type, 'FeatureCollection');
  assert.ok(geo.features.every((f: any) => f.geometry.type === 'Point'));
  const jsonl = sitrep(['export', '--format', 'jsonl', '--db', db]).stdout.trim().split('\n');
  assert.equal(jsonl.length, csv.filter(Boolean).length - 1);
});

test('show names an unknown id clearly', () => {
  const r = sitrep(['show', 'nope:1', '--db', db]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /no incident with id "nope:1"/);
});
