/** ACLED's event and sub-event types, chosen from the weapons, the outcome and the verbs of an incident. */
export interface EventTyping { event_type: string; sub_event_type: string; disorder_type: string; rule: string }

const EVENT_OF: Record<string, string> = {
  'Air/drone strike': 'Explosions/Remote violence',
  'Shelling/artillery/missile attack': 'Explosions/Remote violence',
  'Remote explosive/landmine/IED': 'Explosions/Remote violence',
  'Suicide bomb': 'Explosions/Remote violence',
  Grenade: 'Explosions/Remote violence',
  'Chemical weapon': 'Explosions/Remote violence',
  'Armed clash': 'Battles',
  'Government regains territory': 'Battles',
  'Non-state actor overtakes territory': 'Battles',
  Attack: 'Violence against civilians',
  'Abduction/forced disappearance': 'Violence against civilians',
  'Sexual violence': 'Violence against civilians',
  'Disrupted weapons use': 'Strategic developments',
};

// Verbs of taking ground, and the nouns that say which side took it.
const TAKES = String.raw`\b(?:recaptur|retook|retak|regain|recover|restor|liberat|freed|drove|captur|seiz|took|taken|gained|establish|cleared|won back|overr)\w*`;
const STATE_SIDE = String.raw`\b(?:government|army|troops|security forces|soldiers|police|policemen|gendarmes?|military|military forces|regime|pro-government|paramilitary|(?:Syrian|Iraqi|Afghan|Yemeni|Libyan|Somali|Nigerian|Malian|Turkish|Israeli|Russian|government|federal|national|state) forces)\b`;
const NON_STATE_SIDE = String.raw`\b(?:rebels?|insurgents?|militants?|jihadists?|fighters|opposition|militias?|(?:rebel|opposition|Kurdish|tribal|militia) forces|Taliban|al-Shabaa?b|Houthis?|Islamic State|ISIS|ISIL|Daesh|Boko Haram|separatists|guerrillas)\b`;

/**
 * Which side took the ground: the first side named in the clause before the verb, after any "X said" that reports it
 * ("rebels recaptured a village", "the army and allied fighters seized control of the highway"), or after "by" in a
 * passive ("the town was captured by militants"). The side it was taken from ("from government forces", "a crackdown on
 * Taliban militants") is not the taker.
 */
export function territoryTaker(text: string): 'state' | 'non-state' | null {
  const t = text.replace(new RegExp(String.raw`\b(?:from|against|of|to|on) (?:the )?(?:[\w'’-]+ ){0,2}?(?:${STATE_SIDE}|${NON_STATE_SIDE})`, 'gi'), ' ');
  const state = new RegExp(STATE_SIDE, 'i');
  const nonState = new RegExp(NON_STATE_SIDE, 'i');
  const passive = new RegExp(String.raw`^\w*\s+(?:[\w-]+\s+){0,4}?by\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}?(?:(${STATE_SIDE})|${NON_STATE_SIDE})`, 'i');
  for (const m of t.matchAll(new RegExp(TAKES, 'gi'))) {
    const by = passive.exec(t.slice(m.index, m.index + 90));
    if (by) return by[1] ? 'state' : 'non-state';
    const before = t.slice(Math.max(0, m.index - 100), m.index).split(/[.;]|\b(?:said|says|told|reported|according to|stated)\b/).pop() ?? '';
    const s = state.exec(before);
    const n = nonState.exec(before);
    if (s || n) return s && (!n || s.index <= n.index) ? 'state' : 'non-state';
  }
  return null;
}

const ARMED_TARGET = /\b(?:soldiers?|troops|army|military|police(?:men)?|policemen|forces|positions?|checkpoints?|patrols?|base|bases|barracks|convoys?|guards?|gendarmes|officers?|militants|fighters|militiamen|rebels|insurgents|outposts?|headquarters|peshmerga|personnel)\b/i;

export function typeEvent(input: { weapons: Set<string>; signals: Set<string>; allIntercepted: boolean; anyHarm: boolean; anyCasualty: boolean; text: string; perpetratorIsState: boolean; target: string | null }): EventTyping {
  const w = input.weapons;
  const t = input.text;
  const sig = input.signals;
  const pick = (sub: string, rule: string): EventTyping => ({ sub_event_type: sub, event_type: EVENT_OF[sub], disorder_type: sub === 'Disrupted weapons use' ? 'Strategic developments' : 'Political violence', rule });
  const remote = ['airstrike', 'drone', 'one_way_attack_drone', 'ballistic_missile', 'cruise_missile', 'missile', 'rocket', 'mortar', 'artillery', 'car_bomb', 'ied', 'grenade', 'suicide_bomb', 'chemical'].some((x) => w.has(x));
  // Interception disrupts munitions; "special forces intercepted the car" with no munition named is no disrupted weapon.
  if (input.allIntercepted && !input.anyHarm && [...w].some((x) => x !== 'small_arms')) return pick('Disrupted weapons use', 'all-munitions-intercepted');
  // "Jets destroyed weapon depots" is an air strike on arms, not arms seized.
  if (sig.has('seizure') && !input.anyCasualty && !w.has('airstrike')) return pick('Disrupted weapons use', 'weapons-seized-or-defused');
  if (w.has('chemical') || sig.has('chemical')) return pick('Chemical weapon', 'weapon:chemical');
  if (w.has('suicide_bomb')) return pick('Suicide bomb', 'weapon:suicide_bomb');
  if (sig.has('sexual')) return pick('Sexual violence', 'words:sexual-violence');
  if (sig.has('abduction') && !remote) return pick('Abduction/forced disappearance', 'words:abduction');
  // Who took the ground decides the type, whatever the verb: "rebels recaptured a village" is a non-state actor's gain,
  // "the army seized control of the highway" the government's.
  const territory = sig.has('territory-government') || sig.has('territory-nonstate');
  const taker = territory ? territoryTaker(t) : null;
  const stateSubject = taker === 'state' || (taker === null && input.perpetratorIsState);
  const nonStateSubject = taker === 'non-state';
  // ACLED: ground held only briefly is a battle, not a change of hands.
  if (territory && /\b(?:briefly|temporarily|for (?:a few|several) hours) (?:\w+ )?(?:seiz|captur|took|overr|held|control)/i.test(t)) return pick('Armed clash', 'words:territory-held-briefly');
  if (territory && stateSubject) return pick('Government regains territory', 'words:state-regains-territory');
  if (territory && nonStateSubject) return pick('Non-state actor overtakes territory', 'words:non-state-takes-territory');
  if (sig.has('territory-nonstate') && !stateSubject) return pick('Non-state actor overtakes territory', 'words:takes-territory');
  if (sig.has('territory-government') && !remote) return pick('Government regains territory', 'words:regains-territory');
  if (w.has('airstrike') || w.has('drone') || w.has('one_way_attack_drone')) return pick('Air/drone strike', 'weapon:air-or-drone');
  if (w.has('ballistic_missile') || w.has('cruise_missile') || w.has('missile') || w.has('rocket') || w.has('mortar') || w.has('artillery')) return pick('Shelling/artillery/missile attack', 'weapon:indirect-fire');
  if (w.has('car_bomb') || w.has('ied')) return pick('Remote explosive/landmine/IED', 'weapon:ied');
  if (w.has('grenade')) return pick('Grenade', 'weapon:grenade');
  if (sig.has('clash')) return pick('Armed clash', 'words:clash');
  // Armed people killed or wounded on the other side ("the army killed scores of militants") make it a battle;
  // ACLED's "Attack" is violence against civilians.
  const ARMED_VICTIM = '(?:terrorists|militants|insurgents|rebels|fighters|gunmen|jihadists|soldiers|troops|servicemen|policemen|police officers|security personnel|guards|combatants|militiamen|members of (?:the )?\\w+)';
  // "… injured after gunmen attacked a church": armed people who go on to attack are the attackers, not the victims.
  if (new RegExp(`\\b(?:killed|killing|wounded|wounding|injured|injuring|set upon|stormed|ambushed|attacked|fended off)\\b[^.]{0,60}\\b${ARMED_VICTIM}\\b(?!\\s+(?:\\w+\\s+)?(?:attacked|opened|stormed|raided|ambushed|struck|fired|shot|killed|abducted|kidnapped|targeted|set|burned|torched))|\\b${ARMED_VICTIM}\\b[^.]{0,40}\\b(?:were|was|have been)\\s+(?:\\w+\\s+)?(?:killed|wounded|injured)`, 'i').test(t) && !/\b(?:civilians?|children|women|villagers|residents|worshippers|students|shoppers)\b/i.test(t)) return pick('Armed clash', 'victims:armed');
  // ACLED: an armed group attacking soldiers, police or their posts is a battle; an attack on civilians is violence against them.
  if (ARMED_TARGET.test(input.target ?? '') || /\b(?:attacked|ambushed|stormed|raided|targeted|assaulted|set upon|overran|overrun|charged)\s+(?:\w+\s+){0,4}(?:soldiers?|troops|army|military|police|forces|positions?|checkpoints?|patrols?|bases?|barracks|convoys?|outposts?|headquarters)\b/i.test(t)) return pick('Armed clash', 'target:armed-forces');
  if (w.has('explosive')) return pick('Remote explosive/landmine/IED', 'weapon:explosive');
  return pick('Attack', 'default:attack');
}
