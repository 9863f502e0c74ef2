import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { SitrepError } from '../../core/errors.js';
import { htmlToDocument } from './html.js';

const fixture = readFileSync(new URL('../../../fixtures/ingest/drone-report.html', import.meta.url), 'utf8');

describe('htmlToDocument on a news page', () => {
  const doc = htmlToDocument(fixture, 'fixtures/ingest/drone-report.html');
  const paragraphs = doc.text.split('\n\n');

  test('reads metadata from og tags, canonical link and html lang', () => {
    assert.equal(doc.title, 'Drones hit fuel depot outside Harlow Ridge');
    assert.equal(doc.outlet, 'The Valley Courier');
    // 23:40 at UTC-5 on the 5th is the 6th in UTC.
    assert.equal(doc.published, '2024-03-06');
    assert.equal(doc.url, 'https://courier.example/news/2024/03/drones-fuel-depot');
    assert.equal(doc.language, 'en');
    assert.equal(doc.source, 'fixtures/ingest/drone-report.html');
    assert.equal(doc.id, null);
  });

  test('keeps the article paragraphs, one per block, separated by blank lines', () => {
    assert.ok(paragraphs.some((p) => p.startsWith('At least three drones struck a fuel depot')));
    assert.ok(paragraphs.includes('“We heard the engines for a long time before the first blast,” one resident said.'));
    // Whitespace inside a paragraph is collapsed: the source HTML wraps lines.
    assert.ok(!/\n/.test(paragraphs.find((p) => p.startsWith('Two night-shift'))!));
    assert.ok(doc.text.endsWith('caused no casualties.'));
  });

  test('keeps the figure caption as its own paragraph', () => {
    assert.ok(paragraphs.includes('Smoke rises above the depot on Wednesday morning. (Photo: Courier staff)'));
  });

  test('drops navigation, footer, related links, scripts and styles', () => {
    for (const junk of ['Home', 'All rights reserved', 'newsletter', 'Council approves', 'analytics', 'font-family']) {
      assert.ok(!doc.text.includes(junk), `text should not contain "${junk}"`);
    }
  });
});

describe('htmlToDocument metadata fallbacks', () => {
  test('JSON-LD headline, publisher and datePublished when there are no og tags', () => {
    const html = `<html><head>
      <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
        {"@type":"Organization","@id":"#org","name":"Delta Wire"},
        {"@type":"NewsArticle","headline":"Shelling reported near the dam","datePublished":"2023-11-02","publisher":{"@id":"#org"},"inLanguage":"fr-FR"}
      ]}</script></head>
      <body><article><p>Shelling was reported near the dam on Thursday.</p></article></body></html>`;
    const doc = htmlToDocument(html, 'ld.html');
    assert.equal(doc.title, 'Shelling reported near the dam');
    assert.equal(doc.outlet, 'Delta Wire');
    assert.equal(doc.published, '2023-11-02');
    assert.equal(doc.language, 'fr');
  });

  test('<title>, application-name, <time datetime>, og:locale', () => {
    const html = `<html><head><title>Convoy ambushed</title><meta name="application-name" content="Ridge Radio">
      <meta property="og:locale" content="uk_UA"></head>
      <body><article><time datetime="2022-08-19T08:00:00+03:00">19 August</time><p>A convoy was ambushed on the road north of the village.</p></article></body></html>`;
    const doc = htmlToDocument(html, 't.html');
    assert.equal(doc.title, 'Convoy ambushed');
    assert.equal(doc.outlet, 'Ridge Radio');
    assert.equal(doc.published, '2022-08-19');
    assert.equal(doc.language, 'uk');
  });

  test('meta name=date and twitter:title; broken JSON-LD is ignored', () => {
    const html = `<html><head><meta name="twitter:title" content="Checkpoint attacked">
      <meta name="DC.date" content="2021-01-31"><script type="application/ld+json">{"headline": broken</script></head>
      <body><p>Gunmen attacked a checkpoint outside the city.</p></body></html>`;
    const doc = htmlToDocument(html, 'd.html');
    assert.equal(doc.title, 'Checkpoint attacked');
    assert.equal(doc.published, '2021-01-31');
  });

  test('invalid dates in the page are skipped for the next candidate', () => {
    const html = `<html><head><meta property="article:published_time" content="yesterday"><meta name="date" content="2020-02-29"></head>
      <body><p>A roadside bomb exploded near a bus stop.</p></body></html>`;
    assert.equal(htmlToDocument(html, 'x.html').published, '2020-02-29');
  });

  test('known metadata wins over the page; fallback fills only gaps', () => {
    const doc = htmlToDocument(fixture, 'f.html', {
      known: { title: 'Caller title', id: 'abc' },
      fallback: { outlet: 'Flag Outlet', published: '1999-01-01', language: 'de' },
    });
    assert.equal(doc.title, 'Caller title');
    assert.equal(doc.id, 'abc');
    assert.equal(doc.outlet, 'The Valley Courier');
    assert.equal(doc.published, '2024-03-06');
    const bare = htmlToDocument('<p>Mortar fire hit the port.</p>', 'b.html', { fallback: { outlet: 'Flag Outlet', published: '1999-01-01' } });
    assert.equal(bare.outlet, 'Flag Outlet');
    assert.equal(bare.published, '1999-01-01');
  });
});

describe('htmlToDocument on bad pages', () => {
  test('fragments and broken markup are read, never thrown on', () => {
    assert.equal(htmlToDocument('<p>Just a fragment about a drone.</p>', 's').text, 'Just a fragment about a drone.');
    assert.equal(htmlToDocument('<title>T</title><p>Text after a bare title.</p>', 's').text, 'Text after a bare title.');
    const broken = htmlToDocument('<html><body><p>unclosed <b>bold <div>inner</p></span></table></body>', 's');
    assert.match(broken.text, /unclosed bold/);
    assert.match(broken.text, /inner/);
  });

  test('a page with no readable text is INPUT_EMPTY', () => {
    for (const html of ['', '   ', '<html><head><title>Only a title</title></head><body></body></html>', '<html><body><nav>Menu</nav><script>var x = 1</script></body></html>']) {
      assert.throws(
        () => htmlToDocument(html, 'empty.html'),
        (e: unknown) => e instanceof SitrepError && e.code === 'INPUT_EMPTY' && e.input === 'empty.html',
        JSON.stringify(html),
      );
    }
  });
});
