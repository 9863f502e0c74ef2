/**
 * The dashboard's state lives in the URL, so every view is shareable: `#/<route>?<query>`. The overview's filters are
 * the query (since, until, country, admin1, actor, weapon, outcome, disputed, q, bbox, sort, interval, by), and the
 * dossier and document views carry them along so "back to the list" keeps them.
 */

export const FILTER_KEYS = ['since', 'until', 'country', 'admin1', 'actor', 'weapon', 'outcome', 'disputed', 'q', 'bbox'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
/** View settings that are no filters but belong in a shared link. */
export const VIEW_KEYS = ['sort', 'interval', 'by'] as const;

export interface Route {
  /** overview | incident | document | brief */
  name: 'overview' | 'incident' | 'document' | 'brief';
  /** The id in #/incident/<id> and #/document/<id>. */
  id: string | null;
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const qi = raw.indexOf('?');
  const path = qi >= 0 ? raw.slice(0, qi) : raw;
  const params = new URLSearchParams(qi >= 0 ? raw.slice(qi + 1) : '');
  const parts = path.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  if (parts[0] === 'incident' && parts[1]) return { name: 'incident', id: parts[1], params };
  if (parts[0] === 'document' && parts[1]) return { name: 'document', id: parts[1], params };
  if (parts[0] === 'brief') return { name: 'brief', id: null, params };
  return { name: 'overview', id: null, params };
}

export function hashFor(name: Route['name'], id: string | null, params: URLSearchParams): string {
  const path = name === 'overview' ? '/' : name === 'brief' ? '/brief' : `/${name}/${encodeURIComponent(id ?? '')}`;
  const q = params.toString();
  return `#${path}${q ? `?${q}` : ''}`;
}

/** Only the filter keys of a query, in a fixed order (so equal filters make equal URLs). */
export function filtersOf(params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v !== null && v !== '') out.set(k, v);
  }
  return out;
}

/** Filters plus the view settings: what a link back to the overview carries. */
export function overviewParams(params: URLSearchParams): URLSearchParams {
  const out = filtersOf(params);
  for (const k of VIEW_KEYS) {
    const v = params.get(k);
    if (v) out.set(k, v);
  }
  return out;
}

export function navigate(hash: string, replace = false): void {
  if (replace) {
    history.replaceState(null, '', hash);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = hash;
  }
}
