/**
 * HTML page → NewDocument: the article's paragraphs as plain text (Readability picks the article,
 * dropping menus and footers) and the page's metadata from meta tags and JSON-LD.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { NewDocument } from '../../core/document.js';
import { SitrepError } from '../../core/errors.js';
import { cleanString, normalizeLanguage, normalizePublished } from './normalize-meta.js';

/** The metadata a caller can pass along with a page. */
export interface HtmlMeta {
  id?: string | null;
  url?: string | null;
  title?: string | null;
  outlet?: string | null;
  published?: string | null;
  language?: string | null;
}

export interface HtmlOptions {
  /** What the caller already knows (a JSONL line's own fields): wins over what the page says. */
  known?: HtmlMeta;
  /** Used only where neither `known` nor the page says anything (CLI --published / --outlet). */
  fallback?: HtmlMeta;
}

// Minimal structural types for the parts of linkedom's DOM we touch; its own typings are loose.
interface DomNode {
  nodeType: number;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}
interface DomElement extends DomNode {
  tagName: string;
  children: ArrayLike<DomElement>;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  querySelector(selector: string): DomElement | null;
}
interface DomDocument {
  documentElement: DomElement | null;
  body: DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  querySelector(selector: string): DomElement | null;
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

/** Elements whose text flows inside a paragraph; every other element starts a new one. */
const INLINE = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font', 'i', 'ins', 'kbd',
  'label', 'mark', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr',
]);
/** Never text a reader would see as part of the report. */
// Head elements are listed because a page without <head> puts <title> in the body.
// nav and footer are never the report, even when Readability keeps them for want of anything better.
const SKIP = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'button', 'select', 'textarea',
  'img', 'video', 'audio', 'picture', 'source', 'title', 'head', 'meta', 'link', 'base', 'nav', 'footer',
]);
/** Page furniture, skipped only when Readability found nothing and the whole body is read instead. */
const FURNITURE = new Set(['header', 'aside', 'form', 'menu', 'dialog']);

/**
 * Convert one HTML page. Broken markup never throws; a page with no readable text throws INPUT_EMPTY
 * (the caller turns it into a per-input error).
 */
export function htmlToDocument(html: string, source: string, opts: HtmlOptions = {}): NewDocument {
  // A page nested hundreds of levels deep, or with tens of thousands of tags, makes Readability crawl (and thousands
  // of levels overflow the stack): such a page is read flat.
  const document = parseDocument(tooComplex(html) ? flattenHtml(html) : html);
  // Metadata first: Readability rewrites the DOM it reads.
  const page = document ? pageMeta(document) : {};
  const paragraphs = document ? articleParagraphs(document) : [];
  const text = paragraphs.join('\n\n');
  if (!text.trim()) throw new SitrepError('INPUT_EMPTY', 'HTML page has no readable text', { input: source });

  const known = opts.known ?? {};
  const fallback = opts.fallback ?? {};
  const pick = (k: keyof HtmlMeta): string | null => cleanString(known[k]) ?? cleanString(page[k]) ?? cleanString(fallback[k]);
  return {
    text,
    id: cleanString(known.id),
    url: pick('url'),
    title: pick('title'),
    outlet: pick('outlet'),
    published: pick('published'),
    language: pick('language'),
    source,
  };
}

/** Parse with linkedom; reparse inside a clean skeleton when the markup lacks the html/head/body frame. */
function parseDocument(html: string): DomDocument | null {
  try {
    const first = parseHTML(html).document as unknown as DomDocument;
    if (isWellFramed(first)) return first;
    return parseHTML(reframe(html)).document as unknown as DomDocument;
  } catch {
    try {
      return parseHTML(reframe(html)).document as unknown as DomDocument;
    } catch {
      return null;
    }
  }
}

// linkedom does not add the implied <html>/<body> an HTML5 parser would, so fragments and pages
// without a <body> tag end up with an empty body that Readability cannot read.
function isWellFramed(doc: DomDocument): boolean {
  const root = doc.documentElement;
  if (!root || root.tagName.toUpperCase() !== 'HTML') return false;
  const kids = Array.from(root.children).map((c) => c.tagName.toUpperCase());
  return kids.includes('BODY') && kids.every((t) => t === 'HEAD' || t === 'BODY');
}

function reframe(html: string): string {
  const htmlAttrs = /<html\b([^>]*)>/i.exec(html)?.[1] ?? '';
  let s = html.replace(/<!doctype[^>]*>/gi, '').replace(/<\/?html\b[^>]*>/gi, '');
  let head = '';
  const bodyOpen = /<body\b[^>]*>/i.exec(s);
  if (bodyOpen) {
    head = s.slice(0, bodyOpen.index).replace(/<\/?head\b[^>]*>/gi, '');
    s = s.slice(bodyOpen.index + bodyOpen[0].length).replace(/<\/body\s*>/gi, '');
  } else {
    const headMatch = /<head\b[^>]*>([\s\S]*?)<\/head\s*>/i.exec(s);
    if (headMatch) {
      head = headMatch[1];
      s = s.slice(0, headMatch.index) + s.slice(headMatch.index + headMatch[0].length);
    }
  }
  return `<!DOCTYPE html><html${htmlAttrs}><head>${head}</head><body>${s}</body></html>`;
}

function articleParagraphs(document: DomDocument): string[] {
  let content: DomElement | null = null;
  try {
    const reader = new Readability<DomElement>(document as unknown as Document, {
      // Keep the node: we need its block structure, not an HTML string.
      serializer: (node) => node as unknown as DomElement,
    });
    content = reader.parse()?.content ?? null;
  } catch {
    content = null; // Readability gives up on some odd pages; the fallback below still reads the body.
  }
  const fromArticle = content ? blockTexts(content, false) : [];
  if (fromArticle.length > 0) return fromArticle;
  return document.body ? blockTexts(document.body, true) : [];
}

/**
 * The text of every block (p, h1–h6, li, blockquote, figcaption, …) as its own paragraph, whitespace
 * collapsed. A figcaption is its own block, so the caption detector downstream sees it alone.
 */
function blockTexts(root: DomElement, skipFurniture: boolean): string[] {
  const out: string[] = [];
  let buf = '';
  const flush = (): void => {
    const t = buf.replace(/[\s\u200b]+/g, ' ').trim();
    if (t) out.push(t);
    buf = '';
  };
  const walk = (node: DomNode): void => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === TEXT_NODE) {
        buf += child.textContent ?? '';
      } else if (child.nodeType === ELEMENT_NODE) {
        const tag = (child as DomElement).tagName.toLowerCase();
        if (SKIP.has(tag) || (skipFurniture && FURNITURE.has(tag))) continue;
        if (tag === 'br') {
          buf += ' ';
        } else if (INLINE.has(tag)) {
          walk(child);
        } else {
          flush();
          walk(child);
          flush();
        }
      }
    }
  };
  walk(root);
  flush();
  return out;
}

// ---- metadata ----------------------------------------------------------------------------------

function pageMeta(document: DomDocument): HtmlMeta {
  const meta = metaTags(document);
  const ld = jsonLdArticle(document);
  const first = (...values: (string | null | undefined)[]): string | null => {
    for (const v of values) {
      const c = cleanString(v);
      if (c) return c;
    }
    return null;
  };
  const firstDate = (...values: (string | null | undefined)[]): string | null => {
    for (const v of values) {
      const d = v ? normalizePublished(v) : null;
      if (d) return d;
    }
    return null;
  };
  const firstLanguage = (...values: (string | null | undefined)[]): string | null => {
    for (const v of values) {
      const l = v ? normalizeLanguage(v) : null;
      if (l) return l;
    }
    return null;
  };
  const timeEl = document.querySelector('article time[datetime]') ?? document.querySelector('time[datetime]');
  return {
    title: first(meta.get('og:title'), meta.get('twitter:title'), document.querySelector('title')?.textContent, ld.headline),
    outlet: first(meta.get('og:site_name'), ld.publisher, meta.get('application-name')),
    published: firstDate(
      meta.get('article:published_time'),
      ld.datePublished,
      meta.get('datepublished'), // itemprop="datePublished" (microdata)
      timeEl?.getAttribute('datetime'),
      meta.get('date'),
      meta.get('pubdate'),
      meta.get('dc.date'),
      meta.get('dc.date.issued'),
      meta.get('dcterms.date'),
    ),
    url: first(linkHref(document, 'canonical'), meta.get('og:url'), ld.url),
    language: firstLanguage(
      document.documentElement?.getAttribute('lang'),
      meta.get('og:locale'),
      meta.get('content-language'),
      ld.inLanguage,
    ),
  };
}

/** meta tags by lower-cased property / name / itemprop / http-equiv; the first non-empty content wins. */
function metaTags(document: DomDocument): Map<string, string> {
  const out = new Map<string, string>();
  for (const el of Array.from(document.querySelectorAll('meta'))) {
    const content = el.getAttribute('content');
    if (!content || !content.trim()) continue;
    for (const attr of ['property', 'name', 'itemprop', 'http-equiv']) {
      const key = el.getAttribute(attr)?.trim().toLowerCase();
      if (key && !out.has(key)) out.set(key, content);
    }
  }
  return out;
}

function linkHref(document: DomDocument, rel: string): string | null {
  for (const el of Array.from(document.querySelectorAll('link[rel]'))) {
    const rels = (el.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    if (rels.includes(rel)) return el.getAttribute('href');
  }
  return null;
}

interface LdArticle {
  headline?: string;
  datePublished?: string;
  publisher?: string;
  url?: string;
  inLanguage?: string;
}

const ARTICLE_TYPE = /Article|BlogPosting|Report|LiveBlogPosting|WebPage/i;

/** The article object from the page's JSON-LD, if any; unparseable blocks are ignored. */
function jsonLdArticle(document: DomDocument): LdArticle {
  const nodes: Record<string, unknown>[] = [];
  const collect = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      nodes.push(o);
      if (o['@graph']) collect(o['@graph']);
    }
  };
  for (const el of Array.from(document.querySelectorAll('script[type]'))) {
    if ((el.getAttribute('type') ?? '').trim().toLowerCase() !== 'application/ld+json') continue;
    // CMSs wrap JSON-LD in comments or CDATA often enough to be worth stripping.
    const raw = (el.textContent ?? '').replace(/^\s*(?:<!--|\/\/\s*<!\[CDATA\[)/, '').replace(/(?:-->|\/\/\s*\]\]>)\s*$/, '');
    try {
      collect(JSON.parse(raw));
    } catch {
      // Broken JSON-LD is common and never fatal.
    }
  }
  const byId = new Map<string, Record<string, unknown>>();
  for (const n of nodes) if (typeof n['@id'] === 'string') byId.set(n['@id'], n);
  const typeOf = (n: Record<string, unknown>): string => [n['@type']].flat().filter((t) => typeof t === 'string').join(' ');
  const article =
    nodes.find((n) => /Article|BlogPosting|Report/i.test(typeOf(n)) && (n.headline || n.datePublished)) ??
    nodes.find((n) => ARTICLE_TYPE.test(typeOf(n)) && (n.headline || n.datePublished)) ??
    nodes.find((n) => n.headline || n.datePublished);
  if (!article) return {};
  const str = (v: unknown): string | undefined => {
    const x = Array.isArray(v) ? v[0] : v;
    return typeof x === 'string' ? x : undefined;
  };
  const nameOf = (v: unknown): string | undefined => {
    const x = Array.isArray(v) ? v[0] : v;
    if (typeof x === 'string') return x;
    if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (typeof o.name === 'string') return o.name;
      const ref = typeof o['@id'] === 'string' ? byId.get(o['@id']) : undefined;
      if (ref && typeof ref.name === 'string') return ref.name;
    }
    return undefined;
  };
  const lang = article.inLanguage;
  return {
    headline: str(article.headline) ?? str(article.name),
    datePublished: str(article.datePublished),
    publisher: nameOf(article.publisher),
    url: str(article.url) ?? str(article.mainEntityOfPage),
    inLanguage: typeof lang === 'string' ? lang : nameOf(lang),
  };
}

// ---- pathologically deep pages -----------------------------------------------------------------

/** Real pages nest a few dozen levels and have a few thousand tags; past these the page is read flat. */
export const MAX_NESTING = 128;
export const MAX_TAGS = 30_000;

const VOID_TAGS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'keygen']);
/** Tags the parser closes by itself when the next one opens: they never nest by repetition. */
const SELF_CLOSING_SIBLINGS = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'optgroup', 'thead', 'tbody', 'tfoot', 'colgroup', 'rb', 'rt', 'rtc', 'rp']);

function tooComplex(html: string): boolean {
  return nestingDepth(html, MAX_NESTING) > MAX_NESTING || (html.match(/<[a-zA-Z/]/g)?.length ?? 0) > MAX_TAGS;
}

/** How deep the markup nests, by a linear scan of its tags; stops counting once past `stopAt`. */
export function nestingDepth(html: string, stopAt = Number.POSITIVE_INFINITY): number {
  const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)\b[^>]*?(\/?)>/g;
  let depth = 0;
  let max = 0;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(html))) {
    const name = m[2].toLowerCase();
    if (VOID_TAGS.has(name) || SELF_CLOSING_SIBLINGS.has(name) || m[3]) continue;
    if (m[1]) {
      depth = Math.max(0, depth - 1);
    } else if (++depth > max) {
      max = depth;
      if (max > stopAt) return max;
    }
  }
  return max;
}

const BLOCK_TAGS = 'address|article|aside|blockquote|body|caption|center|dd|details|dialog|div|dl|dt|fieldset|figcaption|figure|form|h[1-6]|header|hr|li|main|ol|p|pre|section|summary|table|td|th|tr|ul';
const BREAK = '\uFDD0';

/**
 * The page as a shallow document: the head as it is (when it is shallow itself), the body's text split into
 * paragraphs at block tags, every other tag dropped. Entities stay encoded for the parser to decode.
 */
function flattenHtml(html: string): string {
  const htmlAttrs = /<html\b([^>]*)>/i.exec(html)?.[1] ?? '';
  const headMatch = /<head\b[^>]*>([\s\S]*?)<\/head\s*>/i.exec(html);
  const head = headMatch && nestingDepth(headMatch[1], MAX_NESTING) <= MAX_NESTING ? headMatch[1] : '';
  const body = (headMatch ? html.slice(0, headMatch.index) + html.slice(headMatch.index + headMatch[0].length) : html)
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|noscript|template|svg|math|iframe|textarea|select|button|nav|footer|title)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(new RegExp(`<\\/?(?:${BLOCK_TAGS})\\b[^>]*>`, 'gi'), BREAK)
    .replace(/<br\b[^>]*>/gi, ' ')
    .replace(/<\/?[a-zA-Z!][^>]*>/g, '');
  const paragraphs = body.split(BREAK).map((p) => p.trim()).filter(Boolean);
  return `<!DOCTYPE html><html${htmlAttrs}><head>${head}</head><body><article>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
}
