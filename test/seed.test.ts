import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractText, hasShared, sharedFile } from './helpers.js';

// The seed report lives in ../shared, which a user's machine does not have: the test skips there.
const skip = hasShared ? false : 'no ../shared corpus on this machine';

test('the seed report yields its incidents with the right date, place and weapon', { skip }, () => {
  const expected = JSON.parse(sharedFile('corpus', 'seed', 'expected.json'));
  const meta = JSON.parse(sharedFile('corpus', 'seed', 'meta.json'));
  const { events } = extractText(sharedFile('corpus', 'seed', meta.file), { id: 'seed', published: meta.published });
  const km = (a: number, b: number, c: number, d: number) => Math.hypot(a - c, (b - d) * Math.cos((a * Math.PI) / 180)) * 111;
  let found = 0;
  for (const inc of expected.incidents) {
    const hit = events.find((e) => e.event_date === inc.event_date && e.weapons.some((w) => inc.weapons.includes(w))
      && (inc.place.lat !== undefined && e.latitude !== null ? km(e.latitude, e.longitude!, inc.place.lat, inc.place.lon) <= inc.place.within_km : e.country === inc.place.country));
    if (hit) found++;
  }
  assert.ok(found >= 5, `found ${found} of ${expected.incidents.length}`);
});

test('the Baghdad airport rockets keep the two-versus-three dispute with both speakers', { skip }, () => {
  const { events } = extractText(sharedFile('corpus', 'seed', 'article.txt'), { published: '2023-10-20' });
  const baghdad = events.find((e) => e.admin1 === 'Baghdad' && e.weapons.includes('rocket'));
  assert.ok(baghdad, 'no Baghdad rocket incident');
  const dispute = baghdad!.disputes.find((d) => d.field === 'launched');
  assert.ok(dispute, 'launched count not disputed');
  const values = Object.fromEntries(dispute!.values.map((v) => [v.value, `${v.speaker} ${v.outlet}`]));
  assert.match(values[2], /American official.*Reuters/);
  assert.match(values[3], /PressTV/);
  assert.equal(baghdad!.launched, 2, 'best is the conservative figure');
});

test('no incident is dated from a caption and the contractor is no attack fatality', { skip }, () => {
  const { events, doc } = extractText(sharedFile('corpus', 'seed', 'article.txt'), { published: '2023-10-20' });
  assert.ok(!events.some((e) => e.event_date?.startsWith('2021-02') || e.event_date === '2020-01-13'));
  assert.ok(!events.some((e) => (e.event_date ?? '').startsWith('2023-10') && (e.fatalities ?? 0) > 0));
  assert.ok(doc.diagnostics.some((d) => d.code === 'loaded-wording' && doc.text.slice(d.span!.start, d.span!.end) === 'cowardly'));
});
