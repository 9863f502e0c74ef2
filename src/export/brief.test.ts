import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IncidentRecord, SourcedAssertion } from '../stages/incidents/incident-record.js';
import { makeIncident } from '../store/repository-contract.js';
import { BRIEF_STYLE_HASH, briefHtml, briefMarkdown, buildBrief, countryName, htmlEscape, mdEscape } from './brief.js';
import { createHash } from 'node:crypto';

const say = (value: number, speaker: string, outlet: string, docId: string): SourcedAssertion => ({
  value, min: value, max: value, speaker, speaker_class: 'official', outlet, stance: 'asserted', start: 0, end: 5, quote: 'q', rule: 'r', doc_id: docId, report_outlet: outlet, published: '2024-01-02',
});

const rockets: IncidentRecord = makeIncident({
  incident_id: 'inc-r',
  event_date: '2024-01-01',
  country: 'IQ',
  admin1: 'Erbil',
  location: 'Erbil Air Base',
  weapons: ['rocket'],
  launched: 2,
  claimed_by: ['Kataib Hezbollah'],
  claims: [{ claimant: 'Kataib Hezbollah', claimant_id: null, known_actor: true, channel: 'Telegram', speaker: 'the group', outlet: 'Wire', quote: 'q', start: 0, end: 1 }],
  reports: [{ doc_id: 'd1', event_id: 'd1:1', outlet: 'Wire', published: '2024-01-02' }, { doc_id: 'd2', event_id: 'd2:1', outlet: 'PressTV', published: '2024-01-02' }],
  fields: {
    launched: { best: 2, low: 2, high: 3, disputed: true, confirmation: 'confirmed', revisions: [], assertions: [say(2, 'a U.S. official', 'Wire', 'd1'), say(3, 'PressTV', 'PressTV', 'd2')] },
    killed: { best: 0, low: 0, high: 0, disputed: false, confirmation: 'confirmed', revisions: [], assertions: [say(0, 'a U.S. official', 'Wire', 'd1')] },
  },
  disputes: [{ field: 'event_date', values: [{ value: '2024-01-01', speaker: 'Wire', outlet: 'Wire', start: 0, end: 0 }, { value: '2023-12-31', speaker: 'PressTV', outlet: 'PressTV', start: 0, end: 0 }] }],
});

test('each figure with its source; disagreements stated as disagreements', () => {
  const m = buildBrief([rockets], { since: '2024-01-01', until: '2024-01-31', countries: ['IQ'], generatedAt: '2024-02-01T00:00:00.000Z' });
  const it = m.items[0];
  assert.equal(it.sentence, 'On 1 January 2024, Unidentified attackers used rockets at or near Erbil Air Base (Erbil, Iraq).'.replace('Unidentified', 'unidentified'));
  assert.equal(it.heading, '1 January 2024: Erbil Air Base, Iraq');
  const launched = it.figures.find((f) => f.field === 'launched')!;
  assert.deepEqual(launched.values, [{ value: '2', sources: ['a U.S. official (Wire)'] }, { value: '3', sources: ['PressTV'] }]);
  assert.equal(launched.disputed, true);
  assert.deepEqual(it.disputes, ['Date disputed: 1 January 2024 per Wire; 31 December 2023 per PressTV.']);
  assert.deepEqual(it.claims, [{ claimant: 'Kataib Hezbollah', reported_by: 'the group via Wire' }]);
  assert.deepEqual(m.by_weapon, [{ key: 'rocket', count: 1 }]);
  assert.deepEqual(m.by_outcome, [{ key: 'launched', count: 1 }]);
  assert.equal(m.title, 'Briefing: 1 January 2024 to 31 January 2024 (Iraq)');
  const md = briefMarkdown(m);
  assert.match(md, /- Launched: 2 per a U\.S\. official \(Wire\); 3 per PressTV \(disputed; sitrep's best figure 2\)/);
  assert.match(md, /- Killed: 0 per a U\.S\. official \(Wire\)\n/);
  assert.match(md, /Responsibility claimed by Kataib Hezbollah \(reported by the group via Wire\)/);
});

test('places that are countries read "in", undated incidents come last, an empty period says so', () => {
  const inSyria = makeIncident({ incident_id: 'inc-s', event_date: '2024-01-05', date_precision: 'week', country: 'SY', location: 'Syria', weapons: ['airstrike'] });
  const undated = makeIncident({ incident_id: 'inc-u', event_date: null, weapons: [] });
  const m = buildBrief([undated, inSyria, rockets]);
  assert.deepEqual(m.items.map((i) => i.incident_id), ['inc-r', 'inc-s', 'inc-u']);
  assert.equal(m.items[1].sentence, 'In the week of 5 January 2024, unidentified attackers carried out an airstrike in Syria.');
  assert.equal(m.items[1].heading, 'Week of 5 January 2024: Syria');
  assert.match(m.items[2].sentence, /^On an unknown date, unidentified attackers carried out an air or drone strike at an unknown place\.$/);
  assert.equal(countryName('SY'), 'Syria');
  assert.match(briefMarkdown(buildBrief([])), /No incidents in this period\./);
});

test('everything from a source is escaped for the format it lands in', () => {
  const hostile = makeIncident({
    incident_id: 'inc-h',
    event_date: '2024-01-01',
    location: '<img src=x onerror=alert(1)>',
    actor1: '*[click](javascript:alert(1))*',
    reports: [{ doc_id: 'd', event_id: 'd:1', outlet: '<script>alert(2)</script>', published: null }],
    claims: [{ claimant: '<b>Group</b>', claimant_id: null, known_actor: false, channel: null, speaker: 's', outlet: '"><svg onload=alert(3)>', quote: 'q', start: 0, end: 1 }],
    claimed_by: ['<b>Group</b>'],
  });
  const m = buildBrief([hostile]);
  const html = briefHtml(m);
  assert.ok(!/<img|<script|<svg|<b>/i.test(html.replace(/<style>[\s\S]*?<\/style>/, '')), html);
  assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  assert.match(html, /&lt;script&gt;alert\(2\)&lt;\/script&gt;/);
  const css = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
  assert.equal(`sha256-${createHash('sha256').update(css).digest('base64')}`, BRIEF_STYLE_HASH, 'the CSP hash names the page\'s style');
  const md = briefMarkdown(m);
  // Every markup character from a source is backslash-escaped: none is left bare.
  assert.ok(!/(^|[^\\])[<[*]/m.test(md.replace(/^(#+|-|\|.*\|$)/gm, '')), md);
  assert.match(md, /\\<img src=x onerror=alert\(1\)\\>/);
  assert.equal(mdEscape('a|b_c\nd'), 'a\\|b\\_c d');
  assert.equal(htmlEscape(`<a href="x">'&`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
});
