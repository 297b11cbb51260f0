/**
 * DuckDB from Node (`@duckdb/node-api`), the embedded default: nothing to install beyond `npm ci`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { SqlEngine, SqlRow } from './engine';

/** Polls DuckDB's own progress of the running statement (it runs off the event loop) while `work` runs. */
async function withProgress<T>(
  connection: DuckDBConnection,
  work: Promise<T>,
  onProgress: ((fraction: number) => void) | undefined,
): Promise<T> {
  if (!onProgress) return work;
  const timer = setInterval(() => {
    const { percentage } = connection.progress;
    if (percentage >= 0) onProgress(Math.min(percentage / 100, 1));
  }, 200);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}

export interface DuckDBOptions {
  threads?: number;
  memoryLimit?: string;
  tempDirectory?: string;
  /**
   * Keep the tables in a scratch database file (deleted on close) instead of in memory: DuckDB then
   * writes them compressed (about 65 bytes an event instead of 330), so ten million events stay in
   * its memory instead of spilling every scan to disk; compressing costs about a second per million.
   */
  onDisk?: boolean;
}

/** A DuckDB engine that can also say whether its tables are in a scratch file. */
export interface DuckDB extends SqlEngine {
  readonly onDisk: boolean;
}

/**
 * A DuckDB, in memory or in a scratch file.
 *
 * @example const engine = await openDuckDB(); await engine.query('SELECT 42 AS answer')
 */
export async function openDuckDB(options: DuckDBOptions = {}): Promise<DuckDB> {
  const scratch = options.onDisk ? await mkdtemp(join(tmpdir(), 'learning-loop-db-')) : undefined;
  const instance = await DuckDBInstance.create(scratch ? join(scratch, 'analysis.duckdb') : ':memory:', {
    ...(options.threads ? { threads: String(options.threads) } : {}),
    // Past the limit DuckDB spills to disk instead of growing (the process peaks higher: JSON buffers,
    // Node itself): at 1 GB ten million events peaked at 1.7 GB resident, at 1.4 GB above 2 GB.
    memory_limit: options.memoryLimit ?? '1GB',
    temp_directory: options.tempDirectory ?? join(tmpdir(), 'learning-loop-duckdb'),
    // Row order means nothing to the metrics; keeping it costs a quarter of the load.
    preserve_insertion_order: 'false',
  });
  const connection = await instance.connect();
  await connection.run(
    'SET enable_progress_bar = true; SET enable_progress_bar_print = false; SET progress_bar_time = 0',
  );
  // FSST (for long, varied strings) cost two seconds in ten million events and saved nothing here:
  // the low-cardinality columns go to dictionaries, UUIDs do not shrink.
  if (scratch) await connection.run("SET disabled_compression_methods = 'fsst'");
  return {
    name: 'duckdb',
    onDisk: scratch !== undefined,
    async exec(sql, onProgress) {
      await withProgress(connection, connection.run(sql), onProgress);
    },
    async query(sql, onProgress) {
      const reader = await withProgress(connection, connection.runAndReadAll(sql), onProgress);
      // Column-wise conversion, then rows: three to five times cheaper than getRowObjectsJS on the
      // hundred thousand per-clinician rows.
      const columns = Object.entries(reader.getColumnsObjectJS());
      return Array.from({ length: reader.currentRowCount }, (_, i) => {
        const row: SqlRow = {};
        for (const [name, values] of columns) row[name] = values[i];
        return row;
      });
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
      if (scratch) await rm(scratch, { recursive: true, force: true });
    },
  };
}
