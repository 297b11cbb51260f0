/**
 * PGlite (PostgreSQL compiled to WebAssembly): the second engine the metric SQL is checked on, and
 * one a browser page can run.
 */
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import type { SqlEngine, SqlRow } from './engine';

/**
 * An in-memory PGlite.
 *
 * @example const engine = await openPGlite(); await engine.query('SELECT 42 AS answer')
 */
export async function openPGlite(options: PGliteOptions = {}): Promise<SqlEngine> {
  const db = await PGlite.create(options);
  return {
    name: 'pglite',
    async exec(sql) {
      await db.exec(sql);
    },
    async query(sql) {
      return (await db.query<SqlRow>(sql)).rows;
    },
    async close() {
      await db.close();
    },
  };
}
