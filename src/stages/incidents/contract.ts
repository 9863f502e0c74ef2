/**
 * The extract contract: one JSON object per extracted event, as `sitrep extract` prints it and the store keeps it.
 * Other tools and the evaluation read these names; change them only with a migration and a note.
 */
export interface SourceRef {
  /** Who says it inside the text ("an American official"), or the outlet itself when nobody is quoted. */
  speaker: string;
  /** Who published it, with the chain when one outlet cites another ("PressTV citing Syrian state media"). */
  outlet: string | null;
  speaker_class?: string;
}

export interface DisputeValue {
  value: unknown;
  speaker: string;
  outlet: string | null;
  start: number;
  end: number;
}

export interface Dispute {
  field: string;
  values: DisputeValue[];
}

export interface EvidenceRef {
  field: string;
  start: number;
  end: number;
  rule?: string;
  quote?: string;
}

export interface FieldAssertion {
  value: unknown;
  /** For counts: the range the text allows ("at least two" is {min: 2, max: null}). */
  min?: number | null;
  max?: number | null;
  speaker: string;
  speaker_class: string;
  outlet: string | null;
  stance: 'asserted' | 'claimed' | 'alleged' | 'denied' | 'unconfirmed';
  start: number;
  end: number;
  quote: string;
  rule: string;
}

export interface FieldSummary {
  best: unknown;
  low: number | null;
  high: number | null;
  disputed: boolean;
  assertions: FieldAssertion[];
}

export interface ClaimRecord {
  claimant: string;
  claimant_id: string | null;
  known_actor: boolean;
  channel: string | null;
  speaker: string;
  outlet: string | null;
  quote: string;
  start: number;
  end: number;
}

export interface ExtractedEvent {
  doc_id: string;
  event_id: string;
  event_date: string | null;
  date_precision: 'day' | 'week' | 'month' | 'year' | 'unknown';
  /** How the date was set: the rule of its own words, or inherited from the story's lead or the report's date. */
  date_rule?: string;
  historical: boolean;
  event_type: string;
  sub_event_type: string;
  disorder_type: string;
  weapons: string[];
  launched: number | null;
  intercepted: number | null;
  impacted: number | null;
  fatalities: number | null;
  injured: number | null;
  damage: string | null;
  actor1: string | null;
  actor1_id: string | null;
  assoc_actor_1: string | null;
  actor2: string | null;
  inter1: number | null;
  inter2: number | null;
  claimed_by: string[];
  claims: ClaimRecord[];
  target: string | null;
  country: string | null;
  admin1: string | null;
  location: string | null;
  latitude: number | null;
  longitude: number | null;
  geo_precision: 1 | 2 | 3 | null;
  place_id: string | null;
  sources: SourceRef[];
  disputes: Dispute[];
  evidence: EvidenceRef[];
  fields: Record<string, FieldSummary>;
  notes: string;
  /** Publication date of the document the event came from. */
  published: string | null;
  outlet: string | null;
  /** Words in the document that take a side, flagged where they stand; never used in sitrep's own notes. */
  loaded_wording?: { word: string; start: number; end: number }[];
}
