/** The incident list: one row per incident, newest or oldest first, a page at a time. */
import type { IncidentSummary } from './api';
import { h } from './dom';
import { count, placeLine, shortDate, weaponLabel } from './format';

export function listHeader(): HTMLTableSectionElement {
  return h('thead', null, h('tr', null, h('th', null, 'date'), h('th', null, 'place'), h('th', null, 'type · weapons'), h('th', { class: 'n' }, 'killed'), h('th', { class: 'n' }, 'injured'), h('th', null, 'actor or claimant'), h('th', { class: 'n' }, 'reports'), h('th', null, 'disputed')));
}

export function listRow(i: IncidentSummary, href: string): HTMLTableRowElement {
  const actor = i.actor1 ?? (i.claimed_by.length ? `claimed: ${i.claimed_by.join(', ')}` : null);
  const row = h('tr', { class: i.disputed_fields.length ? 'disputed' : undefined, 'data-id': i.incident_id },
    h('td', { class: 'nowrap' }, h('a', { href }, shortDate(i.event_date, i.date_precision))),
    h('td', null, placeLine(i)),
    h('td', null, i.sub_event_type, i.weapons.length ? h('span', { class: 'muted' }, ` · ${i.weapons.map(weaponLabel).join(', ')}`) : null),
    h('td', { class: 'n' }, count(i.fatalities)),
    h('td', { class: 'n' }, count(i.injured)),
    h('td', null, actor ?? h('span', { class: 'muted' }, 'unknown')),
    h('td', { class: 'n' }, String(i.reports)),
    h('td', null, i.disputed_fields.length ? h('span', { class: 'badge' }, i.disputed_fields.join(', ')) : ''),
  );
  row.addEventListener('click', (ev) => {
    if ((ev.target as Element).closest('a')) return;
    location.hash = href;
  });
  return row;
}
