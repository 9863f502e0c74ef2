import type { Document } from '../core/document.js';
import type { ExtractedEvent } from '../stages/incidents/contract.js';

/** Each field of an event, its value, and for every piece of evidence the quoted span and the rule behind it. */
export function explainEvent(ev: ExtractedEvent, doc: Document): string {
  const lines = [`- ${ev.event_id}: ${ev.sub_event_type} (${ev.event_type})${ev.historical ? ' [historical]' : ''}`];
  const value: Record<string, unknown> = {
    event_date: `${ev.event_date ?? 'unknown'} (${ev.date_precision})`, location: ev.location ? `${ev.location} [${ev.place_id}] ${ev.latitude},${ev.longitude} precision ${ev.geo_precision}` : 'unknown',
    weapons: ev.weapons.join(', ') || 'none', launched: ev.launched, intercepted: ev.intercepted, impacted: ev.impacted, killed: ev.fatalities, injured: ev.injured,
    actor1: ev.actor1 ?? 'unknown', claimed_by: ev.claimed_by.join(', ') || 'none', target: ev.target ?? 'unknown',
  };
  for (const [field, v] of Object.entries(value)) {
    lines.push(`    ${field.padEnd(12)} ${v === null ? 'not reported' : String(v)}`);
    for (const e of ev.evidence.filter((x) => x.field === field || (field === 'killed' && x.field === 'killed'))) {
      lines.push(`        @${e.start}-${e.end} “${doc.text.slice(e.start, e.end).replace(/\s+/g, ' ').slice(0, 90)}”  rule: ${e.rule ?? 'n/a'}`);
    }
  }
  if (ev.disputes.length) for (const d of ev.disputes) lines.push(`    DISPUTE ${d.field}: ${d.values.map((v) => `${v.value} per ${v.speaker}${v.outlet ? ` via ${v.outlet}` : ''}`).join(' vs ')}`);
  lines.push(`    sources      ${ev.sources.map((s) => `${s.speaker}${s.outlet ? ` (${s.outlet})` : ''} [${s.speaker_class}]`).join('; ')}`);
  lines.push(`    note         ${ev.notes}`);
  return lines.join('\n');
}
