/** The API's shapes (as far as the dashboard reads them) and one fetch helper that turns errors into messages. */
import type { DocSpan } from '../../src/server/doc-span.js';
import type { ClaimRecord as Claim } from '../../src/stages/incidents/contract.js';

// Declared once for the server and the dashboard.
export type { BriefFigure, BriefItem, BriefModel } from '../../src/export/brief-model.js';
export type { Claim, DocSpan };

export type Outcome = 'launched' | 'intercepted' | 'impacted';

export interface IncidentSummary {
  incident_id: string;
  event_date: string | null;
  date_precision: string;
  event_type: string;
  sub_event_type: string;
  weapons: string[];
  launched: number | null;
  intercepted: number | null;
  impacted: number | null;
  fatalities: number | null;
  injured: number | null;
  actor1: string | null;
  claimed_by: string[];
  target: string | null;
  country: string | null;
  admin1: string | null;
  location: string | null;
  latitude: number | null;
  longitude: number | null;
  geo_precision: number | null;
  outcome: Outcome | null;
  outcomes: string[];
  disputed_fields: string[];
  reports: number;
  outlets: string[];
  notes: string;
  updated_at: string | null;
}

export interface IncidentPage {
  items: IncidentSummary[];
  total: number;
  next_cursor: string | null;
}

export interface AggregateBucket {
  period: string;
  key: string | null;
  count: number;
}

export interface Assertion {
  value: unknown;
  min?: number | null;
  max?: number | null;
  speaker: string;
  speaker_class: string;
  outlet: string | null;
  stance: string;
  start: number;
  end: number;
  quote: string;
  rule: string;
  doc_id: string;
  report_outlet: string | null;
  published: string | null;
}

export interface SourcedField {
  best: unknown;
  low: number | null;
  high: number | null;
  disputed: boolean;
  confirmation: string;
  assertions: Assertion[];
  revisions: { outlet: string; from: unknown; to: unknown; from_doc: string; to_doc: string; at: string | null }[];
}

export interface Evidence {
  field: string;
  start: number;
  end: number;
  rule?: string;
  quote?: string;
  doc_id?: string;
  text: string | null;
}


export interface DisputeValue {
  value: unknown;
  speaker: string;
  outlet: string | null;
  start: number;
  end: number;
  doc_id?: string;
}

export interface IncidentRecord extends Omit<IncidentSummary, 'outcome' | 'outcomes' | 'disputed_fields' | 'reports' | 'outlets'> {
  doc_ids: string[];
  reports: { doc_id: string; event_id: string; outlet: string | null; published: string | null }[];
  fields: Record<string, SourcedField>;
  disputes: { field: string; values: DisputeValue[] }[];
  claims: Claim[];
  competing_claims: boolean;
  evidence: Evidence[];
  loaded_wording: { word: string; outlet: string | null; doc_id: string; start: number; end: number }[];
  sources: { speaker: string; outlet: string | null; speaker_class?: string }[];
  damage: string | null;
  actor2: string | null;
  created_at?: string;
}

export interface DocRef {
  id: string;
  title: string | null;
  outlet: string | null;
  published: string | null;
  url: string | null;
}

export interface HistoryEntry {
  at: string;
  change: { kind: string; added_reports?: string[]; removed_reports?: string[]; changed_fields?: { field: string; from: unknown; to: unknown }[]; into?: string };
}

export interface Dossier {
  requested_id: string;
  incident: IncidentRecord;
  summary: IncidentSummary;
  documents: DocRef[];
  history: HistoryEntry[];
}

export interface DocumentView extends DocRef {
  source: string;
  language: string | null;
  ingested_at: string;
  text: string;
  events: { event_id: string; incident_id: string | null; event_date: string | null; sub_event_type: string; weapons: string[]; location: string | null; country: string | null }[];
  diagnostics: { code: string; severity: string; stage: string; start: number | null; end: number | null; message: string }[];
  spans: DocSpan[];
}

export interface Actor { id: string; name: string; type: string }

export class ApiFailure extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export async function getJson<T>(path: string, params?: URLSearchParams, signal?: AbortSignal): Promise<T> {
  const url = params && [...params.keys()].length ? `${path}?${params}` : path;
  const res = await fetch(url, { headers: { accept: 'application/json' }, signal });
  if (!res.ok) {
    let code = `HTTP_${res.status}`;
    let message = res.statusText;
    try {
      const body = (await res.json()) as { error?: { code?: string; message?: string } };
      code = body.error?.code ?? code;
      message = body.error?.message ?? message;
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiFailure(res.status, code, message);
  }
  return (await res.json()) as T;
}
