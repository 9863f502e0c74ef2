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

const ARMED_TARGET = /\b(?:soldiers?|troops|army|military|police(?:men)?|policemen|forces|positions?|checkpoints?|patrols?|base|bases|barracks|convoys?|guards?|gendarmes|officers?|militants|fighters|militiamen|rebels|insurgents|outposts?|headquarters|peshmerga|personnel)\b/i;

export function typeEvent(input: { weapons: Set<string>; signals: Set<string>; allIntercepted: boolean; anyHarm: boolean; anyCasualty: boolean; text: string; perpetratorIsState: boolean; target: string | null }): EventTyping {
  const w = input.weapons;
  const t = input.text;
  const sig = input.signals;
  const pick = (sub: string, rule: string): EventTyping => ({ sub_event_type: sub, event_type: EVENT_OF[sub], disorder_type: sub === 'Disrupted weapons use' ? 'Strategic developments' : 'Political violence', rule });
  const remote = ['airstrike', 'drone', 'one_way_attack_drone', 'ballistic_missile', 'cruise_missile', 'missile', 'rocket', 'mortar', 'artillery', 'car_bomb', 'ied', 'grenade', 'suicide_bomb', 'chemical'].some((x) => w.has(x));
  if (input.allIntercepted && !input.anyHarm) return pick('Disrupted weapons use', 'all-munitions-intercepted');
  if (sig.has('seizure') && !input.anyCasualty) return pick('Disrupted weapons use', 'weapons-seized-or-defused');
  if (w.has('chemical') || sig.has('chemical')) return pick('Chemical weapon', 'weapon:chemical');
  if (w.has('suicide_bomb')) return pick('Suicide bomb', 'weapon:suicide_bomb');
  if (sig.has('sexual')) return pick('Sexual violence', 'words:sexual-violence');
  if (sig.has('abduction') && !remote) return pick('Abduction/forced disappearance', 'words:abduction');
  const stateSubject = input.perpetratorIsState || /\b(?:government|army|troops|security forces|soldiers|military|military forces|regime|pro-government|paramilitary|(?:Syrian|Iraqi|Afghan|Yemeni|Libyan|Somali|Nigerian|Malian|Turkish|Israeli|Russian|government|federal|national|state) forces)\b[^.]{0,60}\b(?:recaptur|retook|regain|liberat|freed|drove|captur|seiz|took control|cleared)/i.test(t);
  if (sig.has('territory-government') && stateSubject) return pick('Government regains territory', 'words:state-regains-territory');
  if (sig.has('territory-nonstate') && !stateSubject) return pick('Non-state actor overtakes territory', 'words:non-state-takes-territory');
  if (sig.has('territory-government') && !remote) return pick('Government regains territory', 'words:regains-territory');
  if (w.has('airstrike') || w.has('drone') || w.has('one_way_attack_drone')) return pick('Air/drone strike', 'weapon:air-or-drone');
  if (w.has('ballistic_missile') || w.has('cruise_missile') || w.has('missile') || w.has('rocket') || w.has('mortar') || w.has('artillery')) return pick('Shelling/artillery/missile attack', 'weapon:indirect-fire');
  if (w.has('car_bomb') || w.has('ied')) return pick('Remote explosive/landmine/IED', 'weapon:ied');
  if (w.has('grenade')) return pick('Grenade', 'weapon:grenade');
  if (sig.has('clash')) return pick('Armed clash', 'words:clash');
  // Armed people killed or wounded on the other side ("the army killed scores of militants") make it a battle;
  // ACLED's "Attack" is violence against civilians.
  const ARMED_VICTIM = '(?:terrorists|militants|insurgents|rebels|fighters|gunmen|jihadists|soldiers|troops|servicemen|policemen|police officers|security personnel|guards|combatants|militiamen|members of (?:the )?\\w+)';
  if (new RegExp(`\\b(?:killed|killing|wounded|wounding|injured|injuring|set upon|stormed|ambushed|attacked|fended off)\\b[^.]{0,60}\\b${ARMED_VICTIM}\\b|\\b${ARMED_VICTIM}\\b[^.]{0,40}\\b(?:were|was|have been)\\s+(?:\\w+\\s+)?(?:killed|wounded|injured)`, 'i').test(t) && !/\b(?:civilians?|children|women|villagers|residents|worshippers|students|shoppers)\b/i.test(t)) return pick('Armed clash', 'victims:armed');
  // ACLED: an armed group attacking soldiers, police or their posts is a battle; an attack on civilians is violence against them.
  if (ARMED_TARGET.test(input.target ?? '') || /\b(?:attacked|ambushed|stormed|raided|targeted|assaulted)\s+(?:\w+\s+){0,4}(?:soldiers?|troops|army|military|police|forces|positions?|checkpoints?|patrols?|bases?|barracks|convoys?|outposts?|headquarters)\b/i.test(t)) return pick('Armed clash', 'target:armed-forces');
  if (w.has('explosive')) return pick('Remote explosive/landmine/IED', 'weapon:explosive');
  return pick('Attack', 'default:attack');
}
