/**
 * A marked passage of a report, as the API's document view lists them and the dashboard highlights them. Types only,
 * with no imports, so the dashboard (web/) reads the same declaration as the server.
 */
export interface DocSpan {
  start: number;
  end: number;
  kind: 'evidence' | 'assertion' | 'claim' | 'loaded-wording' | 'diagnostic';
  /** The field it is evidence for, the diagnostic's code, or the loaded word. */
  label: string;
  detail: string | null;
  event_id: string | null;
  incident_id: string | null;
}
