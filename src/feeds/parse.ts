/**
 * RSS 2.0 (and RSS 1.0/RDF) and Atom feeds, and OPML subscription lists, read with linkedom's tolerant XML
 * parser: a feed with a missing close tag or an HTML entity is still read; a document that is no feed is an
 * INPUT_MALFORMED error naming the source.
 */
import { DOMParser } from 'linkedom';
import { SitrepError } from '../core/errors.js';
import { normalizePublished } from '../stages/ingest/normalize-meta.js';

export interface FeedItem {
  title: string | null;
  /** The article's URL, absolute. */
  link: string | null;
  /** guid / id when the feed gives one. */
  id: string | null;
  /** Publication date as YYYY-MM-DD (UTC), or null. */
  published: string | null;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf';
  title: string | null;
  items: FeedItem[];
}

// Minimal structural types for what linkedom's XML DOM gives us.
interface XmlElement {
  tagName: string;
  textContent: string | null;
  children: ArrayLike<XmlElement>;
  getAttribute(name: string): string | null;
}

function parseXml(xml: string, source: string): XmlElement {
  let root: XmlElement | null | undefined;
  try {
    root = (new DOMParser().parseFromString(xml.replace(/^\uFEFF/, ''), 'text/xml') as unknown as { documentElement: XmlElement | null }).documentElement;
  } catch (e) {
    throw new SitrepError('INPUT_MALFORMED', `not XML (${(e as Error).message.split('\n')[0].slice(0, 120)})`, { input: source });
  }
  if (!root) throw new SitrepError('INPUT_MALFORMED', 'not XML: no root element', { input: source });
  return root;
}

/** "atom:link" → "link"; "pubDate" → "pubdate". */
function local(el: XmlElement): string {
  const name = el.tagName.toLowerCase();
  const colon = name.indexOf(':');
  return colon >= 0 ? name.slice(colon + 1) : name;
}

function kids(el: XmlElement, name?: string): XmlElement[] {
  const out = Array.from(el.children);
  return name ? out.filter((c) => local(c) === name) : out;
}

function text(el: XmlElement | undefined): string | null {
  if (!el) return null;
  const t = decodeLooseEntities(el.textContent ?? '').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return t || null;
}

/** HTML entities are not XML's; feeds use them anyway. The common ones, and numeric ones left encoded. */
function decodeLooseEntities(s: string): string {
  const named: Record<string, string> = { nbsp: ' ', mdash: '—', ndash: '–', hellip: '…', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : m;
    }
    return named[e.toLowerCase()] ?? m;
  });
}

function absolute(href: string | null, base: string | undefined): string | null {
  if (!href) return null;
  try {
    const u = new URL(href.trim(), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

export function parseFeed(xml: string, source: string, baseUrl?: string): ParsedFeed {
  const root = parseXml(xml, source);
  const kind = local(root);
  if (kind === 'rss') {
    const channel = kids(root, 'channel')[0] ?? root;
    return { format: 'rss', title: text(kids(channel, 'title')[0]), items: kids(channel, 'item').map((i) => rssItem(i, baseUrl)) };
  }
  if (kind === 'rdf') {
    // RSS 1.0: items are siblings of the channel.
    const channel = kids(root, 'channel')[0];
    return { format: 'rdf', title: text(channel && kids(channel, 'title')[0]), items: kids(root, 'item').map((i) => rssItem(i, baseUrl)) };
  }
  if (kind === 'feed') {
    return { format: 'atom', title: text(kids(root, 'title')[0]), items: kids(root, 'entry').map((e) => atomEntry(e, baseUrl)) };
  }
  throw new SitrepError('INPUT_MALFORMED', `not an RSS or Atom feed (root element <${root.tagName.slice(0, 40)}>)`, { input: source });
}

function rssItem(item: XmlElement, base: string | undefined): FeedItem {
  const children = kids(item);
  const plainLink = children.find((c) => c.tagName.toLowerCase() === 'link' && text(c));
  const atomLink = children.find((c) => local(c) === 'link' && c.getAttribute('href') && (c.getAttribute('rel') ?? 'alternate') === 'alternate');
  const guidEl = children.find((c) => local(c) === 'guid');
  const guid = text(guidEl);
  const guidIsLink = guid && guidEl?.getAttribute('isPermaLink') !== 'false' && /^https?:\/\//i.test(guid);
  const link = absolute(text(plainLink), base) ?? absolute(atomLink?.getAttribute('href') ?? null, base) ?? (guidIsLink ? absolute(guid, base) : null);
  const about = item.getAttribute('rdf:about');
  const dateText = ['pubdate', 'date', 'published', 'issued', 'updated', 'modified'].map((n) => text(children.find((c) => local(c) === n))).find(Boolean) ?? null;
  return { title: text(children.find((c) => local(c) === 'title')), link: link ?? absolute(about, base), id: guid ?? about ?? null, published: feedDate(dateText) };
}

function atomEntry(entry: XmlElement, base: string | undefined): FeedItem {
  const links = kids(entry, 'link');
  const alternate = links.find((l) => (l.getAttribute('rel') ?? 'alternate') === 'alternate' && l.getAttribute('href')) ?? null;
  const dateText = ['published', 'issued', 'updated', 'modified', 'date'].map((n) => text(kids(entry, n)[0])).find(Boolean) ?? null;
  return { title: text(kids(entry, 'title')[0]), link: absolute(alternate?.getAttribute('href') ?? null, base), id: text(kids(entry, 'id')[0]), published: feedDate(dateText) };
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const ZONES: Record<string, number> = { ut: 0, utc: 0, gmt: 0, z: 0, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420 };
const RFC822 = /^(?:[a-z]{3,9},?\s+)?(\d{1,2})\s+([a-z]{3})[a-z]*\.?\s+(\d{2}|\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*([+-]\d{4}|[a-z]{1,5})?\s*$/i;

/** A feed's date (RFC 822 for RSS, ISO 8601 for Atom and Dublin Core) as YYYY-MM-DD in UTC, or null. */
export function feedDate(value: string | null): string | null {
  if (!value) return null;
  const iso = normalizePublished(value);
  if (iso) return iso;
  const m = RFC822.exec(value.trim());
  if (!m) return null;
  const day = Number(m[1]);
  const month = MONTHS[m[2].toLowerCase()];
  let year = Number(m[3]);
  if (m[3].length === 2) year += year < 50 ? 2000 : 1900;
  const [hh, mm, ss] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (!month || hh > 23 || mm > 59 || ss > 60) return null;
  const zone = (m[7] ?? 'gmt').toLowerCase();
  let offset: number;
  if (/^[+-]\d{4}$/.test(zone)) offset = (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  else offset = ZONES[zone] ?? 0; // Military and unknown zones: RFC 2822 says treat as -0000.
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day || year < 1000) return null;
  return new Date(Date.UTC(year, month - 1, day, hh, mm, Math.min(ss, 59)) - offset * 60_000).toISOString().slice(0, 10);
}

/** Every feed URL (`xmlUrl`) in an OPML subscription list, nested outlines included, in document order, once each. */
export function parseOpml(xml: string, source: string): string[] {
  const root = parseXml(xml, source);
  if (local(root) !== 'opml') throw new SitrepError('INPUT_MALFORMED', `not an OPML file (root element <${root.tagName.slice(0, 40)}>)`, { input: source });
  const urls: string[] = [];
  const visit = (el: XmlElement): void => {
    for (const c of kids(el)) {
      if (local(c) === 'outline') {
        const url = absolute(c.getAttribute('xmlUrl') ?? c.getAttribute('xmlurl'), undefined);
        if (url && !urls.includes(url)) urls.push(url);
      }
      visit(c);
    }
  };
  visit(root);
  return urls;
}
