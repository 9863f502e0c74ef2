import * as chrono from 'chrono-node';
import type { Document } from '../../core/document.js';
import { getLayer, layerKey, withDiagnostics, withLayer } from '../../core/document.js';
import type { Diagnostic } from '../../core/diagnostics.js';
import type { Stage } from '../../core/pipeline.js';
import type { StageContext } from '../context.js';
import { DATELINES, ZONES } from '../segment/segment.js';

export type DatePrecision = 'day' | 'week' | 'month' | 'year';

export interface DateMention {
  start: number;
  end: number;
  /** First day of the period, YYYY-MM-DD. */
  iso: string;
  precision: DatePrecision;
  /** True when the text names the date only relative to the report ("on Thursday", "yesterday"). */
  relative: boolean;
  rule: string;
}

export const DATES = layerKey<DateMention[]>('dates');

const DAY_MS = 86_400_000;
// Digits alone are no cue, nor are "this", "last" or "year" alone: what chrono makes of a block with only those is
// never a date of the event ("for several hours", "2 days after", "MON-50", "now" resolved to the publication day);
// numeric dates keep their separators, relative ones their unit ("last week", "this morning", "two days ago").
const MAY_HOLD_DATE = /\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:today|tonight|yesterday|tomorrow|ago|noon|midnight|christmas|weekend)\b|\b(?:last|this|next|past|previous|coming|earlier|later) (?:\w+ )?(?:day|week|month|year|night|morning|evening|afternoon|weekend)\b|\b(?:day|week|month|year)s? (?:ago|earlier|later)\b/i;
const WEEK_WORDS = /\b(?:last|this|previous|past)\s+week\b/i;
const DURATION = /\b(?:last|past|next|coming)\s+(?:\w+\s+)?(?:days|weeks|months|years|hours)\b/i;
const RELATIVE_WORDS = /\b(today|tonight|yesterday|last|this|previous|earlier|ago|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/i;

function isoOf(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function utcDay(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`);
}

function addDays(iso: string, days: number): string {
  return new Date(utcDay(iso) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Resolve one chrono result against the publication day; returns null for what is no calendar date (a clock time alone). */
export function resolveParsed(r: chrono.ParsedResult, anchorIso: string): Omit<DateMention, 'start' | 'end'> | null {
  const c = r.start;
  const known = (k: chrono.Component) => c.isCertain(k);
  const hasDay = known('day');
  const hasMonth = known('month');
  const hasYear = known('year');
  const hasWeekday = known('weekday');
  const text = r.text;
  if (!hasDay && !hasMonth && !hasYear && !hasWeekday && !RELATIVE_WORDS.test(text)) return null;
  // "over the last two days" is a period, not a date.
  if (DURATION.test(text)) return null;
  let iso = isoOf(c.get('year') ?? 0, c.get('month') ?? 1, c.get('day') ?? 1);
  let precision: DatePrecision = 'day';
  let rule = 'chrono-absolute';
  const relative = !/\d{4}/.test(text) && (hasWeekday || RELATIVE_WORDS.test(text)) && !/\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/i.test(text);
  if (WEEK_WORDS.test(text)) {
    precision = 'week';
    // A week is named by its Monday.
    const weekday = new Date(utcDay(iso)).getUTCDay();
    iso = addDays(iso, -((weekday + 6) % 7));
    rule = 'relative-week';
  } else if (hasWeekday && !/\d/.test(text)) {
    // chrono picks the coming weekday; news means the last one on or before the report.
    while (iso > anchorIso) iso = addDays(iso, -7);
    rule = 'weekday-on-or-before-publication';
  } else if (hasMonth && !hasDay && !relative) {
    precision = 'month';
    iso = isoOf(c.get('year') ?? 0, c.get('month') ?? 1, 1);
    rule = hasYear ? 'month-and-year' : 'month-only';
  } else if (hasYear && !hasMonth && !hasDay) {
    precision = 'year';
    iso = isoOf(c.get('year') ?? 0, 1, 1);
    rule = 'year-only';
  } else if (relative) {
    rule = 'relative-to-publication';
  }
  if (!hasYear && !relative && iso > addDays(anchorIso, 1)) {
    // A day and month with no year that would fall after the report is last year's.
    const [y, m, d] = iso.split('-').map(Number);
    iso = isoOf(y - 1, m, d);
    rule = `${rule}+previous-year`;
  }
  if (iso > addDays(anchorIso, 1) && relative) iso = anchorIso;
  // "29 February 2023" or a year past 9999 is no calendar date: refused rather than emitted.
  const [yy, mm, dd] = iso.split('-').map(Number);
  const check = new Date(Date.UTC(yy, mm - 1, dd));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || yy < 1 || check.getUTCFullYear() !== yy || check.getUTCMonth() !== mm - 1 || check.getUTCDate() !== dd) return null;
  return { iso, precision, relative, rule };
}

export const datesStage: Stage<StageContext> = {
  name: 'dates',
  needs: [ZONES, DATELINES],
  adds: [DATES],
  run(doc: Document, ctx: StageContext): Document {
    const diags: Diagnostic[] = [];
    let anchorIso = doc.meta.published;
    if (!anchorIso) {
      anchorIso = ctx.now().toISOString().slice(0, 10);
      diags.push({ code: 'no-publication-date', severity: 'warning', stage: 'dates', message: `no publication date: relative dates are anchored to ${anchorIso}` });
    }
    const ref = new Date(`${anchorIso}T12:00:00Z`);
    const mentions: DateMention[] = [];
    for (const zone of getLayer(doc, ZONES)) {
      const blockText = doc.text.slice(zone.span.start, zone.span.end);
      // chrono is the costliest step here; a block with no digit and no date word cannot hold a date.
      if (!MAY_HOLD_DATE.test(blockText)) continue;
      for (const r of chrono.parse(blockText, { instant: ref, timezone: 0 })) {
        const start = zone.span.start + r.index;
        const end = start + r.text.length;
        const resolvedDate = resolveParsed(r, anchorIso);
        if (!resolvedDate) continue;
        if (getLayer(doc, DATELINES).some((d) => start >= d.start && start < d.end)) {
          diags.push({ code: 'date-in-dateline', severity: 'info', stage: 'dates', span: { start, end }, message: 'the dateline dates the report, not an event' });
          continue;
        }
        if (zone.kind !== 'body') {
          diags.push({ code: 'date-outside-body', severity: 'info', stage: 'dates', span: { start, end }, message: `date in a ${zone.kind} is not used for events` });
          continue;
        }
        mentions.push({ start, end, ...resolvedDate });
      }
    }
    // "Sometime between January 6 and January 12": one mention for the span, dated at its middle, as GTD and ACLED code it.
    for (let i = mentions.length - 1; i > 0; i--) {
      const a = mentions[i - 1];
      const b = mentions[i];
      const between = doc.text.slice(a.end, b.start);
      const lead = doc.text.slice(Math.max(0, a.start - 12), a.start);
      if (!/^\s*(?:and|to|-|–|until)\s*$/i.test(between) || !/\b(?:between|from)\s+$/i.test(lead) || a.iso > b.iso) continue;
      const days = Math.round((utcDay(b.iso) - utcDay(a.iso)) / DAY_MS);
      mentions.splice(i - 1, 2, { start: a.start, end: b.end, iso: addDays(a.iso, Math.ceil(days / 2)), precision: days <= 7 ? 'week' : 'month', relative: a.relative, rule: 'date-range-midpoint' });
    }
    return withDiagnostics(withLayer(doc, DATES, mentions), diags);
  },
};
