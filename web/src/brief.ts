/** The briefing, as the API's model rendered with the DOM: a form for the period and countries, and a printable page. */
import { getJson, type BriefModel } from './api';
import { append, h } from './dom';
import { weaponLabel } from './format';
import { hashFor, navigate } from './state';

export function briefParams(params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const k of ['since', 'until', 'country']) {
    const v = params.get(k);
    if (v) out.set(k, v);
  }
  return out;
}

export async function renderBrief(params: URLSearchParams): Promise<HTMLElement> {
  const p = briefParams(params);
  const model = await getJson<BriefModel>('/api/brief', new URLSearchParams([...p, ['format', 'json']]));
  const form = h('form', { class: 'filters brief-form no-print' },
    h('label', { class: 'field' }, h('span', null, 'From'), h('input', { type: 'date', name: 'since', value: p.get('since') ?? '' })),
    h('label', { class: 'field' }, h('span', null, 'To'), h('input', { type: 'date', name: 'until', value: p.get('until') ?? '' })),
    h('label', { class: 'field' }, h('span', null, 'Countries'), h('input', { type: 'text', name: 'country', placeholder: 'IQ,SY', value: p.get('country') ?? '' })),
    h('button', { type: 'submit' }, 'Make briefing'),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const fd = new FormData(form);
    const next = new URLSearchParams();
    for (const k of ['since', 'until', 'country']) {
      const v = String(fd.get(k) ?? '').trim();
      if (v) next.set(k, v);
    }
    navigate(hashFor('brief', null, next));
  });
  const print = h('button', { type: 'button' }, 'Print');
  print.addEventListener('click', () => window.print());
  const q = p.toString();
  const tools = h('p', { class: 'no-print tools' }, print, ' Download: ',
    h('a', { href: `/api/brief?${q ? `${q}&` : ''}format=md` }, 'Markdown'), ' · ',
    h('a', { href: `/api/brief?${q ? `${q}&` : ''}format=html`, target: '_blank' }, 'HTML page'));

  const counts = (title: string, rows: { key: string; count: number }[], label: (k: string) => string) =>
    h('table', { class: 'counts' }, h('thead', null, h('tr', null, h('th', null, title), h('th', { class: 'n' }, 'incidents'))),
      h('tbody', null, ...rows.map((r) => h('tr', null, h('td', null, label(r.key)), h('td', { class: 'n' }, String(r.count))))));

  const root = h('article', { class: 'brief' }, form, tools,
    h('h1', null, model.title),
    h('p', { class: 'meta' }, model.items.length < model.total ? `${model.total} incidents match; the first ${model.items.length} by date are listed and counted.` : `${model.total} incident${model.total === 1 ? '' : 's'}.`,
      ' Each figure is given with its source; where sources disagree, every figure is given with its source.'),
    h('h2', null, 'Counts'),
    h('div', { class: 'count-tables' }, counts('weapon', model.by_weapon, (k) => weaponLabel(k)), counts('outcome', model.by_outcome, (k) => k)),
    h('p', { class: 'footnote' }, 'An incident with several weapons counts once under each.'),
    h('h2', null, 'Incidents'));
  if (!model.items.length) root.appendChild(h('p', { class: 'empty' }, 'No incidents in this period.'));
  for (const it of model.items) {
    const ul = h('ul');
    for (const f of it.figures) {
      ul.appendChild(h('li', { class: f.disputed ? 'disputed' : undefined }, h('strong', null, `${f.label}: `), f.values.map((v) => `${v.value} per ${v.sources.join(' and ')}`).join('; '), f.disputed ? h('span', { class: 'badge' }, `disputed; best ${f.best ?? 'unknown'}`) : null));
    }
    for (const d of it.disputes) ul.appendChild(h('li', { class: 'disputed' }, d));
    if (it.claims.length) ul.appendChild(h('li', null, h('strong', null, 'Claimed: '), it.claims.map((c) => `${c.claimant} (reported by ${c.reported_by})`).join('; '), it.competing_claims ? ' — the claims compete' : ''));
    ul.appendChild(h('li', { class: 'muted' }, `${it.reports} report${it.reports === 1 ? '' : 's'}${it.outlets.length ? `: ${it.outlets.join('; ')}` : ''}`));
    append(root, h('section', { class: 'brief-item' },
      h('h3', null, h('a', { href: hashFor('incident', it.incident_id, new URLSearchParams()) }, it.heading)),
      h('p', null, it.sentence), ul));
  }
  return root;
}
