import type { Document } from '../../core/document.js';
import { getLayer } from '../../core/document.js';
import type { StageContext } from '../context.js';
import { ATTRIBUTIONS } from '../attribution/attribution.js';
import type { Attribution } from '../attribution/attribution.js';
import type { EventMention, QuantityValue } from '../events/types.js';
import type { DocIncident } from './incidents.js';
import { DOC_INCIDENTS } from './incidents.js';
import type { ClaimRecord, Dispute, EvidenceRef, ExtractedEvent, FieldAssertion, FieldSummary, SourceRef } from './contract.js';
import { typeEvent } from './event-type.js';
import { neutralNote } from './notes.js';

type CountField = 'launched' | 'intercepted' | 'impacted' | 'killed' | 'injured';

interface Voice { speaker: string; speaker_class: string; outlet: string | null }

function voiceOf(att: Attribution | undefined, doc: Document): Voice {
  const outletChain = att && att.outlets.length ? att.outlets.map((o) => o.name).join(' citing ') : null;
  const docOutlet = doc.meta.outlet;
  const outlet = outletChain ? (docOutlet && !att!.outlets.some((o) => o.name === docOutlet) ? `${docOutlet} via ${outletChain}` : outletChain) : docOutlet;
  if (att?.speaker) return { speaker: att.speaker.text, speaker_class: att.speaker.class, outlet };
  return { speaker: outletChain ? att!.outlets[att!.outlets.length - 1].name : docOutlet ?? 'the report', speaker_class: 'outlet', outlet };
}

/** ACLED's figures for vague fatality words: "several" or "many" is 10, "dozens" 12, "hundreds" 100. */
const ACLED_VAGUE: Record<string, number> = { several: 10, many: 10, numerous: 10, some: 10, multiple: 10, 'a number of': 10, dozens: 12, 'dozens of': 12, 'tens of': 12, scores: 12, 'scores of': 12, hundreds: 100, 'hundreds of': 100 };

function countAssertion(q: QuantityValue, m: EventMention, v: Voice, stance: FieldAssertion['stance'], text: string, casualty = false): FieldAssertion {
  const exact = q.max !== null && q.min === q.max;
  const vague = /vague:([a-z ]+?)(?:\+|$)/.exec(q.rule)?.[1];
  const conventional = casualty && vague && ACLED_VAGUE[vague] !== undefined ? ACLED_VAGUE[vague] : null;
  return { value: exact ? q.min : conventional, min: q.min, max: q.max, speaker: v.speaker, speaker_class: v.speaker_class, outlet: v.outlet, stance, start: q.start, end: q.end, quote: text.slice(m.start, m.end), rule: q.rule };
}

/** An assertion that conflicts with some other speaker's figure: one side of a dispute. */
export function disputeSide(a: FieldAssertion, all: readonly FieldAssertion[]): boolean {
  return all.some((b) => b !== a && b.speaker !== a.speaker && !((a.min ?? 0) <= (b.max ?? Infinity) && (b.min ?? 0) <= (a.max ?? Infinity)));
}

/** best, low, high and the dispute flag for one count field. */
export function summariseCount(assertions: FieldAssertion[], casualty = false): FieldSummary {
  if (!assertions.length) return { best: null, low: null, high: null, disputed: false, assertions };
  const lows = assertions.map((a) => a.min ?? 0);
  const highs = assertions.map((a) => a.max);
  // For killed and injured, ACLED's rule: a figure claimed only by a party to the fight, or flagged as unconfirmed,
  // is shown but never becomes best.
  const usable = casualty ? assertions.filter((a) => a.stance !== 'unconfirmed' && a.speaker_class !== 'armed_group') : assertions;
  const exactOnly = usable.filter((a) => a.value !== null && a.max !== null && a.min === a.max).map((a) => a.value as number);
  const conventional = usable.filter((a) => a.value !== null).map((a) => a.value as number);
  const exact = assertions.filter((a) => a.value !== null && a.max !== null && a.min === a.max).map((a) => a.value as number);
  // Conservative: the lowest exact figure; else a conventional figure for a vague word; else a range's lower bound.
  const best = !usable.length ? null : exactOnly.length ? Math.min(...exactOnly) : conventional.length ? Math.min(...conventional) : Math.min(...usable.map((a) => a.min ?? 0));
  // Two figures from different speakers dispute each other when they cannot both be true: their ranges do not meet
  // (2 and 3; 8 and "at least 11"). The same speaker changing a figure revises it, and a vaguer figure that contains a
  // precise one ("at least two" and 3, "a few" and 3) is no dispute.
  const meets = (a: FieldAssertion, b: FieldAssertion) => (a.min ?? 0) <= (b.max ?? Infinity) && (b.min ?? 0) <= (a.max ?? Infinity);
  const conflicting = new Set<FieldAssertion>();
  for (const a of assertions) for (const b of assertions) {
    if (a !== b && a.speaker !== b.speaker && !meets(a, b)) { conflicting.add(a); conflicting.add(b); }
  }
  const disputed = conflicting.size > 0;
  return { best, low: Math.min(...lows), high: highs.some((h) => h === null) ? null : Math.max(...(highs as number[])), disputed, assertions };
}

export function incidentsToContract(doc: Document, ctx: StageContext): ExtractedEvent[] {
  const incidents = getLayer(doc, DOC_INCIDENTS);
  const atts = getLayer(doc, ATTRIBUTIONS);
  const text = doc.text;
  return incidents.map((inc, n) => toEvent(inc, n, doc, ctx, atts, text));
}

function toEvent(inc: DocIncident, n: number, doc: Document, ctx: StageContext, atts: Attribution[], text: string): ExtractedEvent {
  const evidence: EvidenceRef[] = [];
  const fields: Record<string, FieldSummary> = {};
  const sources = new Map<string, SourceRef>();
  const own = inc.mentions.filter((m) => !m.summary || inc.mentions.length === 1);
  const voices = new Map(inc.mentions.map((m) => [m.id, voiceOf(atts[m.attribution], doc)]));
  for (const m of inc.mentions) {
    const v = voices.get(m.id)!;
    sources.set(`${v.speaker}|${v.outlet}`, { speaker: v.speaker, outlet: v.outlet, speaker_class: v.speaker_class });
  }
  const stanceOf = (m: EventMention): FieldAssertion['stance'] => atts[m.attribution]?.stance ?? 'asserted';
  const counts: Record<CountField, FieldAssertion[]> = { launched: [], intercepted: [], impacted: [], killed: [], injured: [] };
  for (const m of own) {
    const v = voices.get(m.id)!;
    for (const f of Object.keys(counts) as CountField[]) {
      const q = m[f];
      if (q) counts[f].push(countAssertion(q, m, v, stanceOf(m), text, f === 'killed' || f === 'injured'));
    }
  }
  const disputes: Dispute[] = [];
  for (const f of Object.keys(counts) as CountField[]) {
    const s = summariseCount(counts[f], f === 'killed' || f === 'injured');
    fields[f] = s;
    for (const a of s.assertions) evidence.push({ field: f, start: a.start, end: a.end, rule: a.rule, quote: text.slice(a.start, a.end) });
    if (s.disputed) disputes.push({ field: f, values: s.assertions.filter((a) => disputeSide(a, s.assertions)).map((a) => ({ value: a.value, speaker: a.speaker, outlet: a.outlet, start: a.start, end: a.end })) });
  }
  const weapons = [...inc.weapons].filter((w) => w !== 'explosive' || inc.weapons.size === 1);
  for (const m of inc.mentions) for (const w of m.weapons) evidence.push({ field: 'weapons', start: w.start, end: w.end, rule: w.rule });
  if (inc.date) {
    const m = inc.mentions.find((x) => x.id === inc.date!.from);
    if (m?.date) evidence.push({ field: 'event_date', start: m.date.start, end: m.date.end, rule: inc.date.rule });
  }
  if (inc.place) evidence.push({ field: 'location', start: inc.place.start, end: inc.place.end, rule: `${inc.place.rule}:${inc.place.place.source}` });

  // Claims of responsibility, each with who reports it.
  const claims: ClaimRecord[] = [];
  for (const m of [...inc.mentions, ...inc.claimMentions]) {
    for (const c of m.claimants) {
      if (claims.some((x) => x.claimant === c.name)) continue;
      const v = voices.get(m.id) ?? voiceOf(atts[m.attribution], doc);
      claims.push({ claimant: c.name, claimant_id: c.actorId, known_actor: c.known, channel: v.outlet, speaker: v.speaker, outlet: v.outlet, quote: text.slice(m.start, m.end), start: c.start, end: c.end });
      evidence.push({ field: 'claimed_by', start: c.start, end: c.end, rule: c.rule });
    }
  }
  const perp = inc.mentions.map((m) => m.perpetrator).find((p) => p && !inc.mentions.some((m) => m.interceptor && m.interceptor.start === p.start && m.perpetrator === m.interceptor && inc.mentions.some((k) => k.perpetrator && k.perpetrator !== k.interceptor))) ?? null;
  const actor1 = perp ?? (claims[0] ? { name: claims[0].claimant, actorId: claims[0].claimant_id, start: claims[0].start, end: claims[0].end, rule: 'claimant', known: claims[0].known_actor } : null);
  if (actor1) evidence.push({ field: 'actor1', start: actor1.start, end: actor1.end, rule: actor1.rule });
  const actor1Record = actor1?.actorId ? ctx.actors.byId(actor1.actorId) : undefined;
  const interceptor = inc.mentions.map((m) => m.interceptor).find((x) => x && x.actorId !== actor1?.actorId) ?? null;
  const actor2Record = interceptor?.actorId ? ctx.actors.byId(interceptor.actorId) : undefined;
  const target = own.map((m) => m.target).find(Boolean) ?? null;
  if (target) evidence.push({ field: 'target', start: target.start, end: target.end, rule: target.rule });
  const damageM = own.map((m) => m.damage).find(Boolean) ?? null;

  const allIntercepted = !!fields.intercepted.best && fields.launched.best !== null && (fields.intercepted.best as number) >= (fields.launched.best as number) && !fields.impacted.best
    || (own.some((m) => m.outcome.intercepted) && !own.some((m) => m.outcome.impacted && !m.outcome.intercepted) && !fields.impacted.best);
  const anyHarm = !!fields.killed.best || !!fields.injured.best || !!(damageM && !damageM.none);
  const clauseText = inc.mentions.map((m) => text.slice(m.start, m.end)).join(' ');
  const typing = typeEvent({ weapons: new Set(weapons), signals: new Set(inc.mentions.flatMap((m) => m.signals)), allIntercepted, anyHarm, anyCasualty: !!fields.killed.best || !!fields.injured.best, text: clauseText, perpetratorIsState: actor1Record?.type === 'state_forces', target: target?.text ?? null });
  // The type's rule stands on the words that opened the incident.
  const typedBy = inc.mentions[0]?.trigger;
  if (typedBy) evidence.push({ field: 'sub_event_type', start: typedBy.start, end: typedBy.end, rule: typing.rule });

  const place = inc.place?.place ?? null;
  const geo_precision = !place ? null : place.kind === 'country' || place.kind === 'admin1' || (place.kind === 'region' && !place.lat) ? 3 : inc.place!.relation === 'near' || inc.place!.relation === 'part-of' || place.kind === 'region' ? 2 : 1;
  const country = place?.country ?? null;
  const ev: ExtractedEvent = {
    doc_id: doc.meta.id,
    event_id: `${doc.meta.id}:${n + 1}`,
    event_date: inc.date?.iso ?? null,
    date_precision: (inc.date?.precision as ExtractedEvent['date_precision']) ?? 'unknown',
    date_rule: inc.date?.rule ?? 'no-date',
    historical: inc.historical,
    event_type: typing.event_type,
    sub_event_type: typing.sub_event_type,
    disorder_type: typing.disorder_type,
    weapons,
    launched: fields.launched.best as number | null,
    intercepted: fields.intercepted.best as number | null,
    impacted: fields.impacted.best as number | null,
    fatalities: fields.killed.best as number | null,
    injured: fields.injured.best as number | null,
    damage: damageM ? (damageM.none ? 'none reported' : damageM.text) : null,
    actor1: actor1?.name ?? null,
    actor1_id: actor1?.actorId ?? null,
    assoc_actor_1: null,
    actor2: actor2Record?.name ?? interceptor?.name ?? null,
    inter1: actor1Record?.inter ?? (actor1 ? 3 : null),
    inter2: actor2Record?.inter ?? null,
    claimed_by: claims.map((c) => c.claimant),
    claims,
    target: target?.text ?? null,
    country,
    admin1: place?.kind === 'country' ? null : place?.admin1 ?? null,
    location: place?.name ?? null,
    latitude: place?.lat ?? null,
    longitude: place?.lon ?? null,
    geo_precision,
    place_id: place?.id ?? null,
    sources: [...sources.values()],
    disputes,
    evidence,
    fields,
    notes: '',
    published: doc.meta.published,
    outlet: doc.meta.outlet,
    loaded_wording: doc.diagnostics.filter((d) => d.code === 'loaded-wording' && d.span).map((d) => ({ word: doc.text.slice(d.span!.start, d.span!.end), start: d.span!.start, end: d.span!.end })),
  };
  ev.notes = neutralNote(ev, ctx);
  return ev;
}
