import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SitrepError } from '../core/errors.js';
import { feedDate, parseFeed, parseOpml } from './parse.js';

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Valley Courier &amp; Wire &nbsp;World</title>
    <link>https://courier.example/</link>
    <atom:link href="https://courier.example/feed.xml" rel="self" type="application/rss+xml"/>
    <item>
      <title><![CDATA[Drones hit <b>fuel depot</b>]]></title>
      <link>https://courier.example/news/drones</link>
      <guid isPermaLink="false">courier-1001</guid>
      <pubDate>Tue, 05 Mar 2024 23:40:00 -0500</pubDate>
    </item>
    <item>
      <title>Convoy ambushed</title>
      <link>/news/convoy</link>
      <dc:date>2024-03-04T08:00:00Z</dc:date>
    </item>
    <item>
      <title>Permalink only</title>
      <guid>https://courier.example/news/permalink</guid>
    </item>
    <item><title>No link at all</title></item>
  </channel>
</rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Ridge Radio</title>
  <entry>
    <title>Shelling near the dam</title>
    <link rel="enclosure" href="https://ridge.example/audio.mp3"/>
    <link href="https://ridge.example/2023/11/shelling" rel="alternate"/>
    <id>tag:ridge.example,2023:shelling</id>
    <published>2023-11-02T23:30:00-03:00</published>
    <updated>2023-11-04T10:00:00Z</updated>
  </entry>
  <entry>
    <title>Updated only</title>
    <link href="https://ridge.example/2023/11/updated"/>
    <id>tag:ridge.example,2023:updated</id>
    <updated>2023-11-05T10:00:00Z</updated>
  </entry>
</feed>`;

describe('parseFeed', () => {
  test('RSS 2.0: titles, absolute links, guids, RFC 822 and Dublin Core dates', () => {
    const feed = parseFeed(RSS, 'rss.xml', 'https://courier.example/feed.xml');
    assert.equal(feed.format, 'rss');
    assert.equal(feed.title, 'Valley Courier & Wire World');
    assert.deepEqual(feed.items[0], { title: 'Drones hit fuel depot', link: 'https://courier.example/news/drones', id: 'courier-1001', published: '2024-03-06' });
    assert.deepEqual(feed.items[1], { title: 'Convoy ambushed', link: 'https://courier.example/news/convoy', id: null, published: '2024-03-04' });
    assert.equal(feed.items[2].link, 'https://courier.example/news/permalink');
    assert.equal(feed.items[3].link, null);
  });

  test('Atom: the alternate link, published before updated', () => {
    const feed = parseFeed(ATOM, 'atom.xml');
    assert.equal(feed.format, 'atom');
    assert.equal(feed.title, 'Ridge Radio');
    assert.deepEqual(feed.items[0], { title: 'Shelling near the dam', link: 'https://ridge.example/2023/11/shelling', id: 'tag:ridge.example,2023:shelling', published: '2023-11-03' });
    assert.equal(feed.items[1].published, '2023-11-05');
  });

  test('RSS 1.0 (RDF) items beside the channel', () => {
    const rdf = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://x.example/"><title>X</title></channel>
      <item rdf:about="https://x.example/a"><title>A</title><link>https://x.example/a</link><dc:date>2022-08-19</dc:date></item></rdf:RDF>`;
    const feed = parseFeed(rdf, 'rdf.xml');
    assert.equal(feed.format, 'rdf');
    assert.deepEqual(feed.items, [{ title: 'A', link: 'https://x.example/a', id: 'https://x.example/a', published: '2022-08-19' }]);
  });

  test('broken markup is still read; a page that is no feed is INPUT_MALFORMED', () => {
    const broken = parseFeed('<rss><channel><item><title>Unclosed<link>https://x.example/u</link></item></channel>', 'b.xml');
    assert.equal(broken.items.length, 1);
    for (const notFeed of ['<html><body><p>hi</p></body></html>', 'just words', '']) {
      assert.throws(() => parseFeed(notFeed, 'n.xml'), (e: unknown) => e instanceof SitrepError && e.code === 'INPUT_MALFORMED' && e.input === 'n.xml');
    }
  });

  test('links that are not http(s) are dropped', () => {
    const feed = parseFeed('<rss><channel><item><link>javascript:alert(1)</link></item><item><link>file:///etc/passwd</link></item></channel></rss>', 'x.xml');
    assert.deepEqual(feed.items.map((i) => i.link), [null, null]);
  });
});

test('feedDate', () => {
  assert.equal(feedDate('Tue, 05 Mar 2024 23:40:00 -0500'), '2024-03-06');
  assert.equal(feedDate('5 Mar 2024 01:00 +0200'), '2024-03-04');
  assert.equal(feedDate('Wed, 06 Mar 24 10:00:00 GMT'), '2024-03-06');
  assert.equal(feedDate('Sat, 02 Nov 2023 22:00:00 PDT'), '2023-11-03');
  assert.equal(feedDate('2023-11-02T23:30:00-03:00'), '2023-11-03');
  assert.equal(feedDate('Fri, 31 Feb 2023 10:00:00 GMT'), null);
  assert.equal(feedDate('yesterday'), null);
  assert.equal(feedDate(null), null);
});

test('parseOpml: every xmlUrl, nested, once', () => {
  const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>Subscriptions</title></head><body>
    <outline text="Iraq"><outline type="rss" text="Courier" xmlUrl="https://courier.example/feed.xml"/>
      <outline text="Deeper"><outline type="rss" xmlUrl="https://ridge.example/atom.xml"/></outline></outline>
    <outline type="rss" xmlUrl="https://courier.example/feed.xml"/><outline text="no feed"/><outline xmlUrl="ftp://x.example/feed"/></body></opml>`;
  assert.deepEqual(parseOpml(opml, 'subs.opml'), ['https://courier.example/feed.xml', 'https://ridge.example/atom.xml']);
  assert.throws(() => parseOpml(RSS, 'x.opml'), /not an OPML file/);
});
