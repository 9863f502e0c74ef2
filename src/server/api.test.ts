/** The read API over a real server on a loopback port: filters, paging, dossiers, documents, aggregates, exports. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ACLED_COLUMNS } from '../export/acled-csv.js';
import { startTestServer, type TestServer } from './test-support.js';

let srv: TestServer;
before(async () => {
  srv = await startTestServer();
});
after(async () => {
  await srv.close();
});

async function get(path: string): Promise<{ status: number; headers: Headers; body: any; text: string }> {
  const res = await fetch(`${srv.base}${path}`);
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, headers: res.headers, body, text };
}

const ids = async (query: string) => {
  const r = await get(`/api/incidents?${query}`);
  assert.equal(r.status, 200, r.text);
  return (r.body.items as { incident_id: string }[]).map((i) => i.incident_id);
};

describe('GET /api/incidents', () => {
  test('lists every incident by date, undated last, with a total', async () => {
    const r = await get('/api/incidents');
    assert.equal(r.status, 200);
    assert.equal(r.body.total, 5);
    assert.deepEqual(r.body.items.map((i: any) => i.incident_id), ['inc-erbil', 'inc-asad', 'inc-hasakah', 'inc-tower', 'inc-undated']);
    const erbil = r.body.items[0];
    assert.equal(erbil.outcome, 'launched');
    assert.deepEqual(erbil.disputed_fields, ['launched']);
    assert.equal(erbil.reports, 2);
    assert.deepEqual(erbil.outlets, ['Test Wire', 'State TV']);
  });

  test('every filter narrows the list', async () => {
    assert.deepEqual(await ids('since=2024-01-05&until=2024-01-20'), ['inc-asad', 'inc-hasakah']);
    assert.deepEqual(await ids('country=sy'), ['inc-hasakah']);
    assert.deepEqual(await ids('admin1=AL%20ANBAR'), ['inc-asad']);
    assert.deepEqual(await ids('actor=Kataib%20Hezbollah'), ['inc-erbil'], 'a claimant');
    assert.deepEqual(await ids('actor=islamic%20resistance%20in%20iraq'), ['inc-hasakah'], 'actor1');
    assert.deepEqual(await ids('weapon=drone'), ['inc-asad', 'inc-tower']);
    assert.deepEqual(await ids('outcome=intercepted'), ['inc-asad']);
    assert.deepEqual(await ids('outcome=impacted'), ['inc-hasakah', 'inc-tower']);
    assert.deepEqual(await ids('disputed=true'), ['inc-erbil']);
    assert.deepEqual(await ids('bbox=38,33,43,37'), ['inc-asad', 'inc-hasakah', 'inc-tower']);
    assert.deepEqual(await ids('q=rockets'), ['inc-erbil'], 'full text over the reports');
    assert.deepEqual(await ids('q=shot%20down'), ['inc-asad']);
    assert.deepEqual(await ids('q=submarine'), []);
    assert.deepEqual(await ids('country=IQ&weapon=rocket&q=Erbil'), ['inc-erbil']);
    assert.equal((await get('/api/incidents?country=IQ')).body.total, 3);
  });

  test('sorts by date either way and by fatalities', async () => {
    assert.deepEqual(await ids('sort=-date'), ['inc-tower', 'inc-hasakah', 'inc-asad', 'inc-erbil', 'inc-undated']);
    assert.deepEqual(await ids('sort=fatalities'), ['inc-tower', 'inc-hasakah', 'inc-erbil', 'inc-asad', 'inc-undated']);
  });

  test('cursor paging walks every incident once, in order, for every sort', async () => {
    for (const sort of ['date', '-date', 'fatalities']) {
      const all = await ids(`sort=${sort}`);
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let guard = 0; guard < 10; guard++) {
        const r = await get(`/api/incidents?sort=${sort}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        assert.equal(r.status, 200, r.text);
        seen.push(...r.body.items.map((i: any) => i.incident_id));
        assert.equal(r.body.total, 5);
        cursor = r.body.next_cursor;
        if (!cursor) break;
      }
      assert.deepEqual(seen, all, sort);
    }
  });

  test('bad paging is a 400 with a stable code', async () => {
    const bad = await get('/api/incidents?cursor=not-a-cursor');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'INVALID_CURSOR');
    const first = await get('/api/incidents?sort=date&limit=1');
    const other = await get(`/api/incidents?sort=fatalities&cursor=${encodeURIComponent(first.body.next_cursor)}`);
    assert.equal(other.status, 400);
    assert.equal(other.body.error.code, 'INVALID_CURSOR');
    for (const q of ['limit=0', 'limit=501', 'limit=abc', 'sort=id', 'outcome=exploded', 'since=2024-02-30', 'until=yesterday', 'bbox=1,2,3', 'bbox=10,0,5,1', 'disputed=maybe']) {
      const r = await get(`/api/incidents?${q}`);
      assert.equal(r.status, 400, q);
      assert.equal(r.body.error.code, 'VALIDATION_FAILED', q);
      assert.ok(Array.isArray(r.body.error.issues) && r.body.error.issues.length > 0, q);
    }
  });
});

describe('GET /api/incidents/:id', () => {
  test('the dossier: per-field claims with sources and quotes, reports, history', async () => {
    const r = await get('/api/incidents/inc-erbil');
    assert.equal(r.status, 200);
    assert.equal(r.body.incident.incident_id, 'inc-erbil');
    const launched = r.body.incident.fields.launched;
    assert.equal(launched.disputed, true);
    assert.deepEqual(launched.assertions.map((a: any) => [a.value, a.speaker, a.doc_id]), [[2, 'a U.S. official', 'wire-1'], [3, 'State TV', 'state-1']]);
    assert.deepEqual(r.body.documents.map((d: any) => d.id), ['wire-1', 'state-1']);
    assert.equal(r.body.incident.evidence[0].text, WIRE_SLICE);
    assert.equal(r.body.history[0].change.kind, 'created');
  });

  test('an absorbed id follows its alias; an unknown one is a 404 with a code', async () => {
    const r = await get('/api/incidents/inc-absorbed');
    assert.equal(r.status, 200);
    assert.equal(r.body.requested_id, 'inc-absorbed');
    assert.equal(r.body.incident.incident_id, 'inc-erbil');
    const byEvent = await get('/api/incidents/local-2%3A1');
    assert.equal(byEvent.body.incident.incident_id, 'inc-asad');
    const missing = await get('/api/incidents/inc-nope');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'NOT_FOUND');
  });
});

const WIRE_SLICE = 'Erbil air base';

describe('GET /api/documents/:id', () => {
  test('the text with its spans, each tied to its event and incident', async () => {
    const r = await get('/api/documents/state-1');
    assert.equal(r.status, 200);
    assert.match(r.body.text, /^Three rockets/);
    const loaded = r.body.spans.find((s: any) => s.kind === 'loaded-wording');
    assert.deepEqual([loaded.start, loaded.end, loaded.label, loaded.incident_id], [22, 37, 'occupation base', 'inc-erbil']);
    assert.equal(r.body.text.slice(loaded.start, loaded.end), 'occupation base');
    assert.ok(r.body.spans.some((s: any) => s.kind === 'evidence' && s.label === 'launched' && s.start === 0 && s.end === 13));
    assert.deepEqual(r.body.events.map((e: any) => [e.event_id, e.incident_id]), [['state-1:1', 'inc-erbil']]);
    const claim = (await get('/api/documents/wire-1')).body.spans.find((s: any) => s.kind === 'claim');
    assert.equal(claim.label, 'Kataib Hezbollah');
    const missing = await get('/api/documents/nope');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'NOT_FOUND');
  });
});

describe('GET /api/aggregates', () => {
  test('counts per day or ISO week, by weapon, country or actor, under the filters', async () => {
    const day = await get('/api/aggregates?interval=day&by=weapon');
    assert.equal(day.status, 200);
    assert.equal(day.body.multi_valued, true);
    assert.deepEqual(day.body.buckets, [
      { period: '2024-01-01', key: 'rocket', count: 1 },
      { period: '2024-01-05', key: 'drone', count: 1 },
      { period: '2024-01-20', key: 'one_way_attack_drone', count: 1 },
      { period: '2024-01-28', key: 'drone', count: 1 },
    ]);
    const week = await get('/api/aggregates?interval=week&by=country&country=IQ');
    assert.deepEqual(week.body.buckets, [{ period: '2024-01-01', key: 'IQ', count: 2 }]);
    assert.equal(week.body.multi_valued, false);
    const actors = await get('/api/aggregates?interval=week&by=actor&since=2024-01-15');
    assert.deepEqual(actors.body.buckets, [{ period: '2024-01-15', key: 'Islamic Resistance in Iraq', count: 1 }, { period: '2024-01-22', key: null, count: 1 }]);
    const bad = await get('/api/aggregates?interval=month');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'VALIDATION_FAILED');
  });
});

describe('exports', () => {
  test('CSV with ACLED columns, JSON and GeoJSON, of any filtered view', async () => {
    const csv = await get('/api/export.csv?country=IQ');
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(csv.headers.get('content-disposition') ?? '', /attachment; filename="sitrep-incidents\.csv"/);
    const lines = csv.text.trim().split('\n');
    assert.equal(lines[0], ACLED_COLUMNS.join(','));
    assert.equal(lines.length, 1 + 3);
    assert.ok(lines[1].startsWith('inc-erbil,2024-01-01,2024,'));
    const json = await get('/api/export.json?weapon=drone');
    assert.deepEqual(json.body.map((i: any) => i.incident_id), ['inc-asad', 'inc-tower']);
    const geo = await get('/api/export.geojson');
    assert.equal(geo.body.type, 'FeatureCollection');
    assert.equal(geo.body.features.length, 4);
    assert.equal(geo.body.unlocated, 1);
    assert.deepEqual(geo.body.features[0].geometry, { type: 'Point', coordinates: [43.96, 36.24] });
    const none = await get('/api/export.csv?country=ZZ');
    assert.equal(none.text, `${ACLED_COLUMNS.join(',')}\n`);
  });

  test('the briefing as JSON, Markdown and a printable HTML page', async () => {
    const json = await get('/api/brief?since=2024-01-01&until=2024-01-10&country=IQ');
    assert.equal(json.status, 200);
    assert.equal(json.body.total, 2);
    const erbil = json.body.items[0];
    assert.equal(erbil.incident_id, 'inc-erbil');
    assert.ok(erbil.figures.some((f: any) => f.field === 'launched' && f.disputed && f.values.some((v: any) => v.value === '2' && v.sources.includes('a U.S. official (Test Wire)')) && f.values.some((v: any) => v.value === '3' && v.sources.includes('State TV'))));
    assert.deepEqual(erbil.claims, [{ claimant: 'Kataib Hezbollah', reported_by: 'Test Wire' }]);
    const md = await get('/api/brief?format=md&country=IQ,SY');
    assert.match(md.headers.get('content-type') ?? '', /^text\/markdown/);
    assert.match(md.text, /Launched: 2 per a U\.S\. official \(Test Wire\); 3 per State TV \(disputed/);
    const html = await get('/api/brief?format=html');
    assert.match(html.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(html.headers.get('content-security-policy') ?? '', /default-src 'none'; style-src 'sha256-/);
    assert.match(html.text, /<h2>Incidents<\/h2>/);
    assert.equal((await get('/api/brief?country=Iraq')).status, 400);
    assert.equal((await get('/api/brief?since=2024-02-01&until=2024-01-01')).status, 400);
  });
});

describe('the rest of the surface', () => {
  test('registries, health, OpenAPI and its docs page', async () => {
    const actors = await get('/api/actors');
    assert.ok(actors.body.some((a: any) => a.name === 'Islamic State'));
    const outlets = await get('/api/outlets');
    assert.ok(outlets.body.some((o: any) => o.name === 'Reuters'));
    assert.deepEqual((await get('/api/health')).body, { ok: true, incidents: 5, documents: 3 });
    const spec = await get('/openapi.json');
    assert.match(spec.body.openapi, /^3\./);
    for (const p of ['/api/incidents', '/api/incidents/{id}', '/api/documents/{id}', '/api/documents', '/api/aggregates', '/api/export.csv', '/api/brief', '/api/actors', '/api/outlets']) assert.ok(spec.body.paths[p], p);
    assert.ok(spec.body.paths['/api/incidents'].get.parameters.some((p: any) => p.name === 'bbox'));
    const docs = await get('/docs');
    assert.equal(docs.status, 200);
    assert.match(docs.text, /swagger/i);
    const unknown = await get('/api/nothing-here');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'NOT_FOUND');
  });
});
