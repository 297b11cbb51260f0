/**
 * One analysis, start to finish, for the CLI and the tests: files in (canonical or AuditEvent NDJSON,
 * detected per file or named), DuckDB loaded, roles joined, every metric computed.
 */
import { stat } from 'node:fs/promises';
import { openDuckDB } from './engines/duckdb';
import { CREATE_TABLES, insertRoles, type SqlEngine } from './engines/engine';
import { detectFormat, type Format } from './lines';
import { loadAuditEvents, loadCanonical, type FileReport } from './load';
import { readMetricSql } from './metric-files';
import { runMetrics, type MetricRow } from './metrics';
import { readRoles } from './roles';

export interface AnalyzeOptions {
  /** Force one format for every file instead of detecting it. */
  format?: Format;
  /** PractitionerRole NDJSON for the role dimension. */
  roles?: string;
  pseudonymKey?: string;
  minN?: number;
  /** Progress: the file being read and bytes read of it. */
  onProgress?: (file: string, read: number, total: number) => void;
  /** Keep the engine open (to write Parquet, say); the caller closes it. */
  keepEngine?: boolean;
}

export interface Analysis {
  files: FileReport[];
  rolesSkipped: { line: number; reason: string }[];
  metrics: MetricRow[];
  engine?: SqlEngine;
}

/**
 * Analyses NDJSON files; throws only when a file cannot be read at all.
 *
 * @example const { metrics, files } = await analyzeFiles(['events.ndjson'], { roles: 'roles.ndjson' })
 */
export async function analyzeFiles(
  paths: readonly string[],
  options: AnalyzeOptions = {},
): Promise<Analysis> {
  const engine = await openDuckDB();
  try {
    await engine.exec(CREATE_TABLES);
    const files: FileReport[] = [];
    for (const path of paths) {
      const { size } = await stat(path);
      const format = options.format ?? (size === 0 ? undefined : await detectFormat(path));
      options.onProgress?.(path, 0, size);
      if (size === 0 || format === undefined) {
        // An empty file, or one with no event in its first lines: read it as canonical so every bad
        // line is still counted with its number.
        files.push(
          size === 0 ? { path, format: 'empty', loaded: 0, skipped: [] } : await loadCanonical(engine, path),
        );
      } else if (format === 'audit')
        files.push(await loadAuditEvents(engine, path, (read) => options.onProgress?.(path, read, size)));
      else files.push(await loadCanonical(engine, path));
      options.onProgress?.(path, size, size);
    }
    let rolesSkipped: Analysis['rolesSkipped'] = [];
    if (options.roles) {
      const read = await readRoles(options.roles, options);
      await insertRoles(engine, read.roles);
      rolesSkipped = read.skipped;
    }
    const metrics = await runMetrics(engine, await readMetricSql(), options);
    return { files, rolesSkipped, metrics, ...(options.keepEngine ? { engine } : {}) };
  } finally {
    if (!options.keepEngine) await engine.close();
  }
}
