import { existsSync, readFileSync } from 'node:fs';
import { fold } from '../places/fold.js';
import { isPlainAscii } from '../segment/words.js';

export type ActorType = 'state_forces' | 'rebel_group' | 'political_militia' | 'identity_militia' | 'external_force' | 'other';

export interface Actor {
  id: string;
  name: string;
  aliases: string[];
  acronyms: string[];
  type: ActorType;
  inter: number;
  country: string | null;
  affiliations: string[];
  generic: boolean;
  note: string;
}

export interface ActorRegistry {
  byId(id: string): Actor | undefined;
  /** Actors whose name or alias folds to this key. */
  lookupName(key: string): readonly Actor[];
  /** Actors with this exact upper-case acronym. */
  lookupAcronym(acronym: string): readonly Actor[];
  readonly maxTokens: number;
  readonly all: readonly Actor[];
  /** Does any name's folded key begin with this token? */
  startsName(token: string): boolean;
  /** Does some name's folded key go on past this key? */
  extendsName(key: string): boolean;
  /** fold() of one word: a plain ASCII word's lower case, any other memoised (the same words recur in every report). */
  wordKey(word: string): string;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) { if (!l.includes(v)) l.push(v); } else m.set(k, [v]);
}

export function loadActorRegistry(path: string): ActorRegistry {
  const rows: Actor[] = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : [];
  const names = new Map<string, Actor[]>();
  const acronyms = new Map<string, Actor[]>();
  const byId = new Map<string, Actor>();
  let maxTokens = 1;
  for (const a of rows) {
    byId.set(a.id, a);
    if (a.generic) continue;
    for (const n of [a.name, ...a.aliases]) {
      // An all-capital alias is matched as an acronym, with its case, so "IS" never matches the verb "is".
      if (/^[A-Z0-9&-]{2,8}$/.test(n)) { push(acronyms, n, a); continue; }
      const key = fold(n);
      if (!key) continue;
      maxTokens = Math.max(maxTokens, key.split(' ').length);
      push(names, key, a);
    }
    for (const ac of a.acronyms) push(acronyms, ac, a);
  }
  const firstTokens = new Set([...names.keys()].map((k) => k.split(' ')[0]));
  const prefixes = new Set<string>();
  for (const k of names.keys()) for (let at = k.indexOf(' '); at > 0; at = k.indexOf(' ', at + 1)) prefixes.add(k.slice(0, at));
  // Bounded, so a hostile corpus cannot grow it without limit; one per registry, so no state outlives a context.
  // Plain ASCII words fold to their lower case at less cost than a look-up: only the others are kept.
  const wordKeys = new Map<string, string>();
  return {
    wordKey: (w) => {
      if (isPlainAscii(w)) return w.toLowerCase();
      let k = wordKeys.get(w);
      if (k === undefined) {
        if (wordKeys.size > 200_000) wordKeys.clear();
        k = fold(w);
        wordKeys.set(w, k);
      }
      return k;
    },
    startsName: (t) => firstTokens.has(t),
    extendsName: (k) => prefixes.has(k),
    byId: (id) => byId.get(id),
    lookupName: (key) => names.get(key) ?? [],
    lookupAcronym: (ac) => acronyms.get(ac) ?? [],
    maxTokens: Math.min(maxTokens, 10),
    all: rows,
  };
}
