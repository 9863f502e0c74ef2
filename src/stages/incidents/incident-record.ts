import type { ExtractedEvent, FieldAssertion, FieldSummary, ClaimRecord, Dispute } from './contract.js';

/** One report of an incident: the document and the event extracted from it. */
export interface ReportRef {
  doc_id: string;
  event_id: string;
  outlet: string | null;
  published: string | null;
}

/** A field assertion with the report it came from, so the dossier can show who said what, where and when. */
export interface SourcedAssertion extends FieldAssertion {
  doc_id: string;
  report_outlet: string | null;
  published: string | null;
}

export interface SourcedField extends Omit<FieldSummary, 'assertions'> {
  assertions: SourcedAssertion[];
  /** confirmed: asserted by a source independent of the parties; claimed-only: only a party asserts it. */
  confirmation: 'confirmed' | 'claimed-only' | 'not-reported';
  /** Later reports by the same outlet that changed the figure. */
  revisions: { outlet: string; from: unknown; to: unknown; from_doc: string; to_doc: string; at: string | null }[];
}

export interface LoadedWordingFlag { word: string; outlet: string | null; doc_id: string; start: number; end: number }

/**
 * An incident across documents: the extract contract's fields (best values), plus every report behind it,
 * every source's value per field, disputes, revisions, claims, and the loaded words each outlet used.
 */
export interface IncidentRecord extends Omit<ExtractedEvent, 'fields' | 'doc_id' | 'event_id'> {
  incident_id: string;
  /** Kept for the extract contract's readers: the first report's event id. */
  event_id: string;
  doc_id: string;
  doc_ids: string[];
  reports: ReportRef[];
  fields: Record<string, SourcedField>;
  competing_claims: boolean;
  loaded_wording: LoadedWordingFlag[];
  created_at?: string;
  updated_at?: string;
}

export type { ClaimRecord, Dispute };
