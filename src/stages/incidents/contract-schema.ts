/**
 * The extract contract (contract.ts) as a zod schema, for checking what `extract` emits: in the fuzz and
 * property tests, and for any shell that wants to validate records it reads back. Stricter than the TypeScript
 * type where the type cannot say it: finite numbers, non-negative integer counts, half-open spans, ISO dates,
 * coordinates on the globe. Unknown keys are refused so a renamed field is caught.
 */
import { z } from 'zod';
import type { ExtractedEvent } from './contract.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((s) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}, 'not a calendar date');

const offset = z.number().int().nonnegative();
const count = z.number().int().nonnegative().nullable();
const finite = z.number().refine(Number.isFinite, 'not finite');

/** A span object with start/end; `end >= start` is checked on every object that has both. */
const spanned = <T extends z.ZodRawShape>(shape: T) =>
  z.strictObject({ ...shape, start: offset, end: offset }).refine((o) => (o as { end: number }).end >= (o as { start: number }).start, 'end before start');

export const SourceRefSchema = z.strictObject({ speaker: z.string(), outlet: z.string().nullable(), speaker_class: z.string().optional() });

export const DisputeValueSchema = spanned({ value: z.unknown(), speaker: z.string(), outlet: z.string().nullable() });
export const DisputeSchema = z.strictObject({ field: z.string().min(1), values: z.array(DisputeValueSchema) });

export const EvidenceRefSchema = spanned({ field: z.string().min(1), rule: z.string().optional(), quote: z.string().optional() });

export const FieldAssertionSchema = spanned({
  value: z.unknown(),
  min: finite.nullable().optional(),
  max: finite.nullable().optional(),
  speaker: z.string(),
  speaker_class: z.string(),
  outlet: z.string().nullable(),
  stance: z.enum(['asserted', 'claimed', 'alleged', 'denied', 'unconfirmed']),
  quote: z.string(),
  rule: z.string(),
});

export const FieldSummarySchema = z.strictObject({
  best: z.unknown(),
  low: finite.nullable(),
  high: finite.nullable(),
  disputed: z.boolean(),
  assertions: z.array(FieldAssertionSchema),
});

export const ClaimRecordSchema = spanned({
  claimant: z.string().min(1),
  claimant_id: z.string().nullable(),
  known_actor: z.boolean(),
  channel: z.string().nullable(),
  speaker: z.string(),
  outlet: z.string().nullable(),
  quote: z.string(),
});

export const ExtractedEventSchema = z.strictObject({
  doc_id: z.string().min(1),
  event_id: z.string().min(1),
  event_date: isoDate.nullable(),
  date_precision: z.enum(['day', 'week', 'month', 'year', 'unknown']),
  date_rule: z.string().optional(),
  historical: z.boolean(),
  event_type: z.string().min(1),
  sub_event_type: z.string().min(1),
  disorder_type: z.string().min(1),
  weapons: z.array(z.string().min(1)),
  launched: count,
  intercepted: count,
  impacted: count,
  fatalities: count,
  injured: count,
  damage: z.string().nullable(),
  actor1: z.string().min(1).nullable(),
  actor1_id: z.string().nullable(),
  assoc_actor_1: z.string().nullable(),
  actor2: z.string().min(1).nullable(),
  inter1: z.number().int().nullable(),
  inter2: z.number().int().nullable(),
  claimed_by: z.array(z.string().min(1)),
  claims: z.array(ClaimRecordSchema),
  target: z.string().nullable(),
  country: z.string().regex(/^[A-Z]{2}$/).nullable(),
  admin1: z.string().nullable(),
  location: z.string().nullable(),
  latitude: finite.refine((v) => v >= -90 && v <= 90, 'latitude out of range').nullable(),
  longitude: finite.refine((v) => v >= -180 && v <= 180, 'longitude out of range').nullable(),
  geo_precision: z.union([z.literal(1), z.literal(2), z.literal(3)]).nullable(),
  place_id: z.string().nullable(),
  sources: z.array(SourceRefSchema).min(1),
  disputes: z.array(DisputeSchema),
  evidence: z.array(EvidenceRefSchema),
  fields: z.record(z.string(), FieldSummarySchema),
  notes: z.string(),
  published: isoDate.nullable(),
  outlet: z.string().nullable(),
  loaded_wording: z.array(spanned({ word: z.string().min(1) })).optional(),
});

// The schema and the TypeScript type must describe the same record: this fails to compile when they drift.
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : false;
const _sameKeys: SameKeys<z.infer<typeof ExtractedEventSchema>, ExtractedEvent> = true;
void _sameKeys;

/** Every span an event points into its document with, and what it is for. */
export function eventSpans(ev: ExtractedEvent): { where: string; start: number; end: number; quote?: string; quoteIsSpan: boolean }[] {
  const out: { where: string; start: number; end: number; quote?: string; quoteIsSpan: boolean }[] = [];
  for (const e of ev.evidence) out.push({ where: `evidence.${e.field}`, start: e.start, end: e.end, quote: e.quote, quoteIsSpan: true });
  for (const [f, s] of Object.entries(ev.fields)) for (const a of s.assertions) out.push({ where: `fields.${f}`, start: a.start, end: a.end, quote: a.quote, quoteIsSpan: false });
  for (const c of ev.claims) out.push({ where: 'claims', start: c.start, end: c.end, quote: c.quote, quoteIsSpan: false });
  for (const d of ev.disputes) for (const v of d.values) out.push({ where: `disputes.${d.field}`, start: v.start, end: v.end, quoteIsSpan: false });
  for (const w of ev.loaded_wording ?? []) out.push({ where: 'loaded_wording', start: w.start, end: w.end, quote: w.word, quoteIsSpan: true });
  return out;
}
