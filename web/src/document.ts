/**
 * A report as stored: its text with every extracted span highlighted (evidence, sources' figures, claims, loaded
 * wording, diagnostics), the span a link pointed at in focus, and the events read from it. The text is only ever put
 * in text nodes.
 */
import type { DocSpan, DocumentView } from './api';
import { append, clear, externalLink, h } from './dom';
import { shortDate, weaponLabel } from './format';
import { hashFor, navigate } from './state';

const KINDS: { kind: DocSpan['kind']; label: string }[] = [
  { kind: 'evidence', label: 'evidence for a field' },
  { kind: 'assertion', label: "a source's figure" },
  { kind: 'claim', label: 'claim of responsibility' },
  { kind: 'loaded-wording', label: "loaded wording (the source's)" },
  { kind: 'diagnostic', label: 'diagnostic' },
];

function spanTitle(s: DocSpan): string {
  return `${s.kind}: ${s.label}${s.detail ? ` — ${s.detail}` : ''}`;
}

/** Split the text at every span boundary; each piece lists the spans that cover it. */
export function segments(textLength: number, spans: readonly DocSpan[]): { start: number; end: number; spans: DocSpan[] }[] {
  const cuts = new Set<number>([0, textLength]);
  for (const s of spans) {
    cuts.add(Math.max(0, Math.min(textLength, s.start)));
    cuts.add(Math.max(0, Math.min(textLength, s.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: { start: number; end: number; spans: DocSpan[] }[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    if (b <= a) continue;
    out.push({ start: a, end: b, spans: spans.filter((s) => s.start <= a && s.end >= b) });
  }
  return out;
}

export function renderDocument(doc: DocumentView, params: URLSearchParams): HTMLElement {
  const focus = /^(\d+)-(\d+)$/.exec(params.get('span') ?? '');
  const [fs, fe] = focus ? [Number(focus[1]), Number(focus[2])] : [-1, -1];
  const incident = params.get('incident');
  const detail = h('div', { class: 'span-detail' }, h('p', { class: 'muted' }, 'Click a highlighted passage to see what was read from it.'));
  const textBox = h('div', { class: 'doctext', id: 'doctext' });
  let firstFocus: HTMLElement | null = null;

  for (const seg of segments(doc.text.length, doc.spans)) {
    const piece = doc.text.slice(seg.start, seg.end);
    if (!seg.spans.length) {
      textBox.appendChild(document.createTextNode(piece));
      continue;
    }
    const kinds = [...new Set(seg.spans.map((s) => s.kind))];
    const inFocus = focus !== null && seg.start >= fs && seg.end <= fe;
    const mark = h('mark', { class: ['hl', ...kinds.map((k) => `k-${k}`), inFocus ? 'focus' : ''].filter(Boolean).join(' '), title: seg.spans.map(spanTitle).join('\n') }, piece);
    mark.addEventListener('click', () => {
      clear(detail);
      // The whole passage the covering spans make up, not just this piece of it.
      const from = Math.min(...seg.spans.map((s) => s.start));
      const to = Math.max(...seg.spans.map((s) => s.end));
      const passage = doc.text.slice(from, to);
      const ul = h('ul');
      for (const s of seg.spans) {
        ul.appendChild(h('li', null, h('span', { class: `chip k-${s.kind}` }, s.kind), ` ${s.label}`, s.detail ? h('div', { class: 'muted' }, s.detail) : null,
          s.incident_id ? h('div', null, h('a', { href: hashFor('incident', s.incident_id, new URLSearchParams()) }, `incident ${s.incident_id}`)) : null));
      }
      append(detail, h('p', null, h('q', null, passage), h('span', { class: 'muted' }, ` @${from}–${to}`)), ul);
    });
    if (inFocus && !firstFocus) firstFocus = mark;
    textBox.appendChild(mark);
  }

  const toggles = h('div', { class: 'kinds' });
  const article = h('div', { class: 'doc-body' });
  for (const k of KINDS) {
    const n = doc.spans.filter((s) => s.kind === k.kind).length;
    const box = h('input', { type: 'checkbox', name: `show-${k.kind}` });
    box.checked = true;
    box.addEventListener('change', () => article.classList.toggle(`hide-${k.kind}`, !box.checked));
    toggles.appendChild(h('label', { class: 'check' }, box, h('span', { class: `chip k-${k.kind}` }, k.label), ` ${n}`));
  }
  append(article, toggles, textBox);

  const events = h('ul', { class: 'events' });
  for (const e of doc.events) {
    events.appendChild(h('li', null,
      e.incident_id ? h('a', { href: hashFor('incident', e.incident_id, new URLSearchParams()) }, `${shortDate(e.event_date)}: ${e.sub_event_type}`) : `${shortDate(e.event_date)}: ${e.sub_event_type}`,
      h('div', { class: 'muted' }, [e.location, e.weapons.map(weaponLabel).join(', ')].filter(Boolean).join(' · '))));
  }
  if (!doc.events.length) events.appendChild(h('li', { class: 'muted' }, 'No attack was read from this report.'));
  const diags = h('ul', { class: 'diagnostics' });
  for (const d of doc.diagnostics) {
    const label = `${d.code}: ${d.message}`;
    diags.appendChild(h('li', { class: `sev-${d.severity}` }, d.start !== null && d.end !== null
      ? h('a', { href: hashFor('document', doc.id, new URLSearchParams({ ...(incident ? { incident } : {}), span: `${d.start}-${d.end}` })) }, label)
      : label));
  }

  const root = h('article', { class: 'document' },
    h('p', { class: 'crumbs' }, h('a', { href: '#/' }, '← incidents'), incident ? ' · ' : null, incident ? h('a', { href: hashFor('incident', incident, new URLSearchParams()) }, `incident ${incident}`) : null, ` · report ${doc.id}`),
    h('h1', null, doc.title ?? doc.id),
    h('p', { class: 'meta' }, [doc.outlet ?? 'outlet unknown', doc.published ? `published ${shortDate(doc.published)}` : 'publication date unknown', `source ${doc.source}`].join(' · '), doc.url ? ' · ' : null, doc.url ? externalLink(doc.url) : null),
    h('div', { class: 'doc-grid' },
      article,
      h('aside', null, h('h2', null, 'Selected passage'), detail, h('h2', null, 'Attacks read from this report'), events, doc.diagnostics.length ? h('h2', null, 'Diagnostics') : null, doc.diagnostics.length ? diags : null)),
  );
  if (firstFocus) {
    const target = firstFocus;
    requestAnimationFrame(() => {
      target.scrollIntoView({ block: 'center' });
      target.click();
    });
  }
  return root;
}

export function openSpan(docId: string, start: number, end: number): void {
  navigate(hashFor('document', docId, new URLSearchParams({ span: `${start}-${end}` })));
}
