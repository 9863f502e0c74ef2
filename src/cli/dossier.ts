import type { IncidentRecord } from '../stages/incidents/incident-record.js';
import type { IncidentHistoryEntry } from '../store/repository.js';

interface DocRef { id: string; title: string | null; outlet: string | null; published: string | null; url: string | null }

/** The field-by-source view of one incident: every value with who said it, through which outlet, when, and the words. */
export function renderDossier(inc: IncidentRecord, documents: DocRef[], history: IncidentHistoryEntry[]): string {
  const out: string[] = [];
  const docOf = new Map(documents.map((d) => [d.id, d]));
  out.push(`${inc.incident_id}  ${inc.event_date ?? 'date unknown'} (${inc.date_precision})  ${inc.sub_event_type}`);
  out.push(`place: ${inc.location ?? 'unknown'}${inc.admin1 ? `, ${inc.admin1}` : ''}${inc.country ? `, ${inc.country}` : ''}${inc.latitude !== null ? `  (${inc.latitude}, ${inc.longitude}; precision ${inc.geo_precision})` : ''}`);
  out.push(`weapons: ${inc.weapons.join(', ') || 'unknown'}`);
  out.push(`actor1: ${inc.actor1 ?? 'unknown'}${inc.actor2 ? `   actor2: ${inc.actor2}` : ''}`);
  if (inc.target) out.push(`target: ${inc.target}`);
  if (inc.damage) out.push(`damage: ${inc.damage}`);
  out.push('');
  out.push(`reports (${inc.reports.length}):`);
  for (const r of inc.reports) {
    const d = docOf.get(r.doc_id);
    out.push(`  ${r.doc_id}  ${r.published ?? '?'}  ${r.outlet ?? 'outlet unknown'}${d?.title ? `  “${d.title}”` : ''}`);
  }
  out.push('');
  for (const [field, f] of Object.entries(inc.fields)) {
    if (!f.assertions.length) { out.push(`${field}: not reported`); continue; }
    out.push(`${field}: best ${f.best ?? 'unknown'}  low ${f.low ?? '-'}  high ${f.high ?? 'open'}${f.disputed ? '  DISPUTED' : ''}  [${f.confirmation}]`);
    for (const a of f.assertions) {
      const v = a.value ?? `${a.min}${a.max === null ? '+' : `–${a.max}`}`;
      out.push(`  ${String(v).padEnd(5)} ${a.speaker}${a.outlet && a.outlet !== a.speaker ? ` (via ${a.outlet})` : ''} — ${a.report_outlet ?? a.doc_id}, ${a.published ?? 'date unknown'} [${a.stance}]`);
      out.push(`        “${a.quote.trim()}”  ${a.doc_id}@${a.start}-${a.end} ${a.rule}`);
    }
    for (const r of f.revisions) out.push(`  revised by ${r.outlet}: ${r.from} → ${r.to} (${r.at ?? 'date unknown'})`);
  }
  if (inc.claims.length) {
    out.push('');
    out.push(`claims of responsibility${inc.competing_claims ? ' (COMPETING)' : ''}:`);
    for (const c of inc.claims) out.push(`  ${c.claimant}${c.known_actor ? '' : ' (not in the actor registry)'} — reported by ${c.outlet ?? c.speaker}: “${c.quote.trim()}”`);
  }
  if (inc.disputes.length) {
    out.push('');
    for (const d of inc.disputes) out.push(`dispute on ${d.field}: ${d.values.map((v) => `${v.value} per ${v.speaker}${v.outlet ? ` (${v.outlet})` : ''}`).join(' vs ')}`);
  }
  if (inc.loaded_wording.length) {
    out.push('');
    out.push('loaded wording in the sources (theirs, not sitrep\'s):');
    for (const w of inc.loaded_wording) out.push(`  “${w.word}” — ${w.outlet ?? w.doc_id} @${w.start}-${w.end}`);
  }
  out.push('');
  out.push(`sources: ${inc.sources.map((s) => `${s.speaker}${s.outlet && s.outlet !== s.speaker ? ` via ${s.outlet}` : ''}`).join('; ')}`);
  out.push(`note: ${inc.notes}`);
  if (history.length) {
    out.push('');
    out.push('history:');
    for (const h of history) out.push(`  ${h.at}  ${h.change.kind}${h.change.added_reports?.length ? ` +${h.change.added_reports.join(',')}` : ''}${h.change.changed_fields?.length ? ` changed: ${h.change.changed_fields.map((c) => c.field).join(', ')}` : ''}${h.change.into ? ` into ${h.change.into}` : ''}`);
  }
  return out.join('\n');
}
