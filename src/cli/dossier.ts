import type { ExtractedEvent } from '../stages/incidents/contract.js';

/** The field-by-source view of one incident: every value with who said it, through whom, and the words. */
export function renderDossier(ev: ExtractedEvent, documentTitle: string | null): string {
  const out: string[] = [];
  out.push(`${ev.event_id}  ${ev.event_date ?? 'date unknown'} (${ev.date_precision})  ${ev.sub_event_type}`);
  if (documentTitle) out.push(`from: ${documentTitle}${ev.outlet ? ` — ${ev.outlet}` : ''}${ev.published ? `, ${ev.published}` : ''}`);
  out.push(`place: ${ev.location ?? 'unknown'}${ev.admin1 ? `, ${ev.admin1}` : ''}${ev.country ? `, ${ev.country}` : ''}${ev.latitude !== null ? `  (${ev.latitude}, ${ev.longitude}; precision ${ev.geo_precision})` : ''}`);
  out.push(`weapons: ${ev.weapons.join(', ') || 'unknown'}`);
  out.push(`actor1: ${ev.actor1 ?? 'unknown'}${ev.actor2 ? `   actor2: ${ev.actor2}` : ''}`);
  if (ev.target) out.push(`target: ${ev.target}`);
  if (ev.damage) out.push(`damage: ${ev.damage}`);
  out.push('');
  for (const [field, f] of Object.entries(ev.fields)) {
    if (!f.assertions.length) { out.push(`${field}: not reported`); continue; }
    out.push(`${field}: best ${f.best ?? 'unknown'}  low ${f.low ?? '-'}  high ${f.high ?? 'open'}${f.disputed ? '  DISPUTED' : ''}`);
    for (const a of f.assertions) {
      const v = a.value ?? `${a.min}${a.max === null ? '+' : `–${a.max}`}`;
      out.push(`  ${String(v).padEnd(5)} ${a.speaker}${a.outlet && a.outlet !== a.speaker ? ` (via ${a.outlet})` : ''} [${a.stance}]`);
      out.push(`        “${a.quote.trim()}”  @${a.start}-${a.end} ${a.rule}`);
    }
  }
  if (ev.claims.length) {
    out.push('');
    out.push('claims of responsibility:');
    for (const c of ev.claims) out.push(`  ${c.claimant}${c.known_actor ? '' : ' (not in the actor registry)'} — reported by ${c.outlet ?? c.speaker}: “${c.quote.trim()}”`);
  }
  if (ev.disputes.length) {
    out.push('');
    for (const d of ev.disputes) out.push(`dispute on ${d.field}: ${d.values.map((v) => `${v.value} per ${v.speaker}${v.outlet ? ` (${v.outlet})` : ''}`).join(' vs ')}`);
  }
  out.push('');
  out.push(`sources: ${ev.sources.map((s) => `${s.speaker}${s.outlet && s.outlet !== s.speaker ? ` via ${s.outlet}` : ''}`).join('; ')}`);
  out.push(`note: ${ev.notes}`);
  return out.join('\n');
}
