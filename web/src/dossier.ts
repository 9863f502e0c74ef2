/**
 * The dossier of one incident: the field-by-source matrix (rows = fields, columns = the reports), each value with who
 * said it and a link to the exact words in the report, disputes highlighted; then disputes, claims, loaded wording,
 * revisions and the incident's history.
 */
import type { Assertion, Dossier, Evidence, IncidentRecord } from './api';
import { append, h } from './dom';
import { count, outcomeColour, placeLine, plural, shortDate, weaponLabel } from './format';
import { hashFor, overviewParams } from './state';

interface Column {
  docId: string;
  outlet: string | null;
  published: string | null;
  title: string | null;
}

interface Row {
  field: string;
  label: string;
  best: Node | string;
  disputed: boolean;
  cells: Map<string, Node[]>;
  note?: string;
}

function valueText(a: Assertion): string {
  if (a.value !== null && a.value !== undefined) return String(a.value);
  if (a.min != null && a.max != null) return a.min === a.max ? String(a.min) : `${a.min}–${a.max}`;
  if (a.min != null) return `≥ ${a.min}`;
  if (a.max != null) return `≤ ${a.max}`;
  return '?';
}

function clip(s: string, n = 140): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}

export function renderDossier(d: Dossier, params: URLSearchParams): HTMLElement {
  const inc = d.incident;
  const back = overviewParams(params);
  const spanLink = (docId: string, start: number, end: number, label: string, field?: string) => {
    const p = new URLSearchParams({ span: `${start}-${end}`, incident: inc.incident_id });
    if (field) p.set('field', field);
    return h('a', { href: hashFor('document', docId, p), class: 'quote', title: 'show these words in the report' }, label);
  };

  // Columns: one per report document, oldest first.
  const docMeta = new Map(d.documents.map((x) => [x.id, x]));
  const columns: Column[] = [];
  for (const r of inc.reports) {
    if (columns.some((c) => c.docId === r.doc_id)) continue;
    const m = docMeta.get(r.doc_id);
    columns.push({ docId: r.doc_id, outlet: r.outlet ?? m?.outlet ?? null, published: r.published ?? m?.published ?? null, title: m?.title ?? null });
  }
  const disputedFields = new Set(inc.disputes.map((x) => x.field));

  const rows: Row[] = [];
  const evidenceRow = (field: string, label: string, best: Node | string, evField = field) => {
    const cells = new Map<string, Node[]>();
    for (const e of inc.evidence.filter((x: Evidence) => x.field === evField && x.doc_id && x.text)) {
      const list = cells.get(e.doc_id!) ?? [];
      if (list.some((n) => n.textContent === clip(e.text!, 80))) continue;
      list.push(h('div', { class: 'cell-item' }, spanLink(e.doc_id!, e.start, e.end, clip(e.text!, 80), evField)));
      cells.set(e.doc_id!, list);
    }
    rows.push({ field, label, best, disputed: disputedFields.has(field), cells });
  };

  // Date: each report's own date when they disagree, else the words it was read from.
  {
    const cells = new Map<string, Node[]>();
    const dateDispute = inc.disputes.find((x) => x.field === 'event_date');
    for (const v of dateDispute?.values ?? []) {
      if (!v.doc_id) continue;
      const own = columns.find((c) => c.docId === v.doc_id)?.outlet === v.speaker;
      cells.set(v.doc_id, [h('div', { class: 'cell-item' }, h('strong', null, shortDate(String(v.value))), h('span', { class: 'who' }, own ? '' : ` per ${v.speaker}`))]);
    }
    for (const e of inc.evidence.filter((x) => x.field === 'event_date' && x.doc_id && x.text)) {
      const list = cells.get(e.doc_id!) ?? [];
      list.push(h('div', { class: 'cell-item' }, spanLink(e.doc_id!, e.start, e.end, clip(e.text!, 60), 'event_date')));
      cells.set(e.doc_id!, list);
    }
    rows.push({ field: 'event_date', label: 'date', best: `${shortDate(inc.event_date, inc.date_precision)} (${inc.date_precision})`, disputed: disputedFields.has('event_date'), cells });
  }
  evidenceRow('location', 'place', placeLine(inc));
  evidenceRow('weapons', 'weapons', inc.weapons.map(weaponLabel).join(', ') || 'not reported');
  for (const [field, label] of [['launched', 'launched'], ['intercepted', 'intercepted'], ['impacted', 'impacted'], ['killed', 'killed'], ['injured', 'injured']] as const) {
    const f = inc.fields[field];
    if (!f || !f.assertions.length) continue;
    const cells = new Map<string, Node[]>();
    for (const a of f.assertions) {
      const list = cells.get(a.doc_id) ?? [];
      list.push(
        h('div', { class: `cell-item stance-${a.stance}` },
          h('strong', null, valueText(a)),
          // The report's own voice needs no name: the column says who it is.
          h('span', { class: 'who' }, a.speaker === a.report_outlet ? ' (the report itself)' : ` per ${a.speaker}${a.outlet && a.outlet !== a.speaker && a.outlet !== a.report_outlet ? ` (via ${a.outlet})` : ''}`),
          a.stance !== 'asserted' ? h('span', { class: 'stance' }, ` ${a.stance}`) : null,
          h('div', null, spanLink(a.doc_id, a.start, a.end, `“${clip(a.quote || '…', 110)}”`, field))),
      );
      cells.set(a.doc_id, list);
    }
    const best = h('div', null,
      h('strong', null, f.best === null || f.best === undefined ? 'unknown' : String(f.best)),
      f.low !== null || f.high !== null ? h('span', { class: 'muted' }, ` (range ${f.low ?? '?'}–${f.high ?? 'open'})`) : null,
      h('div', { class: 'muted' }, f.confirmation === 'claimed-only' ? 'only a party to the conflict says so' : f.confirmation === 'confirmed' ? 'an independent source says so' : ''),
    );
    rows.push({ field, label, best, disputed: f.disputed, cells, note: f.revisions.length ? f.revisions.map((r) => `${r.outlet} revised ${String(r.from)} → ${String(r.to)}`).join('; ') : undefined });
  }
  evidenceRow('actor1', 'actor', inc.actor1 ?? 'unknown');
  {
    const cells = new Map<string, Node[]>();
    const unplaced: string[] = [];
    for (const c of inc.claims) {
      // Claims carry the outlet that reported them ("Wire", or "Wire via the group's channel"), not the report.
      const col = columns.find((x) => x.outlet && (x.outlet === c.outlet || x.outlet === c.speaker || (c.outlet ?? '').startsWith(`${x.outlet} `)));
      if (!col) {
        unplaced.push(`${c.claimant} (reported by ${c.outlet ?? c.speaker})`);
        continue;
      }
      const list = cells.get(col.docId) ?? [];
      list.push(h('div', { class: 'cell-item' }, h('strong', null, c.claimant), h('span', { class: 'who' }, ` per ${c.speaker}`), h('div', null, spanLink(col.docId, c.start, c.end, `“${clip(c.quote, 110)}”`, 'claimed_by'))));
      cells.set(col.docId, list);
    }
    if (inc.claims.length) rows.push({ field: 'claimed_by', label: 'claimed by', best: inc.claimed_by.join(', ') + (inc.competing_claims ? ' (competing)' : ''), disputed: inc.competing_claims, cells, note: unplaced.length ? `also: ${unplaced.join('; ')}` : undefined });
  }
  evidenceRow('target', 'target', inc.target ?? 'not reported');

  // ---- the matrix --------------------------------------------------------------------------------------------------
  const thead = h('thead', null, h('tr', null,
    h('th', { class: 'fname' }, 'field'),
    h('th', { class: 'best' }, 'sitrep codes'),
    ...columns.map((c) => h('th', { class: 'report' },
      h('a', { href: hashFor('document', c.docId, new URLSearchParams({ incident: inc.incident_id })) }, c.outlet ?? c.docId),
      h('div', { class: 'muted' }, shortDate(c.published)),
      c.title ? h('div', { class: 'doc-title' }, clip(c.title, 90)) : null)),
  ));
  const tbody = h('tbody');
  for (const r of rows) {
    tbody.appendChild(h('tr', { class: r.disputed ? 'disputed' : undefined, 'data-field': r.field },
      h('th', { class: 'fname' }, r.label, r.disputed ? h('span', { class: 'badge' }, 'disputed') : null, r.note ? h('div', { class: 'muted' }, r.note) : null),
      h('td', { class: 'best' }, r.best),
      ...columns.map((c) => {
        const items = r.cells.get(c.docId);
        return h('td', null, ...(items?.length ? items : [h('span', { class: 'muted' }, '—')]));
      }),
    ));
  }

  const s = d.summary;
  const outcomeDot = h('span', { class: 'dot' });
  outcomeDot.style.background = outcomeColour(s.outcome);
  const root = h('article', { class: 'dossier' },
    h('p', { class: 'crumbs' }, h('a', { href: hashFor('overview', null, back) }, '← incidents'), ` · ${inc.incident_id}`),
    d.requested_id !== inc.incident_id ? h('p', { class: 'notice' }, `${d.requested_id} was merged into ${inc.incident_id}; showing the incident that holds it now.`) : null,
    h('h1', null, `${shortDate(inc.event_date, inc.date_precision)}: ${inc.sub_event_type}`),
    h('p', { class: 'place' }, placeLine(inc), inc.latitude !== null ? h('span', { class: 'muted' }, ` (${inc.latitude}, ${inc.longitude}${inc.geo_precision ? `; precision ${inc.geo_precision}` : ''})`) : null),
    h('p', { class: 'facts' }, outcomeDot, ` ${s.outcome ?? 'no outcome reported'} · killed ${count(inc.fatalities)} · injured ${count(inc.injured)} · ${plural(columns.length, 'report')}${disputedFields.size ? ` · disputed: ${[...disputedFields].join(', ')}` : ''}`),
    h('p', { class: 'note' }, inc.notes),
    h('h2', null, 'Who said what'),
    h('p', { class: 'muted' }, 'Rows are fields, columns are the reports. Each value names its source; the quoted words open the report with them highlighted.'),
    h('div', { class: 'matrix-wrap' }, h('table', { class: 'matrix' }, thead, tbody)),
  );

  if (inc.disputes.length) {
    const ul = h('ul', { class: 'disputes' });
    for (const x of inc.disputes) {
      const byValue = new Map<string, string[]>();
      for (const v of x.values) {
        const key = x.field === 'event_date' ? shortDate(String(v.value)) : String(v.value);
        byValue.set(key, [...(byValue.get(key) ?? []), `${v.speaker}${v.outlet && v.outlet !== v.speaker ? ` (${v.outlet})` : ''}`]);
      }
      ul.appendChild(h('li', null, h('strong', null, x.field === 'event_date' ? 'date' : x.field), ': ', [...byValue.entries()].map(([v, who]) => `${v} per ${[...new Set(who)].join(' and ')}`).join('; ')));
    }
    append(root, h('h2', null, 'Disputes'), ul);
  }
  if (inc.claims.length) {
    const ul = h('ul');
    for (const c of inc.claims) ul.appendChild(h('li', null, h('strong', null, c.claimant), c.known_actor ? '' : ' (not in the actor registry)', ` — reported by ${c.outlet ?? c.speaker}${c.channel && !(c.outlet ?? '').includes(c.channel) ? ` via ${c.channel}` : ''}: `, h('q', null, clip(c.quote, 200))));
    append(root, h('h2', null, `Claims of responsibility${inc.competing_claims ? ' (competing)' : ''}`), ul);
  }
  if (inc.loaded_wording.length) {
    const ul = h('ul');
    for (const w of inc.loaded_wording) ul.appendChild(h('li', null, spanLink(w.doc_id, w.start, w.end, `“${w.word}”`), ` — ${w.outlet ?? w.doc_id}`));
    append(root, h('h2', null, 'Loaded wording in the sources'), h('p', { class: 'muted' }, 'Their words, flagged where they stand; sitrep never adopts them.'), ul);
  }
  if (d.history.length) {
    const ul = h('ul', { class: 'history' });
    for (const x of d.history) {
      const c = x.change;
      ul.appendChild(h('li', null, h('span', { class: 'muted' }, `${x.at.slice(0, 19).replace('T', ' ')} `), c.kind,
        c.added_reports?.length ? ` +${c.added_reports.join(', ')}` : '',
        c.changed_fields?.length ? `; changed ${c.changed_fields.map((f) => `${f.field}: ${JSON.stringify(f.from)} → ${JSON.stringify(f.to)}`).join(', ')}` : '',
        c.into ? ` into ${c.into}` : ''));
    }
    append(root, h('h2', null, 'History'), ul);
  }
  append(root, h('h2', null, 'Sources'), h('p', { class: 'sources' }, inc.sources.map((x) => `${x.speaker}${x.outlet && x.outlet !== x.speaker ? ` via ${x.outlet}` : ''}`).join('; ')));
  return root;
}

export type { IncidentRecord };
