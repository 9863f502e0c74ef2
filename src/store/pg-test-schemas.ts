/**
 * For tests against PostgreSQL: the server they use (SITREP_TEST_PG), why they skip without one, and throwaway schemas
 * that are dropped when the file's tests end.
 */
import pg from 'pg';
import { parsePgUrl } from './pg-store.js';

export const TEST_PG_URL = process.env.SITREP_TEST_PG;
export const PG_SKIP: string | false = TEST_PG_URL ? false : 'SITREP_TEST_PG is not set (a postgres:// URL; .ci/postgres.sh start DIR prints one)';

/** The URL with `?schema=` (or `&schema=`) added: how a command line picks the schema. */
export function urlWithSchema(url: string, schema: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}schema=${schema}`;
}

/** Schemas named `<prefix>_<run>_<n>`: `fresh()` hands out a new one; `dropAll(url)` drops every one handed out. */
export function testSchemas(prefix: string) {
  const run = `${prefix}_${Date.now().toString(36)}_${process.pid}`;
  const schemas: string[] = [];
  let n = 0;
  return {
    fresh(): string {
      const s = `${run}_${n++}`;
      schemas.push(s);
      return s;
    },
    async dropAll(url: string): Promise<void> {
      const admin = new pg.Client({ connectionString: parsePgUrl(url).connectionString });
      await admin.connect();
      try {
        for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
      } finally {
        await admin.end();
      }
    },
  };
}
