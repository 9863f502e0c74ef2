import type { NewDocument } from './core/document.js';
import { createDocument } from './core/document.js';
import { extract } from './pipeline.js';
import type { StageContext } from './stages/context.js';
import { resolveIncidents } from './stages/incidents/resolve.js';
import type { Repository } from './store/repository.js';

export interface IngestOutcome {
  status: 'inserted' | 'unchanged';
  docId: string;
  events: number;
  incidents: { created: number; updated: number; merged: number };
}

/**
 * The one ingest path every shell uses (CLI, API, workers): extract, store the document with its events in one
 * transaction, then fit its events into the incidents. Re-ingesting the same content changes nothing.
 */
export async function ingestDocument(store: Repository, ctx: StageContext, input: NewDocument, now: () => Date = () => new Date()): Promise<IngestOutcome> {
  const fresh = createDocument(input);
  // Content already stored: nothing to extract (a restarted batch or a feed re-serving its items costs a lookup).
  const stored = await store.documentIdByHash(fresh.meta.contentHash);
  if (stored !== null) return { status: 'unchanged', docId: stored, events: 0, incidents: { created: 0, updated: 0, merged: 0 } };
  const { doc, events } = extract(fresh, ctx);
  const r = await store.ingest(doc, events);
  if (r.status !== 'inserted') return { status: r.status, docId: r.docId, events: 0, incidents: { created: 0, updated: 0, merged: 0 } };
  const incidents = await resolveIncidents(store, await store.listEvents({ docId: r.docId }), ctx, now());
  return { status: 'inserted', docId: r.docId, events: r.events, incidents };
}

/** Events an interrupted run stored but never fitted into incidents. */
export async function resolvePending(store: Repository, ctx: StageContext, now: () => Date = () => new Date()) {
  return resolveIncidents(store, await store.eventsWithoutIncident(), ctx, now());
}
