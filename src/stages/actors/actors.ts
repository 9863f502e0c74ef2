import type { Document } from '../../core/document.js';
import { layerKey, withLayer } from '../../core/document.js';
import type { Stage } from '../../core/pipeline.js';
import type { StageContext } from '../context.js';
import { fold } from '../places/fold.js';
import { bodySentences } from '../segment/segment.js';
import { matchNgrams } from '../segment/words.js';

export interface ActorMention {
  start: number;
  end: number;
  surface: string;
  /** Registry id, or null for a group found only by pattern. */
  actorId: string | null;
  /** Canonical name from the registry, or the name as the text gives it for an unknown group. */
  name: string;
  known: boolean;
  rule: string;
}

export const ACTORS = layerKey<ActorMention[]>('actors');

const NAME = `["“]?((?:[A-Z][\\p{L}'’-]*|al-[A-Z][\\p{L}'’-]*)(?:\\s+(?:al-|el-|of|the|for|and|in|[A-Z])[\\p{L}'’-]*){0,7})["”]?`;
const UNKNOWN_GROUP = new RegExp(`\\b(?:group|militia|faction|organi[sz]ation|movement|brigades?|battalion|cell|outfit)["”]?\\s+(?:called|named|calling itself|known as|dubbed)\\s+${NAME}`, 'gu');
/** /^[A-Z0-9&]{2,8}$/, by character codes: asked of every word of every body sentence. */
function isAcronymShape(text: string): boolean {
  const n = text.length;
  if (n < 2 || n > 8) return false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 38)) return false;
  }
  return true;
}

/** "Unidentified gunmen" and the like name no actor: ACLED's convention leaves the perpetrator unknown. */
const NO_ACTOR = /^(?:unidentified|unknown|masked|armed)\b/i;

export const actorsStage: Stage<StageContext> = {
  name: 'actors',
  needs: [],
  adds: [ACTORS],
  run(doc: Document, ctx: StageContext): Document {
    const reg = ctx.actors;
    const found: ActorMention[] = [];
    const docAcronyms = new Map<string, ActorMention>();
    for (const s of bodySentences(doc)) {
      const ws = s.words;
      // Word keys are fold()ed, so lower-case already: only a key holding an acronym's \u0000 mark needs undoing.
      const matches = matchNgrams(doc.text, ws, reg.maxTokens, {
        // An all-capital word is looked up as an acronym, with its case, so "IS" never matches the verb "is".
        wordKey: (w) => (isAcronymShape(w.text) ? `\u0000${w.text}` : reg.wordKey(w.text)),
        lookup: (k) => (k.indexOf('\u0000') < 0 ? reg.lookupName(k) : k.startsWith('\u0000') && !k.includes(' ') ? reg.lookupAcronym(k.slice(1)) : reg.lookupName(k.replace(/\u0000/g, '').toLowerCase())),
        canStart: (first) => (first.charCodeAt(0) !== 0 ? reg.startsName(first) : reg.startsName(first.slice(1).toLowerCase()) || reg.lookupAcronym(first.slice(1)).length > 0),
        accept: (first, slice) => slice.some((w) => w.capitalized),
        extendsName: (key) => reg.extendsName(key.indexOf('\u0000') < 0 ? key : key.replace(/\u0000/g, '').toLowerCase()),
      });
      for (const m of matches) {
        const a = m.hits[0];
        const mention: ActorMention = { start: m.start, end: m.end, surface: m.surface, actorId: a.id, name: a.name, known: true, rule: /^[A-Z0-9&]{2,8}$/.test(m.surface) ? 'registry-acronym' : 'registry-name' };
        found.push(mention);
        // "Name (ABC)": the acronym now names this actor for the rest of the document.
        const paren = /^\s*\(([A-Z]{2,8})\)/.exec(doc.text.slice(m.end, m.end + 12));
        if (paren) docAcronyms.set(paren[1], mention);
      }
      const sentence = doc.text.slice(s.start, s.end);
      UNKNOWN_GROUP.lastIndex = 0;
      let u: RegExpExecArray | null;
      while ((u = UNKNOWN_GROUP.exec(sentence))) {
        const name = u[1].replace(/\s+(?:the|of|and|in|for)$/i, '');
        const start = s.start + u.index + u[0].indexOf(u[1]);
        const end = start + name.length;
        if (NO_ACTOR.test(name) || found.some((f) => f.start <= start && end <= f.end)) continue;
        const known = reg.lookupName(fold(name))[0];
        found.push({ start, end, surface: name, actorId: known?.id ?? null, name: known?.name ?? name, known: !!known, rule: 'pattern:group-called-X' });
      }
    }
    // Acronyms defined in this document ("Tashkil al-Waritheen (TW)") that the registry lacks.
    if (docAcronyms.size) {
      for (const s of bodySentences(doc)) {
        for (const w of s.words) {
          const def = docAcronyms.get(w.text);
          if (def && !found.some((f) => f.start <= w.start && w.end <= f.end)) {
            found.push({ start: w.start, end: w.end, surface: w.text, actorId: def.actorId, name: def.name, known: def.known, rule: 'acronym-defined-in-document' });
          }
        }
      }
    }
    found.sort((a, b) => a.start - b.start);
    return withLayer(doc, ACTORS, found);
  },
};
