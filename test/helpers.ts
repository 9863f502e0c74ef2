import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createDocument } from '../src/core/document.js';
import { createContext, extract } from '../src/pipeline.js';
import type { StageContext } from '../src/stages/context.js';

let shared: StageContext | null = null;
/** One context per test process: loading the gazetteer is the expensive part. */
export function context(): StageContext {
  shared ??= createContext({ now: () => new Date('2026-01-01T00:00:00Z') });
  return shared;
}

export function extractText(text: string, meta: { id?: string; published?: string; outlet?: string } = {}) {
  return extract(createDocument({ text, source: 'test', id: meta.id, published: meta.published ?? null, outlet: meta.outlet ?? null }), context());
}

export const SHARED = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..', 'shared');
export const hasShared = existsSync(resolve(SHARED, 'corpus', 'seed', 'article.txt'));
export function sharedFile(...parts: string[]): string {
  return readFileSync(resolve(SHARED, ...parts), 'utf8');
}
