/**
 * The briefing's model: what `sitrep brief`, the API's /api/brief and the dashboard's briefing page all show. Types
 * only, with no imports, so the dashboard (web/) reads the same declarations as the server.
 */

export interface BriefFigure {
  field: string;
  label: string;
  disputed: boolean;
  /** Each distinct figure with the sources that give it, best-supported first. */
  values: { value: string; sources: string[] }[];
  /** The figure sitrep codes as best (the conservative one when sources disagree). */
  best: string | null;
}

export interface BriefItem {
  incident_id: string;
  event_date: string | null;
  date_precision: string;
  /** The place: "Ain al-Asad Air Base, Iraq". */
  place: string;
  /** Date (at its precision) and place: "20 November 2023: Ain al-Asad Air Base, Iraq". */
  heading: string;
  /** The neutral lead sentence. */
  sentence: string;
  figures: BriefFigure[];
  /** Other disagreements (the date) as sentences. */
  disputes: string[];
  claims: { claimant: string; reported_by: string }[];
  competing_claims: boolean;
  reports: number;
  outlets: string[];
}

export interface BriefModel {
  title: string;
  since: string | null;
  until: string | null;
  countries: string[];
  generated_at: string;
  /** Incidents matching; `items` may hold fewer (see `limit`). */
  total: number;
  by_weapon: { key: string; count: number }[];
  by_outcome: { key: string; count: number }[];
  items: BriefItem[];
}
