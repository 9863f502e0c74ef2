/**
 * Cross-document scoring on ../shared/eval/multisource-dev.jsonl: documents to incidents (pairwise and B-cubed
 * precision, recall, F1), gold incidents found with the right date and place, and gold disputes on counts found
 * with both values and their sources.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Inc { incident_id: string; event_date: string | null; country: string | null; latitude: number | null; longitude: number | null; doc_ids: string[]; weapons: string[]; disputes: { field: string; values: { value: unknown; speaker: string; outlet: string | null }[] }[] }

function km(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const p = Math.PI / 180;
  const h = Math.sin(((bLat - aLat) * p) / 2) ** 2 + Math.cos(aLat * p) * Math.cos(bLat * p) * Math.sin(((bLon - aLon) * p) / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(Math.min(1, h)));
}

export function scoreMultisource(evalDir: string, sitrep: (args: string[]) => { stdout: string; stderr: string; status: number | null }): Record<string, number> {
  const docsPath = join(evalDir, 'multisource-dev.jsonl');
  const gold = JSON.parse(readFileSync(join(evalDir, 'multisource-dev-gold.json'), 'utf8')) as { clusters: Record<string, any> };
  const db = join(mkdtempSync(join(tmpdir(), 'sitrep-ms-')), 'ms.db');
  const ing = sitrep(['ingest', docsPath, '--db', db]);
  if (ing.status !== 0) console.log(`   ingest exited ${ing.status}: ${ing.stderr.trim().split('\n').pop()}`);
  const incidents = sitrep(['incidents', '--db', db, '--json']).stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Inc);
  const placeOk = (inc: Inc, g: any) => {
    const p = g.place;
    if (p.lat != null && inc.latitude != null) return km(inc.latitude, inc.longitude!, p.lat, p.lon) <= (p.within_km ?? 25);
    return p.lat == null && !!p.country && inc.country === p.country;
  };
  const matches = (inc: Inc, g: any) => inc.event_date === g.event_date && placeOk(inc, g);
  const docLabel = new Map<string, string>();
  const goldLabel = new Map<string, string>();
  let incFound = 0, incTotal = 0, attackFound = 0, attackTotal = 0, dispFound = 0, dispTotal = 0;
  const missing: string[] = [];
  for (const [cid, c] of Object.entries(gold.clusters)) {
    const attack = c.incidents.find((i: any) => i.role === 'attack_on_us_coalition');
    for (const d of c.report_ids as string[]) {
      goldLabel.set(d, cid);
      const mine = incidents.filter((i) => i.doc_ids.includes(d));
      const best = mine.filter((i) => attack && matches(i, attack)).sort((a, b) => b.doc_ids.length - a.doc_ids.length)[0]
        ?? mine.sort((a, b) => b.doc_ids.length - a.doc_ids.length)[0];
      docLabel.set(d, best ? best.incident_id : `none:${d}`);
    }
    for (const g of c.incidents) {
      incTotal++;
      const found = incidents.some((i) => matches(i, g));
      if (found) incFound++; else missing.push(`${g.key} (${g.event_date}, ${g.place.name})`);
      if (g.role === 'attack_on_us_coalition') { attackTotal++; if (found) attackFound++; }
    }
    for (const d of c.disputes ?? []) {
      const field = /launched|munition|projectile|missile|rocket/i.test(d.field) ? 'launched' : /killed|fatal|dead/i.test(d.field) ? 'killed' : /injur|wound/i.test(d.field) ? 'injured' : null;
      if (!field || !d.incident) continue;
      const numbers = new Set<number>(d.values.map((v: any) => Number((/\d+/.exec(String(v.value)) ?? [])[0])).filter((n: number) => Number.isFinite(n)));
      if (numbers.size < 2) continue;
      dispTotal++;
      const g = c.incidents.find((i: any) => i.key === d.incident);
      const candidates = incidents.filter((i) => g && matches(i, g));
      const num = (v: unknown) => Number((/\d+/.exec(String(v)) ?? [])[0]);
      const hit = candidates.some((i) => i.disputes.some((x) => x.field === field && new Set(x.values.filter((v) => numbers.has(num(v.value)) && v.speaker).map((v) => num(v.value))).size >= 2));
      if (hit) dispFound++; else missing.push(`dispute ${d.incident}/${field}: ${[...numbers].join(' vs ')}`);
    }
  }
  const docs = [...goldLabel.keys()];
  let tp = 0, fp = 0, fn = 0;
  for (let i = 0; i < docs.length; i++) for (let j = i + 1; j < docs.length; j++) {
    const sameGold = goldLabel.get(docs[i]) === goldLabel.get(docs[j]);
    const samePred = docLabel.get(docs[i]) === docLabel.get(docs[j]);
    if (sameGold && samePred) tp++; else if (samePred) fp++; else if (sameGold) fn++;
  }
  const pp = tp / Math.max(1, tp + fp), pr = tp / Math.max(1, tp + fn);
  let bp = 0, br = 0;
  for (const d of docs) {
    const predSet = docs.filter((x) => docLabel.get(x) === docLabel.get(d));
    const goldSet = docs.filter((x) => goldLabel.get(x) === goldLabel.get(d));
    const both = predSet.filter((x) => goldSet.includes(x)).length;
    bp += both / predSet.length; br += both / goldSet.length;
  }
  bp /= docs.length; br /= docs.length;
  const f = (p: number, r: number) => (p + r ? (200 * p * r) / (p + r) : 0);
  const figures = { pairwise_p: 100 * pp, pairwise_r: 100 * pr, pairwise_f1: f(pp, pr), bcubed_p: 100 * bp, bcubed_r: 100 * br, bcubed_f1: f(bp, br), incident_recall: (100 * incFound) / incTotal, attack_recall: (100 * attackFound) / attackTotal, dispute_recall: dispTotal ? (100 * dispFound) / dispTotal : 100, incidents: incidents.length };
  console.log(`   documents→incidents  pairwise P ${figures.pairwise_p.toFixed(1)} R ${figures.pairwise_r.toFixed(1)} F1 ${figures.pairwise_f1.toFixed(1)}   B³ P ${figures.bcubed_p.toFixed(1)} R ${figures.bcubed_r.toFixed(1)} F1 ${figures.bcubed_f1.toFixed(1)}`);
  console.log(`   gold incidents found ${incFound}/${incTotal} (attacks ${attackFound}/${attackTotal}); count disputes found with both sides ${dispFound}/${dispTotal}; ${incidents.length} incidents from ${docs.length} reports`);
  for (const m of missing) console.log(`   missing: ${m}`);
  console.log(`multisource: pairwise F1 ${figures.pairwise_f1.toFixed(1)}, B3 F1 ${figures.bcubed_f1.toFixed(1)}, incidents found ${incFound}/${incTotal}, attacks ${attackFound}/${attackTotal}, disputes ${dispFound}/${dispTotal}`);
  return figures;
}
