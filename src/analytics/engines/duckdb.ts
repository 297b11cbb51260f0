/**
 * DuckDB from Node (`@duckdb/node-api`), the embedded default: nothing to install beyond `npm ci`.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { SqlEngine, SqlRow } from './engine';

/**
 * An in-memory DuckDB.
 *
 * @example const engine = await openDuckDB(); await engine.query('SELECT 42 AS answer')
 */
export async function openDuckDB(
  options: { threads?: number; memoryLimit?: string; tempDirectory?: string } = {},
): Promise<SqlEngine> {
  const instance = await DuckDBInstance.create(':memory:', {
    ...(options.threads ? { threads: String(options.threads) } : {}),
    // Past the limit DuckDB spills to disk instead of growing (the process peaks higher: JSON buffers,
    // Node itself); 1.5 GB let ten million events peak at 2.4 GB on a loaded machine.
    memory_limit: options.memoryLimit ?? '1GB',
    temp_directory: options.tempDirectory ?? join(tmpdir(), 'learning-loop-duckdb'),
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
