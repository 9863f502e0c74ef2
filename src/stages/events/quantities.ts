import type { NumberMention } from '../numbers/numbers.js';
import type { Lexicons } from './lexicons.js';
import type { QuantityValue } from './types.js';

// The words between a count and its verb ("four U.S. soldiers were killed"); a conjunction starts another clause.
const PERSON_WORDS = '(?:(?!and\\b|or\\b|but\\b|while\\b)[\\p{L}.\'’-]+\\s+){0,4}?';
const KILLED_AFTER = new RegExp(`^\\s*${PERSON_WORDS}(?:were|was|have been|had been|are|got|reportedly)?\\s*(?:killed|dead|died|slain|lost their lives|perished|fatalities|deaths)\\b`, 'iu');
const INJURED_AFTER = new RegExp(`^\\s*${PERSON_WORDS}(?:were|was|have been|had been|are|got|reportedly)?\\s*(?:injured|wounded|hurt|injuries)\\b`, 'iu');

/** Killed and injured counts in one clause, each tied to its number and the verb that makes it a casualty. */
export function findCasualties(text: string, clauseStart: number, clause: string, numbers: NumberMention[], lex: Lexicons, usedForWeapons: Set<NumberMention>) {
  let killed: QuantityValue | null = null;
  let injured: QuantityValue | null = null;
  const deathByOtherCause = lex.nonAttackDeath.test(clause);
  for (const n of numbers) {
    if (usedForWeapons.has(n) || n.ordinal !== null) continue;
    const after = text.slice(n.end, Math.min(n.end + 70, clauseStart + clause.length));
    const before = text.slice(Math.max(clauseStart, n.start - 40), n.start);
    // "including 2 women" is a part of a count already given.
    if (/\bincluding\s+$/i.test(before) || /\b(?:of whom|among them)\s+$/i.test(before)) continue;
    const q: QuantityValue = { start: n.start, end: n.end, min: n.min, max: n.max, rule: '' };
    const killedAfter = KILLED_AFTER.test(after);
    const injuredAfter = INJURED_AFTER.test(after);
    if (!killed && !deathByOtherCause && (killedAfter || /\b(?:killing|killed|kills|kill|left|leaving|claimed the lives of|death of)\s+(?:at least\s+|some\s+|about\s+)?$/i.test(before) && !/^\s*(?:(?!and\b)\w+\s+){0,3}(?:injured|wounded)\b/i.test(after))) {
      killed = { ...q, rule: `${killedAfter ? 'count-then-killed' : 'killing-then-count'}+${n.rule}` };
      continue;
    }
    if (!injured && (injuredAfter || /\b(?:injuring|injured|injures|wounding|wounded|wounds|hurting)\s+(?:at least\s+|some\s+|about\s+)?$/i.test(before))) {
      injured = { ...q, rule: `${injuredAfter ? 'count-then-injured' : 'injuring-then-count'}+${n.rule}` };
    }
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
  if (!killed && !deathByOtherCause) {
    const single = /\b(?:killed|killing|assassinated|executed|shot dead)\s+(?:him|her|(?:a|an|the|one)\s+(?!number|few|dozen|couple|total)[\p{Ll}-]+(?:\s+[\p{Ll}-]+)?\b(?<!s)(?!\s+(?:and|or)\s)|[A-Z][\p{L}.'’-]*(?:\s+[A-Z][\p{L}.'’-]*){0,5}(?=[,.]))|\b(?:[Aa]n?|[Tt]he|[Oo]ne)\s+(?:[\p{L}-]+\s+){0,3}?(?:was|has been|had been)\s+(?:shot\s+and\s+)?killed\b|\bled to (?:his|her) death\b|\b(?:was|is) (?:shot )?dead\b|\bdied (?:of|from) (?:his|her) (?:wounds|injuries)\b/u.exec(clause);
    if (single && !/\b(?:people|civilians|soldiers|fighters|members|militants|persons|children|women|men)\b/.test(single[0])) {
      killed = { start: clauseStart + single.index, end: clauseStart + single.index + single[0].length, min: 1, max: 1, rule: 'one-victim-named' };
    }
  }
  return { killed, injured, deathByOtherCause };
}
