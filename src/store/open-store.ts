import { openPgStore } from './pg-store.js';
import type { Repository } from './repository.js';
import { openSqliteStore } from './sqlite-store.js';

/**
 * `--db` picks the store: a file path (or `:memory:`) is SQLite; a `postgres://` URL is PostgreSQL
 * (`?schema=NAME` picks a schema, default public).
 */
export async function openStore(spec: string): Promise<Repository> {
  if (/^postgres(?:ql)?:\/\//i.test(spec)) return openPgStore(spec);
  return openSqliteStore(spec);
}
