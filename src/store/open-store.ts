import { SitrepError } from '../core/errors.js';
import type { Repository } from './repository.js';
import { openSqliteStore } from './sqlite-store.js';

/** `--db` picks the store: a file path (or `:memory:`) is SQLite; a `postgres://` URL is PostgreSQL. */
export async function openStore(spec: string): Promise<Repository> {
  if (/^postgres(?:ql)?:\/\//i.test(spec)) {
    throw new SitrepError('STORE_FAILURE', 'the PostgreSQL store is not available in this build', { input: spec });
  }
  return openSqliteStore(spec);
}
