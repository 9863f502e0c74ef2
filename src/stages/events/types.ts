import type { Place } from '../places/gazetteer.js';
import type { PlaceRelation } from '../places/places.js';
import type { DatePrecision } from '../dates/dates.js';

export interface Located { start: number; end: number; rule: string }

export interface QuantityValue extends Located { min: number; max: number | null }

export interface MentionDate extends Located {
  iso: string;
  precision: DatePrecision;
  /** The date of the statement ("told reporters on Thursday"), not of the attack: used only when nothing better is said. */
  speech: boolean;
}

export interface MentionPlace extends Located {
  place: Place;
  relation: PlaceRelation;
  surface: string;
}

export interface MentionActor extends Located { name: string; actorId: string | null; known: boolean }

export interface EventMention {
  id: string;
  /** The clause the mention was read from. */
  start: number;
  end: number;
  /** Index of the attribution (sentence) that governs it. */
  attribution: number;
  date: MentionDate | null;
  place: MentionPlace | null;
  /** Other resolved places in the clause, most specific first: context for merging. */
  otherPlaces: MentionPlace[];
  weapons: (Located & { id: string })[];
  launched: QuantityValue | null;
  intercepted: QuantityValue | null;
  impacted: QuantityValue | null;
  outcome: { intercepted: boolean; impacted: boolean; crashed: boolean };
  damage: (Located & { text: string; none: boolean }) | null;
  killed: QuantityValue | null;
  injured: QuantityValue | null;
  perpetrator: MentionActor | null;
  attributedTo: MentionActor[];
  claimants: MentionActor[];
  /** "for the attacks on Wednesday and Thursday": the dates a claim covers. */
  claimDates: string[];
  interceptor: MentionActor | null;
  target: (Located & { text: string }) | null;
  /** Refers back ("the attack", "that incident", "the base") rather than describing a new attack. */
  anaphoric: boolean;
  /** A summary of several attacks ("Rocket and drone attacks on Thursday targeted military bases"). */
  summary: boolean;
  /** Claims or casualties only, with no attack described: joins an incident, never opens one. */
  supplementOnly: boolean;
  /** No weapon and no place: continues the attack just described, or stands alone when there is none. */
  weak: boolean;
  historical: boolean;
  /** Words that decide the event type beyond the weapon: seizure, sexual, territory-government, territory-nonstate, clash, chemical, abduction. */
  signals: string[];
  trigger: Located & { text: string };
}
