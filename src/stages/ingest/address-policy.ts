/**
 * Which hosts and addresses sitrep may fetch from. A URL in a feed or on the command line must not make sitrep
 * reach into the machine it runs on or the network around it (loopback, private ranges, link-local and the cloud
 * metadata address 169.254.169.254, carrier-grade NAT, unique-local IPv6, and the IPv6 forms that embed one
 * of those IPv4 addresses). Pure functions: the fetcher resolves names, these say yes or no.
 */
import { isIP } from 'node:net';

/** Names that mean "this machine" or "the cloud control plane", refused before any lookup. */
const BLOCKED_NAMES = new Set([
  'localhost',
  'localhost.localdomain',
  'ip6-localhost',
  'ip6-loopback',
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);
const BLOCKED_SUFFIXES = ['.localhost', '.local', '.internal', '.localdomain', '.home.arpa', '.arpa'];

/** A hostname as the checks see it: lower case, no trailing dot, IPv6 brackets removed. */
export function normalizeHost(hostname: string): string {
  let h = hostname.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  while (h.endsWith('.')) h = h.slice(0, -1);
  return h;
}

/** Why a hostname is refused by name alone, or null. */
export function blockedHostReason(hostname: string): string | null {
  const h = normalizeHost(hostname);
  if (!h) return 'the URL has no host';
  if (BLOCKED_NAMES.has(h)) return `"${h}" names a local or metadata host`;
  for (const s of BLOCKED_SUFFIXES) if (h.endsWith(s)) return `"${h}" is a local or internal name (*${s})`;
  return null;
}

// ---- addresses ------------------------------------------------------------------------------------

/** IPv4 ranges that are not the public internet, as [first octets as a number, prefix length, what]. */
const V4_BLOCKED: readonly [string, number, string][] = [
  ['0.0.0.0', 8, 'a "this network" address'],
  ['10.0.0.0', 8, 'a private address'],
  ['100.64.0.0', 10, 'a carrier-grade NAT address'],
  ['127.0.0.0', 8, 'a loopback address'],
  ['169.254.0.0', 16, 'a link-local address (cloud metadata lives here)'],
  ['172.16.0.0', 12, 'a private address'],
  ['192.0.0.0', 24, 'an IETF protocol address'],
  ['192.0.2.0', 24, 'a documentation address'],
  ['192.88.99.0', 24, 'a 6to4 relay address'],
  ['192.168.0.0', 16, 'a private address'],
  ['198.18.0.0', 15, 'a benchmarking address'],
  ['198.51.100.0', 24, 'a documentation address'],
  ['203.0.113.0', 24, 'a documentation address'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['240.0.0.0', 4, 'a reserved address'],
];

function v4ToInt(a: string): number | null {
  const parts = a.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    n = n * 256 + Number(p);
  }
  return n;
}

function v4Blocked(n: number): string | null {
  for (const [base, bits, what] of V4_BLOCKED) {
    const b = v4ToInt(base)!;
    const size = 2 ** (32 - bits);
    if (n >= b && n < b + size) return what;
  }
  return null;
}

/** Eight 16-bit groups, or null when `a` is no IPv6 address. Accepts "::" and a dotted IPv4 tail. */
export function parseIPv6(a: string): number[] | null {
  let s = a.toLowerCase();
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  // A dotted IPv4 tail ("::ffff:127.0.0.1") is two groups written another way.
  const lastColon = s.lastIndexOf(':');
  if (lastColon < 0) return null;
  const last = s.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = v4ToInt(last);
    if (v4 === null) return null;
    s = `${s.slice(0, lastColon + 1)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const parse = (h: string): number[] | null => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  if (!head || !rest) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const given = head.length + rest.length;
  if (given > 7) return null;
  return [...head, ...new Array<number>(8 - given).fill(0), ...rest];
}

function v6Blocked(g: number[]): string | null {
  const embedded = (hi: number, lo: number): number => hi * 65536 + lo;
  const zeros = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (g.every((x) => x === 0)) return 'the unspecified IPv6 address';
  if (zeros(7) && g[7] === 1) return 'the IPv6 loopback address';
  // ::ffff:a.b.c.d (IPv4-mapped) and ::a.b.c.d (IPv4-compatible, deprecated) carry an IPv4 address.
  if (zeros(5) && (g[5] === 0xffff || g[5] === 0)) {
    const why = v4Blocked(embedded(g[6], g[7]));
    return why ? `${why} in ${g[5] === 0 ? 'IPv4-compatible' : 'IPv4-mapped'} form` : g[5] === 0 ? 'an IPv4-compatible IPv6 address' : null;
  }
  // ::ffff:0:a.b.c.d (IPv4-translated).
  if (zeros(4) && g[4] === 0xffff && g[5] === 0) return 'an IPv4-translated IPv6 address';
  // 64:ff9b::/96 and 64:ff9b:1::/48 (NAT64) embed the IPv4 address they reach.
  if (g[0] === 0x64 && g[1] === 0xff9b) {
    const why = v4Blocked(embedded(g[6], g[7]));
    return why ? `${why} behind NAT64` : g[2] === 1 ? 'a local-use NAT64 address' : null;
  }
  // 2002::/16 (6to4) embeds the IPv4 address in groups 1 and 2.
  if (g[0] === 0x2002) {
    const why = v4Blocked(embedded(g[1], g[2]));
    return why ? `${why} in 6to4 form` : null;
  }
  if (g[0] === 0x2001 && g[1] === 0) return 'a Teredo address';
  if (g[0] === 0x2001 && g[1] === 0xdb8) return 'a documentation address';
  if (g[0] === 0x0100 && g[1] === 0 && g[2] === 0 && g[3] === 0) return 'a discard-only address';
  if ((g[0] & 0xfe00) === 0xfc00) return 'a unique-local IPv6 address';
  if ((g[0] & 0xffc0) === 0xfe80) return 'a link-local IPv6 address';
  if ((g[0] & 0xffc0) === 0xfec0) return 'a site-local IPv6 address';
  if ((g[0] & 0xff00) === 0xff00) return 'a multicast address';
  return null;
}

/**
 * Why an IP address is not on the public internet, or null when it is. Anything that does not parse as an
 * address is refused too: the caller only asks about addresses it means to connect to.
 */
export function blockedAddressReason(address: string): string | null {
  const a = normalizeHost(address);
  const kind = isIP(a.split('%')[0]);
  if (kind === 4) return v4Blocked(v4ToInt(a)!);
  if (kind === 6) {
    const g = parseIPv6(a);
    return g ? v6Blocked(g) : 'an IPv6 address that does not parse';
  }
  return `"${address}" is not an IP address`;
}

/** 4, 6, or 0 for a name. */
export function ipVersion(host: string): 0 | 4 | 6 {
  return isIP(normalizeHost(host).split('%')[0]) as 0 | 4 | 6;
}
