/**
 * The dashboard in a real browser (Debian's chromium, driven by playwright-core): ingest the samples (and the shared
 * development reports when ../shared is there) into a temporary store, serve it, load the dashboard, filter, open a
 * dossier and a report, and save screenshots under test-output/screenshots/. A hostile report (markup and script in
 * its title, outlet, text and URL) must show as plain text in every view, with no script run and no dialog opened.
 * Skips, saying why, when /usr/bin/chromium is missing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { createContext } from '../../src/pipeline.js';
import { buildServer } from '../../src/server/app.js';
import { ensureWebBuild, WEB_DIST, webBuildStale } from '../../src/server/web-build.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Repository } from '../../src/store/repository.js';
import { hasShared, SHARED } from '../helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..');
const SHOTS = join(ROOT, 'test-output', 'screenshots');
const TOKEN = 'browser-test-token';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) to run the dashboard tests`;

// Each payload, if it ever ran, would set window.__pwned or open a dialog.
const HOSTILE_TITLE = '<script>window.__pwned = "title"</script><img src=x onerror="window.__pwned=\'title-img\'">Zorblax report';
const HOSTILE_OUTLET = '<img src=x onerror="alert(\'outlet\')">Evil Outlet';
const HOSTILE_TEXT = [
  'Two rockets struck Erbil air base on Monday, officials told the Zorblax Courier. <img src=x onerror="window.__pwned=\'text\';alert(1)"> Nobody was hurt.',
  '<script>window.__pwned = "script"</script> Details at <a href="javascript:window.__pwned=\'link\'">javascript:window.__pwned=1</a> and <iframe src="javascript:alert(2)"></iframe>.',
].join('\n\n');

function sitrep(args: string[]): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'sitrep.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 2, `sitrep ${args.join(' ')}: ${r.stderr}`);
}

describe('dashboard in chromium', { skip }, () => {
  let dir = '';
  let store: Repository;
  let app: FastifyInstance;
  let base = '';
  let browser: BrowserContext;
  let page: Page;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];

  before(async () => {
    // The bundle under test is the one built from the sources as they are now.
    const why = ensureWebBuild({ quiet: true, force: webBuildStale() });
    assert.equal(why, null, `building the dashboard: ${why}`);
    dir = mkdtempSync(join(tmpdir(), 'sitrep-browser-'));
    mkdirSync(SHOTS, { recursive: true });
    const db = join(dir, 'browser.db');
    sitrep(['ingest', join(ROOT, 'samples'), '--db', db]);
    if (hasShared) {
      sitrep(['ingest', join(SHARED, 'eval', 'multisource-dev.jsonl'), '--db', db]);
      sitrep(['ingest', join(SHARED, 'corpus', 'seed', 'article.txt'), '--published', '2023-10-20', '--db', db]);
    }
    // One hostile report through the CLI (it carries a javascript: URL), one through the API below.
    const batch = join(dir, 'hostile.jsonl');
    writeFileSync(batch, `${JSON.stringify({ id: 'hostile-1', title: HOSTILE_TITLE, outlet: HOSTILE_OUTLET, url: 'javascript:window.__pwned="url"', published: '2024-06-04', text: HOSTILE_TEXT })}\n`);
    sitrep(['ingest', batch, '--db', db]);
    store = openSqliteStore(db);
    app = await buildServer({ store, context: () => createContext(), token: TOKEN, webRoot: WEB_DIST, log: () => {} });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const res = await fetch(`${base}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ id: 'hostile-2', title: '<svg onload="window.__pwned=\'svg\'"></svg>Second Zorblax', outlet: '"><script>alert(3)</script>', published: '2024-07-09', text: 'A drone hit a fuel depot in Kirkuk on Sunday, the Zorblax Courier said. <img src=x onerror=alert(4)>' }),
    });
    assert.equal(res.status, 201, await res.text());

    const { chromium } = await import('playwright-core');
    browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1400, height: 900 },
    });
    // Runs before the page's own scripts, outside its CSP: records any policy violation the page causes.
    await browser.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function noScriptRan(view: string): Promise<void> {
    const state = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
      csp: (window as unknown as { __csp: string[] }).__csp,
      injected: document.querySelectorAll('img[src="x"], iframe, svg[onload], [onerror], [onload], a[href^="javascript:"], script:not([src])').length,
    }));
    assert.equal(state.pwned, null, `${view}: a payload ran`);
    assert.deepEqual(dialogs, [], `${view}: a dialog opened`);
    assert.equal(state.injected, 0, `${view}: markup from a report became elements`);
    assert.deepEqual(state.csp, [], `${view}: the page broke its own Content-Security-Policy`);
    assert.deepEqual(pageErrors, [], `${view}: page errors`);
  }

  test('the overview: map, timeline and list; a filter lives in the URL', async () => {
    await page.goto(`${base}/#/`);
    await page.waitForSelector('table.incidents tbody tr[data-id]');
    await page.waitForSelector('#timeline svg');
    // Incidents drawn in view: clusters, or circles Leaflet did not clip away (a clipped one is the path "M0 0").
    await page.waitForFunction(() => document.querySelectorAll('.leaflet-marker-pane .cluster').length + [...document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive')].filter((p) => p.getAttribute('d') !== 'M0 0').length > 0);
    await page.waitForFunction(() => document.querySelectorAll('.leaflet-land-pane svg path').length > 100, null, { timeout: 30_000 });
    const total = await (await fetch(`${base}/api/incidents?limit=1`)).json();
    assert.match(await page.textContent('.summary') ?? '', new RegExp(`^${total.total} incidents? match`));
    await page.locator('.map-panel').screenshot({ path: join(SHOTS, 'map.png') });
    await page.locator('.timeline-panel').screenshot({ path: join(SHOTS, 'timeline.png') });

    await page.selectOption('select[name=country]', 'IQ');
    await page.waitForFunction(() => location.hash.includes('country=IQ'));
    const iq = await (await fetch(`${base}/api/incidents?country=IQ&limit=1`)).json();
    await page.waitForFunction((n) => document.querySelector('.summary')?.textContent?.startsWith(`${n} incident`), iq.total);
    const places = await page.$$eval('table.incidents tbody tr[data-id] td:nth-child(2)', (tds) => tds.map((td) => td.textContent ?? ''));
    assert.ok(places.length > 0 && places.every((p) => p.endsWith('Iraq')), places.join(' | '));
    // The same URL in a fresh page shows the same view.
    const url = page.url();
    const other = await browser.newPage();
    await other.goto(url);
    await other.waitForFunction((n) => document.querySelector('.summary')?.textContent?.startsWith(`${n} incident`), iq.total);
    assert.equal(await other.inputValue('select[name=country]'), 'IQ');
    await other.close();
    await page.screenshot({ path: join(SHOTS, 'overview-filtered.png'), fullPage: true });
    await noScriptRan('overview');
  });

  test('a dossier: the field-by-source matrix, disputes highlighted, quotes linking to the report', async () => {
    // The disputed incident with the most reports.
    const list = await (await fetch(`${base}/api/incidents?disputed=true&limit=500`)).json();
    const pick = [...list.items].sort((a: { reports: number }, b: { reports: number }) => b.reports - a.reports)[0];
    assert.ok(pick, 'a disputed incident to show');
    await page.goto(`${base}/#/?disputed=true`);
    await page.click(`table.incidents tr[data-id="${pick.incident_id}"] a`);
    await page.waitForSelector('table.matrix');
    assert.match(page.url(), new RegExp(`#/incident/${pick.incident_id}\\?disputed=true`));
    const columns = await page.$$eval('table.matrix th.report', (ths) => ths.length);
    assert.equal(columns, new Set((await (await fetch(`${base}/api/incidents/${pick.incident_id}`)).json()).incident.reports.map((r: { doc_id: string }) => r.doc_id)).size);
    assert.ok((await page.$$('table.matrix tr.disputed')).length >= 1, 'a disputed row is highlighted');
    await page.screenshot({ path: join(SHOTS, 'dossier.png'), fullPage: true });
    await noScriptRan('dossier');

    const quote = page.locator('table.matrix a.quote').first();
    const href = (await quote.getAttribute('href')) ?? '';
    const [, docId, start, end] = /#\/document\/([^?]+)\?span=(\d+)-(\d+)/.exec(href) ?? [];
    assert.ok(docId, href);
    await quote.click();
    await page.waitForSelector('#doctext mark.focus');
    const doc = await (await fetch(`${base}/api/documents/${docId}`)).json();
    const focused = (await page.$$eval('#doctext mark.focus', (ms) => ms.map((m) => m.textContent).join(''))).trim();
    assert.equal(focused, doc.text.slice(Number(start), Number(end)).trim(), 'the quoted words are the ones in focus');
    assert.equal(await page.textContent('#doctext'), doc.text, 'the text shows exactly as stored');
    await page.screenshot({ path: join(SHOTS, 'document.png'), fullPage: false });
    await noScriptRan('document');
  });

  test('the briefing renders and prints', async () => {
    const since = hasShared ? '2023-11-01' : '2020-01-01';
    await page.goto(`${base}/#/brief?since=${since}&until=2025-12-31`);
    await page.waitForSelector('.brief h1');
    const json = await (await fetch(`${base}/api/brief?since=${since}&until=2025-12-31`)).json();
    assert.equal(await page.$$eval('.brief-item', (s) => s.length), json.items.length);
    await page.screenshot({ path: join(SHOTS, 'brief.png'), fullPage: false });
    await noScriptRan('brief');
  });

  test('a hostile report is plain text in every view, and nothing runs', async () => {
    const found = await (await fetch(`${base}/api/incidents?q=Zorblax`)).json();
    assert.ok(found.total >= 1, 'the hostile reports became incidents');
    await page.goto(`${base}/#/?q=Zorblax`);
    await page.waitForSelector('table.incidents tbody tr[data-id]');
    await noScriptRan('list of hostile incidents');

    const docView = await (await fetch(`${base}/api/documents/hostile-1`)).json();
    const incidentId = docView.events.find((e: { incident_id: string | null }) => e.incident_id)?.incident_id;
    assert.ok(incidentId, 'the hostile report has an incident');
    await page.goto(`${base}/#/incident/${incidentId}`);
    await page.waitForSelector('table.matrix');
    const header = await page.textContent('table.matrix thead');
    assert.ok(header?.includes('<img src=x onerror="alert(\'outlet\')">Evil Outlet'), 'the outlet shows as text');
    assert.ok(header?.includes('<script>window.__pwned = "title"</script>'), 'the title shows as text');
    await page.screenshot({ path: join(SHOTS, 'hostile-dossier.png'), fullPage: true });
    await noScriptRan('hostile dossier');

    await page.goto(`${base}/#/document/hostile-1`);
    await page.waitForSelector('#doctext');
    assert.equal(await page.textContent('#doctext'), docView.text);
    assert.equal(await page.textContent('.document h1'), docView.title);
    assert.ok((await page.textContent('.document .meta'))?.includes('javascript:window.__pwned="url"'), 'the javascript: URL shows as text');
    assert.equal(await page.$$eval('.document a', (as) => as.filter((a) => /^javascript:/i.test(a.getAttribute('href') ?? '')).length), 0);
    await page.screenshot({ path: join(SHOTS, 'hostile-document.png'), fullPage: true });
    await noScriptRan('hostile document');

    await page.goto(`${base}/#/document/hostile-2`);
    await page.waitForSelector('#doctext');
    await noScriptRan('hostile document sent through the API');
    await page.goto(`${base}/#/brief?since=2024-06-01&until=2024-07-31`);
    await page.waitForSelector('.brief-item');
    await noScriptRan('hostile briefing');

    // The server's own HTML briefing escapes the same strings.
    const html = await (await fetch(`${base}/api/brief?since=2024-06-01&until=2024-07-31&format=html`)).text();
    assert.ok(!/<script|<img|<svg|<iframe/i.test(html.replace(/<style>[\s\S]*?<\/style>/, '')), 'no markup from the reports in the HTML briefing');
    const brief = await browser.newPage();
    await brief.goto(`${base}/api/brief?since=2024-06-01&until=2024-07-31&format=html`);
    assert.equal(await brief.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned ?? null), null);
    await brief.close();
  });
});
