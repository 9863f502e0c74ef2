/**
 * Building DOM safely. Everything a report or a source says is untrusted: it only ever reaches the page as text
 * nodes (createTextNode / textContent) or as attribute values set through the DOM, never as markup. Links to the
 * outside are allowed only for http(s) URLs; anything else is shown as text.
 */

type Child = Node | string | number | null | undefined | false;
type Attrs = {
  class?: string;
  href?: string;
  title?: string;
  id?: string;
  type?: string;
  name?: string;
  value?: string;
  placeholder?: string;
  for?: string;
  role?: string;
  colspan?: number;
  target?: string;
  rel?: string;
  list?: string;
  min?: string;
  max?: string;
  'aria-label'?: string;
  'aria-current'?: string;
  [data: `data-${string}`]: string | undefined;
};

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null) continue;
      // No handlers or styles from attributes, whatever a caller passes.
      if (/^on/i.test(k) || k.toLowerCase() === 'style') continue;
      if (k === 'href') {
        const href = String(v);
        // Our own routes (#/…), our own API (/api/…), or an outside http(s) page; never javascript: or data:.
        if (!/^(#|\/(?!\/)|https?:\/\/)/i.test(href)) continue;
        el.setAttribute('href', href);
        if (/^https?:/i.test(href)) el.setAttribute('rel', 'noopener noreferrer');
        continue;
      }
      el.setAttribute(k, String(v));
    }
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** An outside link when the URL is http(s); otherwise the URL as plain text. */
export function externalLink(url: string | null | undefined, label?: string): Node {
  if (!url) return document.createTextNode('');
  if (/^https?:\/\//i.test(url)) return h('a', { href: url, target: '_blank' }, label ?? url);
  return h('span', { class: 'muted', title: 'not a web link' }, url);
}

export function on<K extends keyof HTMLElementEventMap>(el: Element | Window, type: K, fn: (ev: HTMLElementEventMap[K]) => void): void {
  el.addEventListener(type, fn as EventListener);
}
