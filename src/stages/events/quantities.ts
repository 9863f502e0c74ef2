import type { NumberMention } from '../numbers/numbers.js';
import type { Lexicons } from './lexicons.js';
import type { QuantityValue } from './types.js';

// The words between a count and its verb ("four U.S. soldiers were killed"); a conjunction starts another clause.
const CLAUSE_WORD = "(?!and\\b|or\\b|but\\b|while\\b)[\\p{L}.'’-]+";
const PERSON_WORDS = `(?:${CLAUSE_WORD}\\s+){0,4}?`;
// "eight people, including an unknown number of assailants, were killed": an aside between the count and its verb.
const ASIDE_REQUIRED = ',\\s*(?:including|among them|mostly|most of them)\\b[^,;.]{1,80},\\s*';
const ASIDE = `(?:${ASIDE_REQUIRED})?`;
const PERSON_WORDS_ASIDE = `(?:${PERSON_WORDS}|(?:${CLAUSE_WORD}\\s+){0,3}?[\\p{L}.'’-]+${ASIDE_REQUIRED})`;
const KILLED_AFTER = new RegExp(`^\\s*${PERSON_WORDS_ASIDE}(?:were|was|have been|had been|are|got|reportedly)?\\s*(?:killed|dead|died|slain|lost their lives|perished|fatality|fatalities|deaths)\\b`, 'iu');
const INJURED_AFTER = new RegExp(`^\\s*${PERSON_WORDS_ASIDE}(?:were|was|have been|had been|are|got|reportedly)?\\s*(?:injured|wounded|hurt|injuries)\\b`, 'iu');
/** A word of a noun phrase: no conjunction, no auxiliary, no past participle ("one vehicle was destroyed and …" is a clause). */
const NOUN_WORD = "(?!(?:and|or|but|while|including|was|were|is|are|has|have|had|been|being)\\b)(?![\\p{L}-]+ed\\b)[\\p{L}.'’-]+";
/**
 * "56 military personnel and civilians were killed", "21 soldiers and an unknown number of assailants were injured":
 * people joined to the count without a number of their own. Only people words may follow "and" ("3 rockets and the
 * guards were killed" counts no rockets), and no other count may stand in the joined part (checked by the caller).
 */
const PEOPLE = '(?:civilians?|soldiers?|fighters?|militants?|assailants?|attackers?|gunmen|people|persons|police(?:men)?|officers?|members?|personnel|children|women|men|guards?|troops|rebels|others|workers|students|residents|villagers|passengers|employees|bystanders|pilgrims|worshippers|recruits|insurgents|combatants)';
const JOINED = `(?:${NOUN_WORD}\\s+){0,3}?(?:and|as well as)\\s+(?:(?:an?|the)\\s+(?:unknown|undetermined|unspecified|unconfirmed)\\s+number\\s+of\\s+(?:[\\p{L}-]+\\s+)?|(?:[\\p{Ll}-]+\\s+)?)${PEOPLE}\\s+${ASIDE}(?:were|have been|had been)\\s*`;
const KILLED_JOINED = new RegExp(`^\\s*${JOINED}(?:killed|slain|dead)\\b`, 'iu');
const INJURED_JOINED = new RegExp(`^\\s*${JOINED}(?:injured|wounded|hurt)\\b`, 'iu');

/** Between two counts of one list ("two civilians, six soldiers, and three assailants were killed"): a noun, then a comma or "and". */
const LIST_GAP = new RegExp(`^\\s*(?:${NOUN_WORD}\\s+){0,3}?${NOUN_WORD}\\s*(?:,\\s*(?:and\\s+)?|\\s+and\\s+)(?:at least\\s+|another\\s+)?$`, 'iu');
/** "In addition to the bomber, two people were killed": the attacker is one more of the dead. */
const PLUS_ATTACKER = /\bin addition to (?:the|a) (?:suicide )?(?:bomber|assailant|attacker|gunman|perpetrator)\s*,\s*(?:at least\s+)?$/i;

/**
 * A count and the counts listed after it that end in the verb ("At least 12 assailants and seven soldiers were
 * killed"): their sum, and the numbers it used; null when the list does not end in the verb.
 */
function listedCount(text: string, clauseEnd: number, numbers: NumberMention[], from: number, verbAfter: (n: NumberMention) => boolean): { min: number; max: number | null; used: NumberMention[]; end: number } | null {
  const used = [numbers[from]];
  for (let k = from; k < numbers.length; k++) {
    const n = numbers[k];
    if (verbAfter(n)) {
      return { min: used.reduce((a, x) => a + x.min, 0), max: used.some((x) => x.max === null) ? null : used.reduce((a, x) => a + x.max!, 0), used, end: n.end };
    }
    const next = numbers[k + 1];
    if (!next || next.ordinal !== null || next.start > clauseEnd || !LIST_GAP.test(text.slice(n.end, next.start))) return null;
    used.push(next);
  }
  return null;
}

/**
 * Every word some casualty pattern below needs, as bare substrings (no word boundaries, and Unicode case folding as the
 * /iu patterns fold, so no spelling slips past): a clause with none of them holds no killed or injured figure, and its
 * numbers need not be read. Keep it a superset of the words of every pattern here.
 */
const ANY_CASUALTY_WORD = /kill|dead|died|slain|lives|perish|fatalit|death|left|leaving|injur|wound|hurt|casualt|victim|harm|life|assassinat|execut/iu;
/** The words the one-victim pattern needs (it is case-sensitive): a cheap look before that costlier pattern. */
const ONE_VICTIM_WORD = /kill|assassinated|executed|dead|death|died/;

/** One more of the dead than the count says ("killing him and 5", "in addition to the bomber, two"). */
function plusOne(q: QuantityValue, rule: string): QuantityValue {
  return { ...q, min: q.min + 1, max: q.max === null ? null : q.max + 1, rule: `${q.rule}+${rule}` };
}

/** Killed and injured counts in one clause, each tied to its number and the verb that makes it a casualty. */
export function findCasualties(text: string, clauseStart: number, clause: string, numbers: NumberMention[], lex: Lexicons, usedForWeapons: Set<NumberMention>) {
  let killed: QuantityValue | null = null;
  let injured: QuantityValue | null = null;
  const deathByOtherCause = lex.nonAttackDeath.test(clause);
  if (!ANY_CASUALTY_WORD.test(clause)) return { killed, injured, deathByOtherCause };
  const clauseEnd = clauseStart + clause.length;
  const listed = new Set<NumberMention>();
  const counts = numbers.filter((x) => !usedForWeapons.has(x));
  // Wide enough for an aside (", including an unknown number of assailants,"): every pattern is anchored at its start.
  const afterOf = (n: NumberMention) => text.slice(n.end, Math.min(n.end + 160, clauseEnd));
  // A joined part with a count of its own is a list, read through listedCount, not people joined without a number.
  const joinedFree = (n: NumberMention, m: RegExpExecArray | null) => !!m && !counts.some((x) => x !== n && x.start > n.end && x.start < n.end + m[0].length);
  const killedVerbAfter = (n: NumberMention) => KILLED_AFTER.test(afterOf(n)) || joinedFree(n, KILLED_JOINED.exec(afterOf(n)));
  const injuredVerbAfter = (n: NumberMention) => INJURED_AFTER.test(afterOf(n)) || joinedFree(n, INJURED_JOINED.exec(afterOf(n)));
  for (const n of numbers) {
    if (usedForWeapons.has(n) || n.ordinal !== null || listed.has(n)) continue;
    const after = afterOf(n);
    const before = text.slice(Math.max(clauseStart, n.start - 40), n.start);
    // "including 2 women" is a part of a count already given.
    if (/\bincluding\s+$/i.test(before) || /\b(?:of whom|among them)\s+$/i.test(before)) continue;
    const q: QuantityValue = { start: n.start, end: n.end, min: n.min, max: n.max, rule: '' };
    const killedAfter = killedVerbAfter(n);
    const injuredAfter = injuredVerbAfter(n);
    // "Two civilians, six soldiers, and three assailants were killed": the counts of one list add up.
    const killedList: ReturnType<typeof listedCount> = !killed && !killedAfter && !deathByOtherCause ? listedCount(text, clauseEnd, counts, counts.indexOf(n), killedVerbAfter) : null;
    if (killedList && killedList.used.length > 1) {
      for (const x of killedList.used) listed.add(x);
      killed = { start: n.start, end: killedList.end, min: killedList.min, max: killedList.max, rule: `counts-listed-then-killed+${n.rule}` };
      continue;
    }
    if (!killed && !deathByOtherCause && (killedAfter || /\b(?:killing|killed|kills|kill|left|leaving|claimed the lives of|death of|executed|executing|executes|(?:killing|killed) (?:him|her) and)\s+(?:at least\s+|some\s+|about\s+)?$/i.test(before) && !/^\s*(?:(?!and\b)\w+\s+){0,3}(?:injured|wounded)\b/i.test(after))) {
      killed = { ...q, rule: `${killedAfter ? 'count-then-killed' : 'killing-then-count'}+${n.rule}` };
      // "killing him and 5 of his escort": the one named before the count is dead too.
      if (/\b(?:killing|killed)\s+(?:him|her)\s+and\s+(?:at least\s+)?$/i.test(before)) killed = plusOne(killed, 'and-the-one-named');
      continue;
    }
    const injuredList: ReturnType<typeof listedCount> = !injured && !injuredAfter ? listedCount(text, clauseEnd, counts, counts.indexOf(n), injuredVerbAfter) : null;
    if (injuredList && injuredList.used.length > 1) {
      for (const x of injuredList.used) listed.add(x);
      injured = { start: n.start, end: injuredList.end, min: injuredList.min, max: injuredList.max, rule: `counts-listed-then-injured+${n.rule}` };
      continue;
    }
    if (!injured && (injuredAfter || /\b(?:injuring|injured|injures|wounding|wounded|wounds|hurting)\s+(?:at least\s+|some\s+|about\s+)?$/i.test(before))) {
      injured = { ...q, rule: `${injuredAfter ? 'count-then-injured' : 'injuring-then-count'}+${n.rule}` };
    }
  }
  // "In addition to the bomber, at least two people were killed": the attacker counts among the dead.
  if (killed && killed.rule.startsWith('count-then-killed') && PLUS_ATTACKER.test(text.slice(Math.max(clauseStart, killed.start - 60), killed.start))) {
    killed = plusOne(killed, 'and-the-attacker');
  }
  const span0 = (m: RegExpExecArray, rule: string): QuantityValue => ({ start: clauseStart + m.index, end: clauseStart + m.index + m[0].length, min: 0, max: 0, rule });
  const none = /\b(?:no (?:immediate )?(?:reports? of |reported )?(?:casualties|deaths|fatalities|victims)|without (?:causing |any )?(?:casualties|loss of life)|caus(?:ed|ing) no (?:casualties|deaths)|no (?:one|body) (?:was|were) (?:hurt|harmed|killed|injured)|no casualties|no loss of life)\b/i.exec(clause);
  const noInjury = /\b(?:no (?:immediate )?(?:reports? of |reported )?injur(?:ies|y)|without (?:causing |any )?[“"]?injur(?:ies|y)|no (?:one|body) (?:was|were) (?:hurt|injured)|no (?:one|body) was harmed)\b/i.exec(clause);
  const unknown = /\bcasualties (?:were )?(?:unknown|unclear|not (?:known|reported))\b/i.test(clause);
  if (none && !unknown) {
    if (!killed) killed = span0(none, 'none-reported');
    if (!injured) injured = span0(none, 'none-reported');
  }
  if (noInjury && !injured) injured = span0(noInjury, 'no-injuries-reported');
  if (/\b(?:no|without)\b[^.]*\bdirect hits or casualties\b|\bno (?:direct )?hits,? (?:or )?casualties\b/i.test(clause)) {
    const m = /casualties/i.exec(clause)!;
    if (!killed) killed = span0(m, 'none-reported');
    if (!injured) injured = span0(m, 'none-reported');
  }
  // One victim named without a number: "killed him", "The soldier was killed", "shot and killed Colonel X", "led to his death".
  if (!killed && !deathByOtherCause && ONE_VICTIM_WORD.test(clause)) {
    const single = /\b(?:killed|killing|assassinated|executed|shot dead)\s+(?:him|her|(?:a|an|the|one)\s+(?!number|few|dozen|couple|total)[\p{Ll}-]+(?:\s+[\p{Ll}-]+)?\b(?<!s)(?!\s+(?:and|or)\s)|[A-Z][\p{L}.'’-]*(?:\s+[A-Z][\p{L}.'’-]*){0,5}(?=[,.]))|\b(?:[Aa]n?|[Tt]he|[Oo]ne)\s+(?:[\p{L}-]+\s+){0,3}?(?:was|has been|had been)\s+(?:shot\s+and\s+)?killed\b|\bled to (?:his|her) death\b|\b(?:was|is) (?:shot )?dead\b|\bdied (?:of|from) (?:his|her) (?:wounds|injuries)\b/u.exec(clause);
    if (single && !/\b(?:people|civilians|soldiers|fighters|members|militants|persons|children|women|men)\b/.test(single[0])) {
      killed = { start: clauseStart + single.index, end: clauseStart + single.index + single[0].length, min: 1, max: 1, rule: 'one-victim-named' };
    }
  }
  return { killed, injured, deathByOtherCause };
}
