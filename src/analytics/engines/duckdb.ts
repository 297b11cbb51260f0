/**
 * DuckDB from Node (`@duckdb/node-api`), the embedded default: nothing to install beyond `npm ci`.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { SqlEngine, SqlRow } from './engine';

/**
 * An in-memory DuckDB.
 *
 * @example const engine = await openDuckDB(); await engine.query('SELECT 42 AS answer')
 */
export async function openDuckDB(options: { threads?: number } = {}): Promise<SqlEngine> {
  const instance = await DuckDBInstance.create(':memory:', {
    ...(options.threads ? { threads: String(options.threads) } : {}),
  });
  const connection = await instance.connect();
  return {
    name: 'duckdb',
    async exec(sql) {
      await connection.run(sql);
    },
    async query(sql) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS() as SqlRow[];
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
