import type { Document } from '../../core/document.js';
import { getLayer, layerKey, withDiagnostics, withLayer } from '../../core/document.js';
import type { Diagnostic } from '../../core/diagnostics.js';
import type { Stage } from '../../core/pipeline.js';
import type { StageContext } from '../context.js';
import { ACTORS } from '../actors/actors.js';
import type { ActorMention } from '../actors/actors.js';
import { ATTRIBUTIONS } from '../attribution/attribution.js';
import { DATES } from '../dates/dates.js';
import { NUMBERS } from '../numbers/numbers.js';
import type { NumberMention } from '../numbers/numbers.js';
import { cardinalValue } from '../numbers/numbers.js';
import { PLACES } from '../places/places.js';
import { ZONES, bodySentences } from '../segment/segment.js';
import type { Lexicons } from './lexicons.js';
import { ABDUCTION } from './cues.js';
import { findCasualties } from './quantities.js';
import type { EventMention, MentionActor, MentionPlace, QuantityValue } from './types.js';

export const MENTIONS = layerKey<EventMention[]>('mentions');

const PROJECTILES = new Set(['ballistic_missile', 'cruise_missile', 'missile', 'rocket', 'drone', 'one_way_attack_drone', 'mortar', 'artillery']);
const KIND_RANK: Record<string, number> = { facility: 6, airport: 5, city: 4, region: 2, admin1: 3, country: 1 };
// "that" after a verb of saying starts what was said ("officials said that rocket-propelled grenades …"), no reference back.
const ANAPHORA = /\b(?:the|(?<!\b(?:said|says|say|reported|reports|announced|added|claimed|stated|confirmed|noted|believes?|believed|thinks?|thought|warned|insisted|indicated|showed|shows) )that|this|these|those|its) (?:attack|attacks|incident|incidents|strike|strikes|drone|drones|rockets?|missiles?|base|airbase|air base|operation|blast|explosion|bombing|device|assault|intercepted drone|interception|shelling|kidnapping|abduction)\b(?!-)/i;
const SUMMARY = /\b(?:attacks|strikes|incidents)\b/i;
// Words before a weapon word that make it no weapon of this event: "parts for drones" is trade, "the 2017 chemical attack"
// names an earlier attack by its year, "a spokesman for the Air Force" speaks for an air arm.
const WEAPON_NOT_USED_BEFORE = /(?:\b(?:spare parts|parts?|components?|supplies|shipments?|sales?|transfers?|deliveries|smuggling|trafficking|purchases?) (?:of|for) (?:[\w-]+ ){0,2}|\b(?:the|a|an|its|their|deadly|notorious|infamous) (?:\w+ )?(?:19|20)\d\d (?:[\w-]+ )?|\bspokes(?:man|woman|person) (?:for|of) (?:the )?)$/i;
// "destroying several Apache helicopters", "shot down an army helicopter": an aircraft on the receiving end carries out no air strike.
const AIRCRAFT_AS_OBJECT = /\b(?:destroy(?:ed|ing|s)?|damag(?:ed|ing|es)|shoot(?:ing)? down|shot down|down(?:ed|ing)|brought down|bringing down) (?:(?!by\b|with\b|from\b)[\w-]+ ){0,3}$/i;
// After a weapon word: "drone experts", "missile sites", "Air Force spokesman" name something other than a weapon in use.
const WEAPON_NOT_USED_AFTER = /^[\s-]*(?:activity|activities|production|factory|factories|depots?|warehouses?|storage|programmes?|programs?|experts?|operators?|parts|components|capabilities|technology|industry|bases?|sites?|launch(?:ing)? sites?|cells?|units?|teams?|spokes(?:man|woman|person)|officials?|command(?:er|ers)?|chiefs?|academy|(?:has |had )?(?:said|says))\b/i;
// "the war's deadliest battle", "stags battle for mating rights": a battle or fighting counts as a clash only with armed people or arms in it.
const ARMED_PARTY = /\b(?:soldiers?|troops|army|military|forces|police(?:men)?|militants?|insurgents?|rebels?|fighters|militia\w*|gunmen|jihadists?|terrorists?|guerrillas?|combatants|insurgency|Taliban|Shabaab?|Houthis?|ISIS|ISIL|Daesh|PKK|YPG|SDF|al-Qaeda|Boko Haram|bandits|weapons?|guns?|gunfire|artillery|rockets?|mortars?)\b/i;
// Words that name someone armed who attacks: a clause with one describes an attack of its own.
const ARMED_ATTACKER = /\b(?:militants?|insurgents?|gunm[ae]n|terrorists?|rebels|jihadists?|attackers?|assailants|suicide|bandits)\b/i;
// "without any armed clashes", "no fighting was reported": a clash that did not happen.
const NO_CLASH = /\b(?:without|no|never|not) (?:\w+ ){0,4}(?:clash(?:es)?|fighting|fight|battles?|resistance|firefights?|shots? (?:being |was |were )?fired)\b/i;
// Territory that changed hands without a fight (ACLED's "non-violent transfer of territory", no armed-attack event).
const NONVIOLENT_TRANSFER = /\b(?:withdr(?:ew|awn|awal|awing)|pull(?:ed|ing)? out|pull-?out|handed (?:over )?(?:control|authority|power)|hand(?:ed|ing)? over|handover|without (?:a |any )?(?:fight|resistance|(?:armed )?clashes|fighting|bloodshed)|evacuated by|abandoned by|deserted)\b/i;
/** Words every running-total pattern below needs ("since", "so far", …): a cheap look before that pattern. */
const RUNNING_TOTAL_WORD = /since|in that period|so far|to date|have been recorded|over the past/i;
const CLAUSE_CUE = /;|\b(?:while|whereas|after|before)\b/;
// "after militants fired …" and "before …" name another event than the main clause's.
const CLAUSE_SPLIT = /(?:;\s+|,?\s+while\s+|,?\s+whereas\s+|,?\s+(?:shortly |hours |minutes |days |soon )?(?:after|before)\s+(?=(?:[\p{L}.'’-]+\s+){1,5}?(?:had\s+|have\s+)?(?:fired|launched|attacked|struck|hit|targeted|detonated|shelled|killed|wounded|injured)\b))/gu;

/** A clash the clause tells of: a clash word, with armed people for the looser ones, that no "without" or "no" takes back. */
function namesClash(clause: string, lex: Lexicons): boolean {
  const m = lex.clash.exec(clause);
  if (!m) return false;
  if (lex.clashNeedsArmedParty.test(m[0]) && !ARMED_PARTY.test(clause)) return false;
  return !NO_CLASH.test(clause) || lex.clash.test(clause.replace(new RegExp(NO_CLASH.source, 'gi'), ' '));
}

function toActor(a: ActorMention): MentionActor {
  return { start: a.start, end: a.end, name: a.name, actorId: a.actorId, known: a.known, rule: a.rule };
}

function clauses(text: string, start: number, end: number): { start: number; end: number }[] {
  const s = text.slice(start, end);
  // Most sentences have no word the split needs: one cheap look spares the full pattern.
  if (!CLAUSE_CUE.test(s)) return end > start ? [{ start, end }] : [];
  const out: { start: number; end: number }[] = [];
  let last = 0;
  CLAUSE_SPLIT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CLAUSE_SPLIT.exec(s))) {
    // Split only where both sides can stand as clauses; quoted passages are left whole.
    const left = s.slice(last, m.index);
    if ((left.match(/[“”"]/g)?.length ?? 0) % 2 === 1) continue;
    out.push({ start: start + last, end: start + m.index });
    last = m.index + m[0].length;
  }
  out.push({ start: start + last, end });
  return out.filter((c) => c.end > c.start);
}

export const mentionsStage: Stage<StageContext> = {
  name: 'events',
  needs: [ZONES, DATES, NUMBERS, PLACES, ACTORS, ATTRIBUTIONS],
  adds: [MENTIONS],
  run(doc: Document, ctx: StageContext): Document {
    const lex = ctx.lexicons;
    const text = doc.text;
    const dates = getLayer(doc, DATES);
    const numbers = getLayer(doc, NUMBERS);
    const places = getLayer(doc, PLACES);
    const actors = getLayer(doc, ACTORS);
    const atts = getLayer(doc, ATTRIBUTIONS);
    const published = doc.meta.published;
    const mentions: EventMention[] = [];
    const diags: Diagnostic[] = [];

    // "This was one of three coordinated attacks": totals in the report are shared among that many.
    const linked = /\bone of (\w+) (?:\w+ ){0,2}(?:attacks|incidents|assaults|strikes|bombings|blasts)\b/i.exec(text);
    const linkedCount = linked ? cardinalValue(linked[1]) : null;
    // Weapons of a clause ruled out as an accident, a crime or no attack at all before any attack was read: the report's
    // subject is that event, and what follows may only go on about it.
    let ruledOut: Set<string> | null = null;
    bodySentences(doc).forEach((sentence, si) => {
      const att = atts[si];
      const sentenceText = text.slice(sentence.start, sentence.end);
      // Loaded wording is the source's, flagged where it stands.
      lex.loaded.lastIndex = 0;
      let lw: RegExpExecArray | null;
      while ((lw = lex.loaded.exec(sentenceText))) {
        diags.push({ code: 'loaded-wording', severity: 'info', stage: 'events', span: { start: sentence.start + lw.index, end: sentence.start + lw.index + lw[0].length }, message: `loaded wording "${lw[0]}" used by ${doc.meta.outlet ?? 'the source'}`, data: { outlet: doc.meta.outlet } });
      }
      // Most sentences of a report name no weapon, attack, claim, casualty or typed act: none of their clauses could pass
      // the gate below, so none is read (the cue is the union of everything that gate looks for).
      if (!lex.hasEventCue(sentenceText)) return;
      // "… in retaliation for drone strikes by the United States": the tail is another, earlier event, read on its own.
      const parts = clauses(text, sentence.start, sentence.end).flatMap((full) => {
        const bg = lex.background.exec(text.slice(full.start, full.end));
        if (!bg || bg.index === 0) return [full];
        const cut = full.start + bg.index;
        return [{ start: full.start, end: cut }, { start: cut + bg[0].length, end: full.end }].filter((x) => x.end - x.start > 3);
      });
      for (const c of parts) {
        const clause = text.slice(c.start, c.end);
        const inClause = <T extends { start: number; end: number }>(x: T) => x.start >= c.start && x.end <= c.end;
        const signals: string[] = [];
        if (lex.weaponSeizure.test(clause)) signals.push('seizure');
        if (lex.sexualViolence.test(clause)) signals.push('sexual');
        if (lex.territoryGovernment.test(clause)) signals.push('territory-government');
        if (lex.territoryNonState.test(clause)) signals.push('territory-nonstate');
        if (namesClash(clause, lex)) signals.push('clash');
        const chemM = lex.chemical.exec(clause);
        if (chemM && !WEAPON_NOT_USED_BEFORE.test(clause.slice(Math.max(0, chemM.index - 48), chemM.index))) signals.push('chemical');
        if (ABDUCTION.test(clause)) signals.push('abduction');
        // Weapons named in the clause.
        const weapons: EventMention['weapons'] = [];
        lex.weaponScan.lastIndex = 0;
        let wm: RegExpExecArray | null;
        while ((wm = lex.weaponScan.exec(clause))) {
          const id = lex.weaponIdOf(wm[0]);
          // "sites used for drone activity", "a missile base", "drone experts": the weapon word names something else.
          if (WEAPON_NOT_USED_AFTER.test(clause.slice(wm.index + wm[0].length, wm.index + wm[0].length + 22))) continue;
          const before = clause.slice(Math.max(0, wm.index - 48), wm.index);
          if (WEAPON_NOT_USED_BEFORE.test(before) || (id === 'airstrike' && AIRCRAFT_AS_OBJECT.test(before))) continue;
          if (id) weapons.push({ id, start: c.start + wm.index, end: c.start + wm.index + wm[0].length, rule: `weapon-lexicon:${id}` });
        }
        const verb = lex.attackVerb.exec(clause);
        const claimM = lex.claim.exec(clause) ?? lex.claimedAction.exec(clause);
        const responsibilityClaim = !!claimM && lex.claim.test(clause);
        const clauseNumbers = numbers.filter(inClause);
        const { killed, injured, deathByOtherCause } = findCasualties(text, c.start, clause, clauseNumbers, lex, new Set());
        const attrM = lex.attributed.exec(clause);
        // Most clauses of a report name no weapon, attack, claim or casualty: they stop here, before the costlier tests.
        if (!weapons.length && !verb && !claimM && !attrM && !killed && !injured && !signals.length) continue;
        // Running totals ("attacked roughly 66 times since 17 October") sum up many attacks; they are none of them.
        if (RUNNING_TOTAL_WORD.test(clause) && /\b(?:\d+|dozens of|more than \d+|at least \d+|roughly \d+|about \d+)\s+(?:times|attacks)\b[^.]*\bsince\b|\bsince\b[^.]*\b(?:\d+|dozens of)\s+(?:times|attacks)\b|\b(?:in that period|so far|to date|in total since|have been recorded|over the past (?:\w+ )?(?:weeks|months))\b/i.test(clause)) {
          diags.push({ code: 'running-total', severity: 'info', stage: 'events', span: c, message: 'a running total of attacks, not one attack' });
          continue;
        }
        // What follows an accident, a crime or a non-attack just ruled out and adds no attacker, typed act or weapon of its
        // own is more of the same event: "Four people were injured", "the blasts were heard across the city".
        if (ruledOut && !signals.length && !claimM && !attrM && weapons.every((w) => w.id === 'explosive' || ruledOut!.has(w.id)) && !ARMED_ATTACKER.test(clause)) {
          diags.push({ code: 'continues-non-attack', severity: 'info', stage: 'events', span: c, message: 'continues an event just ruled out as no attack' });
          continue;
        }
        // Then what rules the clause out: attack words used for something else, accidents, protests, talks, arrests.
        const strongNot = lex.strongNotAttack.test(clause);
        if (strongNot || (lex.notAttack.test(clause) && !/\b(?:killed|injured|wounded|intercepted|shot down)\b/i.test(clause))) {
          diags.push({ code: 'not-an-attack', severity: 'info', stage: 'events', span: c, message: 'attack words used for something else' });
          if (strongNot && !mentions.length) ruledOut = new Set(weapons.map((w) => w.id));
          continue;
        }
        const strongCue = /\b(?:bomb(?:s|ing|ings|er|ers)?|militants?|insurgents?|gunmen|attack(?:ed|ers)?|suicide|drone strikes?|air ?strikes?|shell(?:ed|ing|s)|rockets?|missiles?|mortars?|terrorists?|grenades?|IEDs?|explosive devices?)\b/i;
        if (lex.accident.test(clause) && !strongCue.test(clause) && !signals.includes('seizure')) {
          diags.push({ code: 'accident-or-disaster', severity: 'info', stage: 'events', span: c, message: 'an accident or disaster, not an attack' });
          if (!mentions.length) ruledOut = new Set(weapons.map((w) => w.id));
          continue;
        }
        const heavy = /\b(?:drones?|rockets?|missiles?|air ?strikes?|mortars?|shell(?:ed|ing|s)|IEDs?|car bombs?|suicide bomb\w*|artillery|(?<!stun |smoke )grenades?)\b/i;
        // Crowd-control weapons mark a protest when the report names one anywhere ("police fired tear gas" after "protesters
        // gathered"); fired at a school with no protest in sight, tear gas is a chemical attack.
        const pm = lex.protest.exec(clause);
        const protest = !!pm && (!lex.crowdControl.test(pm[0]) || lex.protestWords.test(text));
        if (protest && !signals.includes('sexual') && !heavy.test(clause.replace(/\b(?:stun|smoke) grenades?\b/gi, '')) && !/\b(?:militants|gunmen|insurgents)\b/i.test(clause)) {
          diags.push({ code: 'demonstration', severity: 'info', stage: 'events', span: c, message: 'a protest, riot or mob: not coded as an attack' });
          continue;
        }
        if (lex.diplomatic.test(clause) && !/\b(?:killed|killing|injured|wounded|exploded|detonated)\b/i.test(clause)) {
          diags.push({ code: 'diplomacy', severity: 'info', stage: 'events', span: c, message: 'sanctions, talks or agreements about attacks: no attack described' });
          continue;
        }
        if (lex.arrest.test(clause) && !signals.includes('seizure') && !signals.includes('sexual') && !/\b(?:killed|killing|injured|wounded|attack(?:ed|s)?|exploded|detonated|shot)\b/i.test(clause)) {
          diags.push({ code: 'arrest-or-crime', severity: 'info', stage: 'events', span: c, message: 'an arrest or crime report, not an attack' });
          if (!mentions.length) ruledOut = new Set(weapons.map((w) => w.id));
          continue;
        }
        const hypothetical = lex.hypothetical.test(clause) && !claimM;
        if (hypothetical) {
          diags.push({ code: 'hypothetical-attack', severity: 'info', stage: 'events', span: c, message: 'threat or intention, not an attack' });
          continue;
        }
        if (deathByOtherCause && !weapons.some((w) => w.id !== 'explosive')) {
          diags.push({ code: 'death-not-from-attack', severity: 'info', stage: 'events', span: c, message: 'a death from another cause is no attack fatality' });
          continue;
        }
        // Counts of munitions: a number (or "a"/"an") right before a weapon word.
        const used = new Set<NumberMention>();
        let launched: QuantityValue | null = null;
        let intercepted: QuantityValue | null = null;
        let impacted: QuantityValue | null = null;
        const interceptVerb = lex.intercepted.exec(clause);
        for (const w of weapons) {
          if (!PROJECTILES.has(w.id)) continue;
          const n = numbers.find((x) => x.end <= w.start && x.start >= c.start && /^\s*(?:[\p{L}-]+\s+){0,2}(?:\(?\w+\)?\s+)?$/u.test(text.slice(x.end, w.start)) && !/\b(?:of|and|at|in|on|to|by|with)\s+$/i.test(text.slice(x.end, w.start)));
          let q: QuantityValue | null = null;
          if (n && !used.has(n)) {
            used.add(n);
            // "a third drone" says one more drone was seen, not how many were launched: a lower bound only.
            q = n.ordinal ? { start: n.start, end: w.end, min: 1, max: null, rule: 'ordinal-means-at-least-one' } : { start: n.start, end: w.end, min: n.min, max: n.max, rule: `count-before-weapon:${n.rule}` };
          } else if (/\b(?:an?|one|single)\s+(?:[\p{L}-]+\s+){0,2}$/iu.test(text.slice(Math.max(c.start, w.start - 30), w.start)) && !/s$/i.test(text.slice(w.start, w.end))) {
            const art = /\b(?:an?|one|single)\s+(?:[\p{L}-]+\s+){0,2}$/iu.exec(text.slice(Math.max(c.start, w.start - 30), w.start))!;
            const s0 = Math.max(c.start, w.start - 30) + art.index;
            // "fired a ballistic missile" counts one launch; "a drone struck the base" names one drone without saying
            // no other was launched, so there it is only a lower bound.
            const launchVerb = /\b(?:launched|fired|sent|flew|shot|lobbed|dispatched)\b/i.test(clause);
            q = launchVerb ? { start: s0, end: w.end, min: 1, max: 1, rule: 'singular-article+launch-verb' } : { start: s0, end: w.end, min: 1, max: null, rule: 'singular-article' };
          }
          if (!q) continue;
          const byIntercept = interceptVerb && (c.start + interceptVerb.index < w.start) && !/\bby\b/.test(text.slice(c.start + interceptVerb.index, w.start));
          if (byIntercept && !intercepted) intercepted = q;
          if (!launched && !/\b(?:intercepted|shot down)\s+(?:drone|rocket|missile)s?$/i.test(text.slice(w.start - 20, w.end))) launched = q;
        }
        // "one of the rockets … was intercepted, and the other struck …": two in all, one each way.
        const oneOther = /\bone of the (?:\w+\s+)?(\w+)\b[^.]*?\b(intercepted|shot down|downed)\b[^.]*?\bthe other\b[^.]*?\b(struck|hit|landed|fell|exploded|impacted)\b/i.exec(clause);
        if (oneOther) {
          const s0 = c.start + oneOther.index;
          const e0 = s0 + oneOther[0].length;
          intercepted = { start: s0, end: e0, min: 1, max: 1, rule: 'one-of-and-the-other' };
          impacted = { start: s0, end: e0, min: 1, max: 1, rule: 'one-of-and-the-other' };
          launched = { start: s0, end: e0, min: 2, max: 2, rule: 'one-of-and-the-other' };
        }
        // Counts read again without those that turned out to count munitions; with none such, the first reading stands.
        const { killed: k2, injured: i2 } = used.size ? findCasualties(text, c.start, clause, clauseNumbers, lex, used) : { killed, injured };
        // Vague casualty wording ("a few soldiers were injured").
        let injuredQ = i2;
        let killedQ = k2;
        for (const n of clauseNumbers) {
          if (!/^vague/.test(n.rule) || used.has(n)) continue;
          const after = text.slice(n.end, n.end + 60);
          if (!injuredQ && /^\s*(?:[\p{L}-]+\s+){0,3}(?:were|was)\s+(?:injured|wounded|hurt)\b/iu.test(after)) injuredQ = { start: n.start, end: n.end, min: n.min, max: n.max, rule: `vague-injured:${n.rule}` };
          if (!killedQ && /^\s*(?:[\p{L}-]+\s+){0,3}(?:were|was)\s+(?:killed)\b/iu.test(after)) killedQ = { start: n.start, end: n.end, min: n.min, max: n.max, rule: `vague-killed:${n.rule}` };
        }
        // A count given for several linked attacks ("killed across both blasts", "in the attacks", "one of five coordinated
        // attacks"): GTD and ACLED share it evenly among them; the whole stays on the assertion's rule.
        const totalMark = /\b(?:across|in total|a total of|combined|altogether|in (?:the|these|those|all) (?:attacks|incidents|assaults|strikes|blasts|explosions))\b/i.test(clause);
        if (totalMark && (killedQ || injuredQ)) {
          const across = /\bacross (?:both|(\w+) of the|all (\w+)|the (\w+))/i.exec(clause);
          const word = across ? (across[1] ?? across[2] ?? across[3] ?? 'two') : linkedCount;
          // "across the attacks" says no number: the report's "one of five related attacks" does.
          const n = word === null ? null : typeof word === 'number' ? word : cardinalValue(word) ?? linkedCount;
          if (n && n > 1) {
            const share = (q: QuantityValue | null) => (q ? { ...q, min: Math.floor(q.min / n), max: q.max === null ? null : Math.floor(q.max / n), rule: `${q.rule}+total-shared-by-${n}` } : q);
            killedQ = share(killedQ);
            injuredQ = share(injuredQ);
          }
        }
        // "used to shoot down an army helicopter": an aircraft brought down is a target hit, not a munition stopped.
        const aircraftDowned = !!interceptVerb && /^\s+(?:an? |the |its |their |two |three |several )?(?:[\w-]+ ){0,2}(?:helicopters?|planes?|aircraft|jets?|warplanes?|airliners?)\b/i.test(clause.slice(interceptVerb.index + interceptVerb[0].length));
        const outcome = {
          intercepted: (!!interceptVerb && !aircraftDowned) || !!intercepted,
          impacted: lex.impacted.test(clause) && !/\bnever\b/i.test(clause),
          crashed: lex.crashed.test(clause),
        };
        const dm = lex.damage.exec(clause);
        const noDamage = /\b(?:no|without|or)\s+(?:[“"]?\w+\s+or\s+)?(?:material\s+)?damage/i.exec(clause);
        const damage = noDamage ? { start: c.start + noDamage.index, end: c.start + noDamage.index + noDamage[0].length, text: noDamage[0], none: true, rule: 'no-damage' }
          : dm ? { start: c.start + dm.index, end: c.start + dm.index + dm[0].length, text: clause.slice(dm.index, Math.min(clause.length, dm.index + 60)).split(/[,;]/)[0], none: false, rule: 'damage-word' } : null;

        // Date: the first date of the event itself; a date that belongs to the statement is kept only as a fallback.
        // A date phrase may carry the comma that ends its clause: a date belongs to the clause it starts in.
        const clauseDates = dates.filter((d) => d.start >= c.start && d.start < c.end);
        const speechCut = att?.verb ? att.contentStart : c.start;
        const eventDate = clauseDates.find((d) => d.start >= speechCut) ?? null;
        const speechDate = clauseDates.find((d) => d.start < speechCut) ?? null;
        const dateOf = eventDate ?? speechDate;
        const date = dateOf ? { start: dateOf.start, end: dateOf.end, iso: dateOf.iso, precision: dateOf.precision, speech: !eventDate, rule: `${dateOf.rule}${eventDate ? '' : '+date-of-statement'}` } : null;

        // Places: the most specific place the event is at or near; adjectives ("Iraqi", "U.S.-run") do not count.
        // A country named as a party ("The United States has expressed concern") is no place of the attack.
        // A hint ("Abbas town in Deir-ez-Zor countryside") only tells where the place before it lies: it is the event's place
        // only when that place was not found.
        const hintsFound = (p: (typeof places)[number]) => p.hintOf !== null && places[p.hintOf]?.place.status === 'resolved' && places[p.hintOf].relation !== 'modifier' && inClause(places[p.hintOf]);
        const clausePlaces: MentionPlace[] = places.filter(inClause).flatMap((p) => (p.place.status === 'resolved' && !hintsFound(p) && p.relation !== 'modifier' && (p.locative || p.hintOf !== null || p.place.value.kind !== 'country' || p.relation !== 'at') ? [{ start: p.start, end: p.end, place: p.place.value, relation: p.relation, surface: p.surface, rule: p.place.rule }] : []));
        // The most specific place first; where it was launched from never counts.
        const roleRank = (p: MentionPlace) => (p.relation === 'origin' ? 2 : p.relation === 'target' ? 1 : 0);
        // Among equally precise places, where it happened wins over where it was aimed ("toward Saudi Arabia … over Yemen").
        clausePlaces.sort((a, b) => (KIND_RANK[b.place.kind] ?? 0) - (KIND_RANK[a.place.kind] ?? 0) || roleRank(a) - roleRank(b) || a.start - b.start);
        // Directional regions: "northern Iraq", "southern Syria" are parts of a country.
        for (const p of clausePlaces) {
          if (p.place.kind === 'country' && /\b(?:north|south|east|west|central|northern|southern|eastern|western|north-?eastern|north-?western|south-?eastern|south-?western)\s+$/i.test(text.slice(Math.max(c.start, p.start - 16), p.start))) p.relation = 'part-of';
        }
        // Where a weapon was launched from is not where the attack happened.
        const place = clausePlaces.find((p) => p.relation !== 'origin') ?? null;

        // Actors by role.
        const clauseActors = actors.filter(inClause);
        const claimants: MentionActor[] = [];
        const attributedTo: MentionActor[] = [];
        let claimDates: string[] = [];
        if (claimM) {
          const at = c.start + claimM.index;
          const before = clauseActors.filter((a) => a.end <= at);
          const byAfter = /\bby\s+$/;
          const after = clauseActors.filter((a) => a.start >= at && byAfter.test(text.slice(Math.max(c.start, a.start - 12), a.start).replace(/[“"]+$/, '')) );
          const claimant = before.length ? before[before.length - 1] : after[0] ?? clauseActors.find((a) => a.start > at && /\bby\s+[“"]?(?:the\s+)?$/i.test(text.slice(Math.max(c.start, a.start - 20), a.start)));
          if (claimant) claimants.push(toActor(claimant));
          claimDates = clauseDates.map((d) => d.iso);
        }
        if (attrM) {
          for (const a of clauseActors.filter((x) => x.start > c.start + attrM.index)) attributedTo.push(toActor(a));
        }
        let perpetrator: MentionActor | null = null;
        let interceptor: MentionActor | null = null;
        // "strikes on three sites used by Kataib Hezbollah": after a word of holding or use, "by" names whose the target is.
        const byLauncher = clauseActors.find((a) => /\b(?:launched|fired|carried out|claimed|conducted|sent|flown|operated|planted|detonated|attributed|attacks? on|strikes? on)\s+(?:[\p{L}.'’-]+\s+){0,5}(?<!\b(?:used|run|held|controlled|occupied|owned|manned|linked|backed|supported|funded|affiliated|frequented|guarded|built|established|set up)\s)by\s+(?:the\s+)?[“"]?$/iu.test(text.slice(Math.max(c.start, a.start - 70), a.start)));
        const subject = clauseActors.find((a) => {
          // An appositive ("the Islamic Resistance in Iraq, which is an Iran-backed group, launched") is skipped.
          const after = text.slice(a.end, Math.min(c.end, a.end + 90)).replace(/^\s*,[^,]{3,60},/, '').replace(/^\s+(?:militants|fighters|forces|members|elements|units?)\s+(?:from|of)\s+the\s+[^,;.]{2,40}?\s+(?:unit|brigade|battalion|group)\b/i, ' militants');
          // "U.S. Army soldiers were killed": a passive subject is the victim, not the attacker.
          if (/^\s*(?:[\p{L}.-]+\s+){0,3}?(?:were|was|been|being|are|is)\s+\w+ed\b/iu.test(after)) return false;
          return /^\s*(?:\([^)]*\)\s*)?(?:[\p{L}-]+\s+){0,3}?(?:has |have |had |reportedly |allegedly |also )?(?:launched|fired|attacked|targeted|struck|shelled|bombed|detonated|dropped|conducted|claimed to (?:have )?\w+|carried out|ambushed|stormed|raided|killed|kidnapped|abducted|opened fire|hit|used|employed|sent|seized|captured|executed|assassinated|set off|planted|clashed|engaged|flew|threw|attempted|tried)\b/iu.test(after);
        });
        const interceptSubject = clauseActors.find((a) => /^\s*(?:[\p{L}-]+\s+){0,3}?(?:intercepted|shot down|downed|thwarted|foiled|engaged|destroyed|repelled|defused|dismantled)\b/iu.test(text.slice(a.end, Math.min(c.end, a.end + 40))));
        // "an IS drone", "Houthi drones", "the Islamic Resistance in Iraq's drones": the weapon's owner, not a preposition away.
        const modifier = clauseActors.find((a) => weapons.some((w) => w.start >= a.end && w.start - a.end <= 30 && /^(?:['’]s)?[\s-]*(?:(?!with\b|by\b|of\b|at\b|on\b|to\b|in\b|and\b|from\b)[\p{L}-]+\s+){0,2}$/u.test(text.slice(a.end, w.start))));
        if (claimants[0]) perpetrator = claimants[0];
        else if (byLauncher) perpetrator = toActor(byLauncher);
        else if (subject && subject !== interceptSubject) perpetrator = toActor(subject);
        else if (attributedTo[0]) perpetrator = attributedTo[0];
        else if (modifier && modifier !== interceptSubject) perpetrator = toActor(modifier);
        if (interceptSubject) {
          interceptor = toActor(interceptSubject);
          if (!perpetrator) perpetrator = interceptor;
        }
        const tm = /\b(?:targeting|targeted|against|at)\s+(?!the (?:\w+['’]s )?(?:direction|request|invitation|behest|order|time|end|start|height)\b)((?:an?|the)\s+[^,.;“”"()]{3,80}?)(?=\s+(?:in|near|on|with|was|were|which|that|who|when|as|and|from|causing|killing|injuring)\b|[,.;“”"()]|$)/i.exec(clause);
        const target = tm ? { start: c.start + tm.index + tm[0].indexOf(tm[1]), end: c.start + tm.index + tm[0].indexOf(tm[1]) + tm[1].length, text: tm[1], rule: 'pattern:targeting-X' } : null;

        // "U.S. forces struck three facilities": a state's strike with no weapon named is an air strike, as ACLED codes it.
        if (!weapons.length && perpetrator?.actorId) {
          const actor = ctx.actors.byId(perpetrator.actorId);
          const strike = /\b(?:struck|strikes?|bombed|bombing|hit|pounded)\b/i.exec(clause);
          if (actor && (actor.type === 'state_forces' || actor.type === 'external_force') && strike && !/\b(?:ground|troops|soldiers|artillery|shell(?:s|ed|ing)?)\b/i.test(clause)) {
            weapons.push({ id: 'airstrike', start: c.start + strike.index, end: c.start + strike.index + strike[0].length, rule: 'state-strike-inferred-as-air' });
          }
        }
        const triggerSpan = weapons[0] ?? (verb ? { start: c.start + verb.index, end: c.start + verb.index + verb[0].length } : claimM ? { start: c.start + claimM.index, end: c.start + claimM.index + claimM[0].length } : { start: c.start, end: c.end });
        const attackLike = weapons.length > 0 || (!!verb && !/^(?:kill(?:ed|ing|s)|injur(?:ed|ing)|wounded|fell|landed|dropped)$/i.test(verb[0])) || !!killedQ || !!injuredQ || signals.length > 0;
        // Claims, casualty lines and sentences that name no weapon and no place add to an incident; they never open one.
        const strongVerb = (!!verb && !/^(?:kill(?:ed|ing|s)|injur(?:ed|ing)|wounded|fell|landed|dropped|shot)$/i.test(verb[0])) || signals.length > 0;
        // "X claimed responsibility for the rocket attack on …": the weapons name the attack claimed, which the report
        // must describe for itself; a claim alone opens no incident.
        const claimedObject = responsibilityClaim && weapons.every((w) => w.start > c.start + claimM!.index);
        const attributedObject = !!attrM && weapons.every((w) => w.start > c.start + attrM.index) && !killedQ && !injuredQ;
        // "This was one of five related attacks in Marib": it sets the attack among others and tells no attack of its own.
        const setsAmongOthers = /^\s*(?:this|it|the (?:attack|incident|strike))\s+(?:was|is)\s+(?:one|part)\s+of\b/i.test(clause);
        const supplementOnly = setsAmongOthers || claimedObject || attributedObject || ((responsibilityClaim || !!attrM) && !weapons.length);
        // No weapon and no place, or only a casualty verb: it adds to the attack just described, or stands alone if none is.
        const weak = (!weapons.length && !strongVerb) || (!weapons.length && !place && !killedQ && !injuredQ);
        // Plural "attacks" with no named site below a country sums up several attacks; the named ones follow.
        // "The attacks were carried out with grenades", with no date or place of its own, goes on about the attacks just
        // told, not a new round of them.
        const summary = SUMMARY.test(clause) && (!place || place.place.kind === 'country' || place.place.kind === 'region') && !killedQ && !injuredQ
          && !(!place && !date && /\b(?:the|these|those) (?:attacks|strikes|incidents)\b/i.test(clause));
        const historical = !!(date && published && !date.speech && Date.parse(published) - Date.parse(date.iso) > 90 * 86_400_000);
        if (!attackLike && !claimM && !attributedTo.length) continue;
        mentions.push({
          id: `m${mentions.length + 1}`,
          start: c.start, end: c.end, attribution: si,
          date, place, otherPlaces: clausePlaces.slice(1),
          weapons, launched, intercepted, impacted, outcome, damage,
          killed: killedQ, injured: injuredQ,
          perpetrator, attributedTo, claimants, claimDates, interceptor, target,
          anaphoric: ANAPHORA.test(clause), summary, supplementOnly, weak, historical, signals,
          trigger: { start: triggerSpan.start, end: triggerSpan.end, text: text.slice(triggerSpan.start, triggerSpan.end), rule: weapons[0] ? weapons[0].rule : 'attack-verb' },
        });
      }
    });
    // Territory that changed hands as the other side withdrew or handed it over, with no weapon, casualty or clash
    // anywhere in the report, is ACLED's non-violent transfer of territory: no armed-attack event.
    let kept = mentions;
    if (mentions.some((m) => m.signals.some((s) => s.startsWith('territory')))
      && !mentions.some((m) => m.weapons.length || m.killed || m.injured || m.signals.includes('clash')) && NONVIOLENT_TRANSFER.test(text)) {
      kept = mentions.filter((m) => !m.signals.some((s) => s.startsWith('territory')));
      for (const m of mentions) if (!kept.includes(m)) diags.push({ code: 'non-violent-transfer', severity: 'info', stage: 'events', span: { start: m.start, end: m.end }, message: 'territory handed over or left without a fight: no attack' });
    }
    // In a news report about a recent attack, an attack dated weeks earlier is background ("since the war began on 7 October").
    if (published) {
      const pub = Date.parse(published);
      const recent = kept.some((m) => m.date && !m.date.speech && pub - Date.parse(m.date.iso) <= 7 * 86_400_000 && pub - Date.parse(m.date.iso) >= -86_400_000);
      if (recent) for (const m of kept) if (m.date && !m.date.speech && pub - Date.parse(m.date.iso) > 10 * 86_400_000) m.historical = true;
    }
    return withDiagnostics(withLayer(doc, MENTIONS, kept), diags);
  },
};
