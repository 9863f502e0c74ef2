import type { Document } from '../../core/document.js';
import { getLayer, layerKey, withLayer } from '../../core/document.js';
import type { Stage } from '../../core/pipeline.js';
import type { StageContext } from '../context.js';
import { PLACES } from '../places/places.js';
import { MENTIONS } from '../events/mentions.js';
import type { EventMention, MentionPlace } from '../events/types.js';
import type { Place } from '../places/gazetteer.js';

/** One attack as this document describes it: the mentions that describe it, in text order. */
export interface DocIncident {
  id: string;
  mentions: EventMention[];
  /** The date the incident is placed on, and which mention (or rule) gave it. */
  date: { iso: string; precision: string; from: string; rule: string } | null;
  place: MentionPlace | null;
  weapons: Set<string>;
  historical: boolean;
  /** Claims that name this incident's date rather than the incident itself ("the attacks on Wednesday and Thursday"). */
  claimMentions: EventMention[];
}

export const DOC_INCIDENTS = layerKey<DocIncident[]>('doc-incidents');

/** "the incidents", "these attacks", "both strikes": a reference back to more than one attack. */
const PLURAL_REFERENCE = /\b(?:the|these|those|both|all(?: the)?|all three|all four|the two|the three) (?:incidents|attacks|strikes|bombings|blasts|explosions|assaults)\b/i;
const SPECIFIC = new Set(['facility', 'airport', 'city']);
const GENERIC_WEAPONS = new Set(['explosive']);

function sameFamily(a: string, b: string): boolean {
  const fam = (w: string) => (w === 'one_way_attack_drone' ? 'drone' : w === 'ballistic_missile' || w === 'cruise_missile' ? 'missile' : w);
  return fam(a) === fam(b);
}

function weaponsCompatible(a: Set<string>, b: string[]): boolean {
  const bs = b.filter((w) => !GENERIC_WEAPONS.has(w));
  const as = [...a].filter((w) => !GENERIC_WEAPONS.has(w));
  if (!as.length || !bs.length) return true;
  return as.some((x) => bs.some((y) => sameFamily(x, y)));
}

function km(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const p = Math.PI / 180;
  const h = Math.sin(((bLat - aLat) * p) / 2) ** 2 + Math.cos(aLat * p) * Math.cos(bLat * p) * Math.sin(((bLon - aLon) * p) / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(Math.min(1, h)));
}

/** Is `inner` the same place as `outer` or inside it, as far as the gazetteer says? */
export function within(inner: Place, outer: Place): boolean {
  if (inner.id === outer.id) return true;
  if (!outer.country || inner.country !== outer.country) return false;
  if (outer.kind === 'country' || outer.kind === 'region') return inner.kind !== 'country';
  if (outer.kind === 'admin1') return SPECIFIC.has(inner.kind) && !!inner.admin1 && inner.admin1 === outer.admin1;
  // Two named sites a few kilometres apart are one site as far as an attack report goes (a base beside an airport).
  if (SPECIFIC.has(inner.kind) && SPECIFIC.has(outer.kind) && inner.kind !== 'city' && outer.kind !== 'city' && inner.lat !== null && outer.lat !== null) {
    return km(inner.lat, inner.lon ?? 0, outer.lat, outer.lon ?? 0) < 8;
  }
  if (outer.kind === 'city') return (inner.kind === 'facility' || inner.kind === 'airport') && !!inner.lat && !!outer.lat && Math.hypot(inner.lat - outer.lat!, (inner.lon ?? 0) - (outer.lon ?? 0)) < 0.3;
  return false;
}

function placeCompatible(inc: DocIncident, m: EventMention, mPlace: MentionPlace | null): boolean {
  if (!mPlace || !inc.place) return true;
  const a = inc.place.place;
  const b = mPlace.place;
  if (a.id === b.id) return true;
  // A vaguer place never pulls a mention into an incident at a named facility: "a third drone … in northern Iraq" is another attack.
  return within(b, a) || (within(a, b) && m.anaphoric) || (within(a, b) && b.kind !== 'country' && b.kind !== 'region' && !SPECIFIC.has(b.kind) && false);
}

function dateCompatible(inc: DocIncident, m: EventMention): boolean {
  if (!m.date || !inc.date) return true;
  if (m.date.speech) return inc.date.iso <= m.date.iso;
  if (m.date.precision !== 'day' || inc.date.precision !== 'day') return m.date.iso.slice(0, 7) === inc.date.iso.slice(0, 7);
  return inc.date.iso === m.date.iso;
}

export const incidentsStage: Stage<StageContext> = {
  name: 'incidents',
  needs: [MENTIONS, PLACES],
  adds: [DOC_INCIDENTS],
  run(doc: Document, ctx: StageContext): Document {
    const mentions = getLayer(doc, MENTIONS);
    const placeMentions = getLayer(doc, PLACES);
    const incidents: DocIncident[] = [];
    let narrative: { iso: string; precision: string; from: string } | null = null;
    let summary: { date: EventMention['date']; weapons: string[]; from: string; used: boolean; mention: EventMention } | null = null;
    let lastTouched: DocIncident | null = null;
    const open = (m: EventMention, place: MentionPlace | null, date: DocIncident['date']) => {
      const inc: DocIncident = { id: `${doc.meta.id}#${incidents.length + 1}`, mentions: [m], date, place, weapons: new Set(m.weapons.map((w) => w.id)), historical: m.historical, claimMentions: [] };
      incidents.push(inc);
      return inc;
    };
    const join = (inc: DocIncident, m: EventMention, place: MentionPlace | null) => {
      inc.mentions.push(m);
      for (const w of m.weapons) inc.weapons.add(w.id);
      if (place && (!inc.place || (place.place.id !== inc.place.place.id && within(place.place, inc.place.place)))) inc.place = place;
      if (m.date && !m.date.speech && (!inc.date || inc.date.rule.includes('inherited') || inc.date.rule.startsWith('no-date-in-text'))) inc.date = { iso: m.date.iso, precision: m.date.precision, from: m.id, rule: m.date.rule };
      lastTouched = inc;
    };
    /** The place named last before a mention that only refers back ("the base", "that incident"). */
    const lastNamedPlace = (before: number): MentionPlace | null => {
      const prior = placeMentions.filter((p) => p.end <= before && p.relation !== 'modifier' && p.place.status === 'resolved');
      if (!prior.length) return null;
      const lastStart = prior[prior.length - 1].start;
      const sameSentence = prior.filter((p) => lastStart - p.start < 200);
      const rank = (p: typeof prior[number]) => (p.place.status === 'resolved' ? ({ facility: 6, airport: 5, city: 4, admin1: 3, region: 2, country: 1 }[p.place.value.kind] ?? 0) : 0);
      const best = sameSentence.sort((a, b) => rank(b) - rank(a) || b.start - a.start)[0];
      return best.place.status === 'resolved' ? { start: best.start, end: best.end, place: best.place.value, relation: best.relation, surface: best.surface, rule: 'anaphora:last-named-place' } : null;
    };

    for (const m of mentions) {
      const place = m.place ?? (m.anaphoric ? lastNamedPlace(m.start) : null);
      const ownDate = m.date && !m.date.speech ? m.date : null;
      if (ownDate && !m.historical && !m.summary) {
        narrative = { iso: ownDate.iso, precision: ownDate.precision, from: m.id };
        // A summary speaks for the attacks of its own day; a new day ends it.
        if (summary?.date && summary.date.iso !== ownDate.iso) summary = null;
      }
      if (m.historical) { open(m, place, m.date ? { iso: m.date.iso, precision: m.date.precision, from: m.id, rule: m.date.rule } : null); continue; }
      if (m.claimants.length && m.claimDates.length && !m.weapons.length) {
        // "A claim … for the attacks on Wednesday and Thursday": every incident of those days (in the claim's country, if it names one).
        const targets = incidents.filter((i) => !i.historical && i.date && m.claimDates.includes(i.date.iso) && (!m.place || !i.place || i.place.place.country === m.place.place.country));
        for (const t of targets) t.claimMentions.push(m);
        if (targets.length) continue;
      }
      if (m.summary && !m.supplementOnly) {
        if (summary && !summary.used && summary.date && summary.mention.place) open(summary.mention, summary.mention.place, summary.date ? { iso: summary.date.iso, precision: summary.date.precision, from: summary.mention.id, rule: summary.date.rule } : null);
        summary = { date: ownDate ?? (m.date?.speech ? null : m.date), weapons: m.weapons.map((w) => w.id), from: m.id, used: false, mention: m };
        if (ownDate) narrative = { iso: ownDate.iso, precision: ownDate.precision, from: m.id };
        continue;
      }
      const isStateActor = (id: string | null | undefined) => { const t = id ? ctx.actors.byId(id)?.type : undefined; return t === 'state_forces' || t === 'external_force'; };
      const sideConflict = (i: DocIncident) => {
        const theirs = i.mentions.map((x) => x.perpetrator).find((p) => p?.actorId);
        return !!m.perpetrator?.actorId && !!theirs?.actorId && isStateActor(m.perpetrator.actorId) !== isStateActor(theirs.actorId);
      };
      const candidates = incidents.filter((i) => !i.historical && !sideConflict(i) && placeCompatible(i, m, place) && dateCompatible(i, m) && weaponsCompatible(i.weapons, m.weapons.map((w) => w.id)));
      // Of several incidents at one place, a reference without a date means the latest ("the attack on Ain al-Asad").
      const samePlace = candidates.filter((i) => place && i.place && i.place.place.id === place.place.id).sort((a, b) => (a.date?.iso ?? '').localeCompare(b.date?.iso ?? ''));
      // "The attack took place across the border in Syria": a reference back, even with another place, is the same attack.
      // It places the attack only if nothing placed it before.
      if (m.anaphoric && !ownDate && !m.weapons.length && lastTouched && !m.supplementOnly && m.place) { join(lastTouched, m, lastTouched.place ? null : m.place); continue; }
      // With no place and no date of its own, a clause continues the attack just described ("Both rockets landed outside");
      // so does one that only narrows its place ("The interception occurred in Jomleh village in the Dara countryside").
      const last = lastTouched as DocIncident | null;
      const isState = (id: string | null | undefined) => { const t = id ? ctx.actors.byId(id)?.type : undefined; return t === 'state_forces' || t === 'external_force'; };
      const lastActor = last?.mentions.map((x) => x.perpetrator).find(Boolean) ?? null;
      // The attacker and the force striking back are never the same incident.
      const otherSide = !!m.perpetrator?.actorId && !!lastActor?.actorId && isState(m.perpetrator.actorId) !== isState(lastActor.actorId);
      // A toll told first with nothing else ("At least 11 people were killed and 20 injured") is completed by the clause
      // that says who struck, where and when ("… after suicide bombers targeted a wake on Wednesday").
      const bareToll = !!last && !last.place && last.weapons.size === 0 && last.mentions.every((x) => x.weak && !x.weapons.length && (!x.date || x.date.speech));
      const continues = (!ownDate || bareToll) && !!last && !otherSide && weaponsCompatible(last.weapons, m.weapons.map((w) => w.id))
        && (!m.place || (!m.weapons.length && !!last.place && within(m.place.place, last.place.place))
          // "Twelve people were killed … after four suicide bombers struck in Maiduguri": the clause that says where and
          // with what completes the one that gave only the toll.
          || !last.place);
      // "Sources attributed the incidents to ISIL", "X claimed the attacks": an attribution or claim that refers back in the
      // plural names every attack the report has told (none from its background), not only the last one.
      if (m.supplementOnly && !m.weapons.length && PLURAL_REFERENCE.test(doc.text.slice(m.start, m.end))) {
        const told = incidents.filter((i) => !i.historical);
        if (told.length > 1) {
          for (const t of told) join(t, m, null);
          continue;
        }
      }
      if (m.supplementOnly || (m.weak && incidents.length > 0) || continues || (m.anaphoric && !m.place && !ownDate)) {
        // "the strikes", "the drone": the noun a reference uses picks the incident with that kind of weapon.
        const noun = /\b(?:the|that|this|these|those|its)\s+(air ?strikes?|strikes?|raids?|bombing|drones?|rockets?|missiles?|shelling)\b/i.exec(doc.text.slice(m.start, m.end))?.[1]?.toLowerCase();
        const family = !noun ? null : /strike|raid|bombing/.test(noun) ? ['airstrike'] : /drone/.test(noun) ? ['drone', 'one_way_attack_drone'] : /rocket|missile|shelling/.test(noun) ? ['rocket', 'missile', 'ballistic_missile', 'cruise_missile', 'mortar', 'artillery'] : null;
        const byNoun = family && m.anaphoric && !m.place ? [...incidents].reverse().find((i) => !i.historical && [...i.weapons].some((w) => family.includes(w))) : undefined;
        const target = byNoun ?? (continues && !m.supplementOnly ? last : (place ? samePlace[samePlace.length - 1] ?? candidates.filter((i) => i.place && place && within(i.place.place, place.place)).pop() : null) ?? (lastTouched && candidates.includes(lastTouched) ? lastTouched : candidates[candidates.length - 1]) ?? lastTouched);
        // A clause that refers back and names where ("One of the attacks targeted a battalion in Cizre") places an incident told
        // without a place.
        if (target) { join(target, m, place && (!target.place || within(place.place, target.place.place)) ? place : null); continue; }
        // A claim or an attribution names an attack; it never stands for one.
        if (m.supplementOnly) continue;
      }
      const target = ownDate
        ? samePlace.find((i) => i.date?.iso === ownDate.iso) ?? candidates.find((i) => i.date?.iso === ownDate.iso && (!i.place || !place || within(place.place, i.place.place)))
        : samePlace[samePlace.length - 1]
          ?? candidates.find((i) => place && i.place && within(place.place, i.place.place) && i.place.place.kind !== 'country')
          // An undated mention of a named site completes an attack the story placed only in a part of the country ("northern Iraq").
          ?? candidates.find((i) => place && i.place && i.place.relation === 'part-of' && within(place.place, i.place.place));
      if (target) { join(target, m, place); continue; }
      // A clause opens an incident only if it says enough to be an attack: a weapon, a casualty, a place, a typed act
      // (seizure, abduction, clash…) or a named attacker. "The market was hit hard", "the drones will carry medicine"
      // and "the striker shot the side into the lead" say none of these.
      if (!m.weapons.length && !m.killed && !m.injured && !m.place && !m.signals.length && !m.perpetrator) continue;
      // "The missile hit its target" with nothing before it to refer to is about something that was no attack.
      // A typed act ("arms were seized during the incident") says enough by itself.
      if (m.anaphoric && !incidents.length && !m.place && !m.killed && !m.injured && !m.signals.length) continue;
      // A new incident: dated by its own words, else by the summary it follows, else by the story's running date.
      let date: DocIncident['date'] = ownDate ? { iso: ownDate.iso, precision: ownDate.precision, from: m.id, rule: ownDate.rule } : null;
      if (!date && summary?.date) date = { iso: summary.date.iso, precision: summary.date.precision, from: summary.from, rule: 'inherited-from-summary' };
      else if (!date && narrative && !(m.date?.speech && narrative.iso > m.date.iso)) date = { ...narrative, rule: 'inherited-from-narrative' };
      else if (!date && m.date?.speech) date = { iso: m.date.iso, precision: m.date.precision, from: m.id, rule: 'date-of-statement' };
      // Nothing in the text dates it: ACLED's convention is the report's date, marked as known only to the week.
      if (!date && doc.meta.published && !m.historical) date = { iso: doc.meta.published, precision: 'week', from: m.id, rule: 'no-date-in-text:publication-date' };
      const inc = open(m, place, date);
      if (summary && (!summary.date || !date || summary.date.iso === date.iso)) {
        summary.used = true;
        if (!m.weapons.some((w) => !GENERIC_WEAPONS.has(w.id))) for (const w of summary.weapons) inc.weapons.add(w);
        inc.mentions.unshift(summary.mention);
      }
      lastTouched = inc;
    }
    // A summary no incident took up stands on its own only when it says where and when.
    if (summary && !summary.used && summary.date && summary.mention.place) {
      const s = summary.mention;
      open(s, s.place, summary.date ? { iso: summary.date.iso, precision: summary.date.precision, from: s.id, rule: summary.date.rule } : null);
    }
    return withLayer(doc, DOC_INCIDENTS, incidents);
  },
};
