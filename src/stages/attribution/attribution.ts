import type { Document } from '../../core/document.js';
import { getLayer, layerKey, withLayer } from '../../core/document.js';
import type { Stage } from '../../core/pipeline.js';
import type { StageContext } from '../context.js';
import { ACTORS } from '../actors/actors.js';
import { bodySentences } from '../segment/segment.js';
import { foldWord } from '../segment/words.js';
import type { Outlet, OutletRegistry } from './outlets.js';

export type SpeakerClass = 'outlet' | 'named_official' | 'anonymous_official' | 'government' | 'military' | 'armed_group' | 'anonymous_source' | 'eyewitness' | 'other';
export type Stance = 'asserted' | 'claimed' | 'alleged' | 'denied' | 'unconfirmed';

export interface Attribution {
  /** The sentence (or clause) the attribution governs. */
  start: number;
  end: number;
  speaker: { text: string; start: number; end: number; class: SpeakerClass } | null;
  /** Outlets in citation order: the first published it, each later one is whom it cites. */
  outlets: { name: string; id: string | null; start: number; end: number }[];
  /** Where the reported content begins: dates before it date the statement, not the event. */
  contentStart: number;
  verb: string | null;
  stance: Stance;
  rule: string;
}

export const ATTRIBUTIONS = layerKey<Attribution[]>('attributions');

const SPEECH = 'said|says|told|tells|claimed|claims|reported|announced|announces|stated|states|confirmed|confirms|alleged|alleges|denied|denies|added|noted|insisted|asserted|acknowledged|quoted|cited|citing|wrote|posted|tweeted|declared|accused|blamed';
const SPEECH_RE = new RegExp(`\\b(${SPEECH})\\b`, 'i');
const ACCORDING = /\baccording to\s+((?:(?:[A-Z]\.){2,}|[^,.;])+?)(?=[,.;]|$)/i;
const CLAIMED_WORDS = /\b(supposedly|reportedly|allegedly|purportedly|claimed|claims? to|claiming)\b/i;
const UNCONFIRMED = /\b(not (?:been )?(?:independently )?(?:confirmed|verified)|could not (?:independently )?(?:confirm|verify)|unconfirmed|no independent confirmation)\b/i;
const DENIED = /\b(denied|denies|dismissed)\b/i;
const LEAD_IN = /^(?:(?:however|meanwhile|separately|earlier|later|also|but|and|in addition|in a statement|in one of its first public statements)[, ]+|(?:on|early on|late on|early|late)\s+\w+(?:\s+\w+)?(?:\s+\d{4})?,\s*)+/i;
const PRONOUN = /^(?:it|he|she|they|the group|the militia|the statement|the movement|the faction|the organi[sz]ation)$/i;

export function speakerClass(text: string, outlet: Outlet | undefined, isActor: boolean): SpeakerClass {
  if (outlet) return outlet.type === 'government' ? 'government' : outlet.type === 'military' ? 'military' : outlet.type === 'armed_group_channel' ? 'armed_group' : 'outlet';
  if (isActor) return 'armed_group';
  if (/\b(?:witness|witnesses|residents?|locals?|eyewitness)\b/i.test(text)) return 'eyewitness';
  if (/\b(?:source|sources)\b/i.test(text)) return 'anonymous_source';
  if (/\b(?:official|officials|spokes\w*|minister|commander|general|officer|ministry|pentagon|centcom|command|military|army|police|government|authorities|department|governor)\b/i.test(text)) {
    return /^(?:an?|two|three|several|some|other|senior|u\.s\.|american|iraqi|syrian|israeli)\b/i.test(text) || /^\w+ officials$/i.test(text) ? 'anonymous_official' : /[A-Z][a-z]+ [A-Z][a-z]+/.test(text) ? 'named_official' : 'government';
  }
  if (/\b(?:media|tv|news|agency|outlet|channel|newspaper|reports?)\b/i.test(text)) return 'outlet';
  return 'other';
}

function findOutlet(reg: OutletRegistry, phrase: string): Outlet | undefined {
  const direct = reg.find(phrase.replace(/^(?:the|iran['’]s|syria['’]s|israel['’]s)\s+/i, '').trim());
  if (direct) return direct;
  // The outlet may sit inside a longer phrase ("Iran's PressTV", "the New York Post (NYP)").
  const ws = phrase.split(/[\s()“”"]+/).filter(Boolean);
  // Each word folded once: a chunk's folded key is its words' non-empty keys joined, as fold() of the chunk would be.
  const keys = ws.map(foldWord);
  // A chunk can name an outlet only if its first non-empty key starts some outlet's key: others are never joined.
  const opensKey = keys.map((k) => k !== '' && reg.startsKey(k.split(' ')[0]));
  for (let n = Math.min(reg.maxTokens, ws.length); n >= 1; n--) {
    for (let i = 0; i + n <= ws.length; i++) {
      if (n === 1 && /^[A-Z]{2,6}$/.test(ws[i])) {
        const hit = reg.lookup(ws[i])[0];
        if (hit) return hit;
        continue;
      }
      let first = i;
      while (first < i + n && keys[first] === '') first++;
      if (first === i + n || !opensKey[first]) continue;
      const hit = reg.lookup(keys.slice(i, i + n).filter(Boolean).join(' '))[0];
      if (hit) return hit;
    }
  }
  return undefined;
}

export const attributionStage: Stage<StageContext> = {
  name: 'attribution',
  needs: [ACTORS],
  adds: [ATTRIBUTIONS],
  run(doc: Document, ctx: StageContext): Document {
    const actors = getLayer(doc, ACTORS);
    const out: Attribution[] = [];
    let previous: Attribution | null = null;
    for (const s of bodySentences(doc)) {
      const sentence = doc.text.slice(s.start, s.end);
      const stance: Stance = UNCONFIRMED.test(sentence) ? 'unconfirmed' : DENIED.test(sentence) && !/\bclaim/i.test(sentence) ? 'denied' : CLAIMED_WORDS.test(sentence) ? 'claimed' : 'asserted';
      const att: Attribution = { start: s.start, end: s.end, speaker: null, outlets: [], contentStart: s.start, verb: null, stance, rule: 'no-speaker' };
      const addOutlet = (phrase: string, at: number) => {
        const o = findOutlet(ctx.outlets, phrase);
        if (o && !att.outlets.some((x) => x.id === o.id)) att.outlets.push({ name: o.name, id: o.id, start: at, end: at + phrase.length });
        return o;
      };
      const setSpeaker = (raw: string, at: number, rule: string) => {
        const lead = LEAD_IN.exec(raw);
        let text = raw;
        let start = at;
        if (lead) { text = raw.slice(lead[0].length); start += lead[0].length; }
        const trimmed = text.replace(/[\s,]+$/, '');
        if (!trimmed) return;
        if (PRONOUN.test(trimmed) && previous?.speaker) {
          att.speaker = { ...previous.speaker };
          att.outlets = [...previous.outlets];
        } else {
          const isActor = actors.some((a) => a.start >= start && a.end <= start + trimmed.length);
          const outlet = findOutlet(ctx.outlets, trimmed);
          att.speaker = { text: trimmed, start, end: start + trimmed.length, class: speakerClass(trimmed, outlet, isActor) };
          if (outlet && (outlet.type !== 'government' && outlet.type !== 'military')) addOutlet(trimmed, start);
        }
        att.rule = rule;
      };
      const acc = ACCORDING.exec(sentence);
      const verb = SPEECH_RE.exec(sentence);
      if (verb) {
        const v = verb[1].toLowerCase();
        const before = sentence.slice(0, verb.index);
        const ends = [[' that ', 6], ['; ', 2], ['“', 1], ['"', 1]] as const;
        const clauseStart = Math.max(0, ...ends.map(([mark, len]) => { const at = before.lastIndexOf(mark); return at < 0 ? 0 : at + len; }));
        const rawSubject = before.slice(clauseStart);
        const subject = rawSubject.trimStart();
        const subjectAt = s.start + clauseStart + (rawSubject.length - subject.length);
        const afterVerb = sentence.slice(verb.index + verb[0].length);
        const wordsBefore = subject.split(/\s+/).filter(Boolean).length;
        if (wordsBefore >= 1 && wordsBefore <= 12 && !/[.;]$/.test(subject.trim())) {
          att.verb = v;
          if (v === 'cited' || v === 'quoted' || v === 'citing') {
            // "PressTV cited Syrian state media reports that …": PressTV publishes, Syrian state media is the source.
            setSpeaker(subject, subjectAt, `pattern:X-${v}-Y`);
            if (att.speaker) addOutlet(att.speaker.text, att.speaker.start);
            const obj = /^\s+((?:an?\s+|the\s+)?[^,;]+?)(?=\s+(?:reports?|as saying|saying|that|taking|claiming|who|of)\b|[,;]|$)/.exec(afterVerb);
            if (obj) {
              const objAt = s.start + verb.index + verb[0].length + obj.index + obj[0].indexOf(obj[1]);
              const o = addOutlet(obj[1], objAt);
              const cls = speakerClass(obj[1], o, actors.some((a) => a.start >= objAt && a.end <= objAt + obj[1].length));
              att.speaker = { text: obj[1].trim(), start: objAt, end: objAt + obj[1].trim().length, class: cls };
              if (!o && /media|agency|news|tv/i.test(obj[1])) att.outlets.push({ name: obj[1].trim(), id: null, start: objAt, end: objAt + obj[1].trim().length });
            }
          } else {
            setSpeaker(subject, subjectAt, `pattern:X-${v}`);
            if (v === 'told' || v === 'tells') {
              const obj = /^\s+((?:the\s+)?[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,4}(?:\s*\([A-Z]{2,6}\))?)/.exec(afterVerb);
              if (obj) addOutlet(obj[1], s.start + verb.index + verb[0].length + obj.index + obj[0].indexOf(obj[1]));
            }
          }
          // Content starts after the verb, its object, an optional date and "that".
          const content = /^(?:\s+(?:reporters|journalists|the press|[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}(?:\s*\([A-Z]{2,6}\))?|[^,]*?\breports?))?(?:\s+on\s+\w+(?:\s+\w+)?)?(?:\s+that)?/.exec(afterVerb);
          att.contentStart = s.start + verb.index + verb[0].length + (content ? content[0].length : 0);
        }
      }
      if (acc) {
        const phrase = acc[1].trim();
        const at = s.start + acc.index + acc[0].indexOf(acc[1]);
        const citing = /^(.*?)\s*,?\s*(?:citing|quoting|which cited)\s+(.+)$/i.exec(phrase);
        if (citing) {
          addOutlet(citing[1], at);
          const o = addOutlet(citing[2], at + phrase.indexOf(citing[2]));
          att.speaker = { text: citing[2], start: at + phrase.indexOf(citing[2]), end: at + phrase.indexOf(citing[2]) + citing[2].length, class: speakerClass(citing[2], o, false) };
        } else if (!att.speaker || att.verb === 'claimed') {
          // "X claimed …, according to PressTV": X speaks, PressTV carries it.
          const o = addOutlet(phrase, at);
          if (!att.speaker) att.speaker = { text: phrase, start: at, end: at + phrase.length, class: speakerClass(phrase, o, false) };
        } else {
          addOutlet(phrase, at);
        }
        att.rule = att.rule === 'no-speaker' ? 'pattern:according-to-X' : `${att.rule}+according-to`;
      }
      out.push(att);
      if (att.speaker) previous = att;
    }
    return withLayer(doc, ATTRIBUTIONS, out);
  },
};
