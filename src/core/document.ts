import type { Diagnostic } from './diagnostics.js';
import { SitrepError } from './errors.js';
import { sha256 } from './hash.js';

export interface DocumentMeta {
  /** Stable id: the caller's id when given, otherwise derived from the content hash. */
  readonly id: string;
  readonly url: string | null;
  readonly title: string | null;
  readonly outlet: string | null;
  /** Publication date, YYYY-MM-DD, or null when unknown. */
  readonly published: string | null;
  readonly language: string | null;
  /** Where the document came from: a path, "stdin", "path:line". */
  readonly source: string;
  /** sha256 of the text: the identity used to make re-ingest a no-op. */
  readonly contentHash: string;
}

/** A typed handle to one annotation layer, so stages can declare what they need and add. */
export interface LayerKey<T> {
  readonly name: string;
  /** Phantom field: carries the layer's type; never read. */
  readonly __type?: T;
}

export function layerKey<T>(name: string): LayerKey<T> {
  return { name };
}

/** One report. `text` never changes; everything derived lives in layers of spans into it. */
export interface Document {
  readonly text: string;
  readonly meta: DocumentMeta;
  readonly layers: Readonly<Record<string, unknown>>;
  readonly diagnostics: readonly Diagnostic[];
}

export interface NewDocument {
  text: string;
  id?: string | null;
  url?: string | null;
  title?: string | null;
  outlet?: string | null;
  published?: string | null;
  language?: string | null;
  source: string;
}

export function createDocument(input: NewDocument): Document {
  const contentHash = sha256(input.text);
  const meta: DocumentMeta = {
    id: input.id && input.id.trim() ? input.id.trim() : `doc-${contentHash.slice(0, 16)}`,
    url: input.url ?? null,
    title: input.title ?? null,
    outlet: input.outlet ?? null,
    published: input.published ?? null,
    language: input.language ?? null,
    source: input.source,
    contentHash,
  };
  return Object.freeze({ text: input.text, meta: Object.freeze(meta), layers: Object.freeze({}), diagnostics: Object.freeze([]) });
}

export function hasLayer(doc: Document, key: LayerKey<unknown>): boolean {
  return Object.prototype.hasOwnProperty.call(doc.layers, key.name);
}

export function getLayer<T>(doc: Document, key: LayerKey<T>): T {
  if (!hasLayer(doc, key)) {
    throw new SitrepError('STAGE_MISSING_LAYER', `layer "${key.name}" is missing: run the stage that adds it first`, { input: doc.meta.source });
  }
  return doc.layers[key.name] as T;
}

export function withLayer<T>(doc: Document, key: LayerKey<T>, value: T): Document {
  return Object.freeze({ ...doc, layers: Object.freeze({ ...doc.layers, [key.name]: value }) });
}

export function withDiagnostics(doc: Document, added: readonly Diagnostic[]): Document {
  if (added.length === 0) return doc;
  return Object.freeze({ ...doc, diagnostics: Object.freeze([...doc.diagnostics, ...added]) });
}

export function withMeta(doc: Document, patch: Partial<Omit<DocumentMeta, 'id' | 'contentHash' | 'source'>>): Document {
  return Object.freeze({ ...doc, meta: Object.freeze({ ...doc.meta, ...patch }) });
}
