import { readFileSync } from 'node:fs';
import { ABDUCTION, CASUALTY_WORDS } from './cues.js';

export interface WeaponPattern { id: string; re: RegExp }

export interface Lexicons {
  weapons: WeaponPattern[];
  /** One regex per weapon id, global, for scanning. */
  weaponScan: RegExp;
  weaponIdOf(surface: string): string | null;
  attackVerb: RegExp;
  intercepted: RegExp;
  impacted: RegExp;
  crashed: RegExp;
  damage: RegExp;
  hypothetical: RegExp;
  notAttack: RegExp;
  /** Contexts that rule a clause out whatever else it says: a memorial, a weapons test, an exercise, a film. */
  strongNotAttack: RegExp;
  accident: RegExp;
  protest: RegExp;
  /** Protest words only, without the crowd-control weapons that `protest` also matches. */
  protestWords: RegExp;
  /** Tear gas, water cannon, rubber bullets (anchored, for a word `protest` matched): a protest where the report names
   * one, else what was fired at people. */
  crowdControl: RegExp;
  diplomatic: RegExp;
  arrest: RegExp;
  weaponSeizure: RegExp;
  sexualViolence: RegExp;
  territoryGovernment: RegExp;
  territoryNonState: RegExp;
  clash: RegExp;
  /** Clash words that name a clash only with armed people in the clause ("stags battle", "fighting for a title"): anchored, for the matched word. */
  clashNeedsArmedParty: RegExp;
  chemical: RegExp;
  nonAttackDeath: RegExp;
  claim: RegExp;
  /** "X claimed to have launched two drones": a claimed attack, reported through the claim. */
  claimedAction: RegExp;
  attributed: RegExp;
  /** "in retaliation for …": what follows is another, earlier event. */
  background: RegExp;
  loaded: RegExp;
  /**
   * Does the text hold anything a clause must hold to be read as an event (a weapon, an attack verb, a claim or
   * attribution, a casualty word, a signal of a typed act)? A sentence without it is skipped whole. Built from those
   * very patterns, so a word added to any of them is a cue at once.
   */
  hasEventCue(text: string): boolean;
}

const any = (list: string[], flags = 'i') => new RegExp(`\\b(?:${list.join('|')})\\b`, flags);

export function loadLexicons(dataDir: string): Lexicons {
  const w = JSON.parse(readFileSync(`${dataDir}/lexicons/weapons.json`, 'utf8')) as { weapons: { id: string; patterns: string[] }[] };
  const e = JSON.parse(readFileSync(`${dataDir}/lexicons/events.json`, 'utf8')) as Record<string, string[]>;
  const l = JSON.parse(readFileSync(`${dataDir}/lexicons/loaded-words.json`, 'utf8')) as { words: string[] };
  const weapons = w.weapons.map((x) => ({ id: x.id, re: new RegExp(`^(?:${x.patterns.join('|')})$`, 'i') }));
  const all = w.weapons.flatMap((x) => x.patterns).sort((a, b) => b.length - a.length);
  const lex: Omit<Lexicons, 'hasEventCue'> = {
    weapons,
    weaponScan: new RegExp(`\\b(?:${all.join('|')})\\b`, 'gi'),
    weaponIdOf: (surface) => weapons.find((x) => x.re.test(surface))?.id ?? null,
    attackVerb: any(e.attack_verbs),
    intercepted: any(e.intercepted),
    impacted: any(e.impacted),
    crashed: any(e.crashed),
    damage: any(e.damage),
    hypothetical: any(e.hypothetical),
    notAttack: any(e.not_attack_contexts),
    strongNotAttack: any(e.strong_not_attack_contexts),
    accident: any(e.accident_contexts),
    protest: any([...e.protest_contexts, ...e.crowd_control]),
    protestWords: any(e.protest_contexts),
    crowdControl: new RegExp(`^(?:${e.crowd_control.join('|')})$`, 'i'),
    diplomatic: any(e.diplomatic_contexts),
    arrest: any(e.arrest_contexts),
    weaponSeizure: any(e.weapon_seizure),
    sexualViolence: any(e.sexual_violence),
    territoryGovernment: any(e.territory_government),
    territoryNonState: any(e.territory_nonstate),
    clash: any([...e.clash, ...e.clash_needs_armed_party]),
    clashNeedsArmedParty: new RegExp(`^(?:${e.clash_needs_armed_party.join('|')})$`, 'i'),
    chemical: any(e.chemical),
    nonAttackDeath: any(e.non_attack_death),
    claim: any(e.claim),
    claimedAction: any(e.claimed_action),
    attributed: any(e.attributed),
    background: any(e.background_markers),
    loaded: new RegExp(`\\b(?:${l.words.join('|')})\\b`, 'gi'),
  };
  // Each pattern tested on its own, the most often met first: one alternation of them all costs more than several
  // of them apart, and most sentences that hold a cue hold an attack verb. Same flags for all ('i', no 'g').
  const cues = [lex.attackVerb, CASUALTY_WORDS, lex.weaponScan, lex.claim, lex.attributed, lex.claimedAction, lex.weaponSeizure, lex.sexualViolence, lex.territoryGovernment, lex.territoryNonState, lex.clash, lex.chemical, ABDUCTION]
    .map((r) => new RegExp(r.source, 'i'));
  return { ...lex, hasEventCue: (text) => cues.some((r) => r.test(text)) };
}
