import { existsSync, readFileSync } from 'node:fs';
import { fold } from '../places/fold.js';

export type OutletType = 'wire_service' | 'newspaper' | 'broadcaster' | 'state_media' | 'government' | 'military' | 'armed_group_channel' | 'social_media' | 'research_group' | 'ngo';

export interface Outlet {
  id: string;
  name: string;
  aliases: string[];
  type: OutletType;
  country: string | null;
  affiliation: string;
  party_to: string[];
}

export interface OutletRegistry {
  byId(id: string): Outlet | undefined;
  lookup(key: string): readonly Outlet[];
  /** Find an outlet by a name as written (case-insensitive, folded). */
  find(name: string): Outlet | undefined;
  readonly maxTokens: number;
  /** Does some outlet's key begin with this folded token? Spares building keys no outlet has. */
  startsKey(token: string): boolean;
}

export function loadOutletRegistry(path: string): OutletRegistry {
  const rows: Outlet[] = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : [];
  const index = new Map<string, Outlet[]>();
  const byId = new Map<string, Outlet>();
  let maxTokens = 1;
  for (const o of rows) {
    byId.set(o.id, o);
    for (const n of [o.name, ...o.aliases]) {
      const key = /^[A-Z]{2,6}$/.test(n) ? n : fold(n);
      if (!key) continue;
      maxTokens = Math.max(maxTokens, key.split(' ').length);
      const l = index.get(key);
      if (l) { if (!l.includes(o)) l.push(o); } else index.set(key, [o]);
    }
  }
  const lookup = (key: string) => index.get(key) ?? [];
  const firstTokens = new Set([...index.keys()].map((k) => k.split(' ')[0]));
  return {
    byId: (id) => byId.get(id),
    lookup,
    find: (name) => (/^[A-Z]{2,6}$/.test(name) ? lookup(name)[0] : undefined) ?? lookup(fold(name))[0],
    maxTokens: Math.min(maxTokens, 8),
    startsKey: (token) => firstTokens.has(token),
  };
}
