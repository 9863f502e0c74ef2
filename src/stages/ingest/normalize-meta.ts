/**
 * Normalisers for the metadata every reader collects, so a date or a language means the same thing
 * whether it came from a JSONL field, a text header, a meta tag or a CLI flag.
 */

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
// Date, time, optional seconds and fraction, optional zone. A space instead of "T" is common in feeds.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function isCalendarDate(y: number, m: number, d: number): boolean {
  if (y < 1000 || m < 1 || m > 12 || d < 1) return false;
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

function ymd(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * YYYY-MM-DD, or an ISO timestamp reduced to its UTC date; null when the value is not one of those.
 * A timestamp without a zone is taken at face value: guessing the machine's zone would make the result
 * depend on where sitrep runs.
 */
export function normalizePublished(value: string): string | null {
  const v = value.trim();
  const d = DATE_ONLY.exec(v);
  if (d) {
    const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
    return isCalendarDate(y, m, day) ? ymd(y, m, day) : null;
  }
  const t = TIMESTAMP.exec(v);
  if (!t) return null;
  const [y, m, day, hh, mm, ss] = [t[1], t[2], t[3], t[4], t[5], t[6] ?? '0'].map(Number);
  if (!isCalendarDate(y, m, day) || hh > 23 || mm > 59 || ss > 60) return null;
  const zone = t[7];
  if (!zone) return ymd(y, m, day);
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return null;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const utc = new Date(Date.UTC(y, m - 1, day, hh, mm, Math.min(ss, 59)) - offsetMinutes * 60_000);
  return utc.toISOString().slice(0, 10);
}

/** The 2-letter primary language subtag ("en-GB", "en_US" → "en"); null for anything else. */
export function normalizeLanguage(value: string): string | null {
  const m = /^([a-z]{2})(?:[-_][a-z0-9]+)*$/i.exec(value.trim());
  return m ? m[1].toLowerCase() : null;
}

/** Trimmed text, or null when nothing is left: an empty title is no title. */
export function cleanString(value: string | null | undefined): string | null {
  if (value == null) return null;
  const v = value.replace(/\s+/g, ' ').trim();
  return v ? v : null;
}
