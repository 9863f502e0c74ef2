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

export function typeEvent(input: { weapons: Set<string>; allIntercepted: boolean; anyHarm: boolean; text: string; perpetratorIsState: boolean }): EventTyping {
  const w = input.weapons;
  const t = input.text;
  const pick = (sub: string, rule: string): EventTyping => ({ sub_event_type: sub, event_type: EVENT_OF[sub], disorder_type: sub === 'Disrupted weapons use' ? 'Strategic developments' : 'Political violence', rule });
  if (input.allIntercepted && !input.anyHarm) return pick('Disrupted weapons use', 'all-munitions-intercepted');
  if (/\b(?:defused|dismantled|disarmed|found and (?:defused|removed)|cleared)\b/i.test(t) && (w.has('ied') || w.has('explosive')) && !input.anyHarm) return pick('Disrupted weapons use', 'device-defused');
  if (w.has('chemical')) return pick('Chemical weapon', 'weapon:chemical');
  if (w.has('suicide_bomb')) return pick('Suicide bomb', 'weapon:suicide_bomb');
  if (/\b(?:kidnapp?(?:ed|ing)|abduct(?:ed|ing|ion)|taken hostage|disappeared)\b/i.test(t) && !w.has('drone')) return pick('Abduction/forced disappearance', 'verb:abducted');
  if (/\b(?:rape[ds]?|sexual(?:ly)? (?:assault|violence|abuse))\b/i.test(t)) return pick('Sexual violence', 'verb:sexual-violence');
  if (/\b(?:recaptured|regained control|retook|liberated)\b/i.test(t) && input.perpetratorIsState) return pick('Government regains territory', 'verb:regained');
  if (/\b(?:seized|captured|took control of|overran|taken over)\b/i.test(t) && /\b(?:village|town|city|area|territory|base|position|checkpoint|district)\b/i.test(t) && !input.perpetratorIsState) return pick('Non-state actor overtakes territory', 'verb:seized-territory');
  if (w.has('airstrike') || w.has('drone') || w.has('one_way_attack_drone')) return pick('Air/drone strike', 'weapon:air-or-drone');
  if (w.has('ballistic_missile') || w.has('cruise_missile') || w.has('missile') || w.has('rocket') || w.has('mortar') || w.has('artillery')) return pick('Shelling/artillery/missile attack', 'weapon:indirect-fire');
  if (w.has('car_bomb') || w.has('ied')) return pick('Remote explosive/landmine/IED', 'weapon:ied');
  if (w.has('grenade')) return pick('Grenade', 'weapon:grenade');
  if (/\b(?:clash(?:ed|es)?|exchange(?:d)? (?:of )?fire|fighting|battle|firefight|gun ?battle|engaged)\b/i.test(t)) return pick('Armed clash', 'verb:clash');
  if (w.has('explosive')) return pick('Remote explosive/landmine/IED', 'weapon:explosive');
  return pick('Attack', 'default:attack');
}
