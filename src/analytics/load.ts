/**
 * Loading input files into DuckDB's `events` table (engines/duckdb-events.sql). Canonical NDJSON is
 * read by DuckDB itself with an explicit schema; AuditEvent NDJSON through the app's ViewDefinition
 * compiled to SQL (view/sql.ts), or in JavaScript worker threads for a view the compiler does not
 * take. A line that is not an event is dropped in SQL and counted; only then is the file read again
 * in JavaScript to say which lines and why.
 */
import { readFile } from 'node:fs/promises';
import { insertEvents } from './engines/duckdb-load';
import type { SqlEngine } from './engines/engine';
import { appView, auditRow } from './flatten-audit';
import { flattenFile } from './flatten-threads';
import { flatProblem } from './flat';
import { canonicalProblem, lines, type Format } from './lines';
import { auditSource, canonicalSource } from './sources';
import { compileViewSql, Unsupported, type SqlView } from './view/sql';

export interface Skipped {
  line: number;
  reason: string;
}
export interface FileReport {
  path: string;
  format: Format | 'empty';
  /** Lines read as events (duplicates included). */
  loaded: number;
  skipped: Skipped[];
}

/** What the loader says while it works: a stage and how far it got (0 to 1). */
export type Progress = (stage: string, fraction: number) => void;

let compiled: Promise<SqlView | undefined> | undefined;

/** The app's view as SQL, or undefined when it needs JavaScript (a deployment changed it). */
export function appViewSql(): Promise<SqlView | undefined> {
  compiled ??= readFile(new URL('./views/audit-event.json', import.meta.url), 'utf8').then((text) => {
    try {
      const view = compileViewSql(JSON.parse(text));
      return view.oneRowPerResource ? view : undefined;
    } catch (error) {
      if (error instanceof Unsupported) return undefined;
      throw error;
    }
  });
  return compiled;
}

/** The numbered lines DuckDB dropped, found again in JavaScript with the reason. */
async function locate(path: string, format: Format, onProgress: Progress | undefined, size: number) {
  const skipped: Skipped[] = [];
  const view = format === 'audit' ? await appView() : undefined;
  const stage = `finding the skipped lines of ${path}`;
  for await (const { number, text } of lines(path, (read) => onProgress?.(stage, read / size))) {
    let reason: string | undefined;
    if (!view) reason = canonicalProblem(text);
    else {
      let resource: unknown;
      try {
        resource = JSON.parse(text);
      } catch {
        reason = 'not JSON (truncated or corrupt line)';
      }
      if (!reason) {
        const row = auditRow(resource, view);
        reason = row ? flatProblem(row) : 'not an AuditEvent of this app (no event tag)';
      }
    }
    if (reason) skipped.push({ line: number, reason });
  }
  return skipped;
}

/**
 * One file into `events` (and its flat rows into `flat` too when `keepFlat`, for Parquet).
 *
 * @example await loadFile(duck, 'events.ndjson', 'canonical', { size })
 */
export async function loadFile(
  engine: SqlEngine,
  path: string,
  format: Format,
  options: { size: number; keepFlat?: boolean; onProgress?: Progress; threads?: number },
): Promise<FileReport> {
  const { size, onProgress } = options;
  const reading = `reading ${path}`;
  const view = format === 'audit' ? await appViewSql() : undefined;
  if (format === 'audit' && !view) {
    const file = await flattenFile(path, (read) => onProgress?.(reading, read / size), options);
    try {
      await insertEvents(engine, file.flat);
      if (options.keepFlat) await engine.exec(`INSERT INTO flat ${file.flat}`);
    } finally {
      await file.cleanup();
    }
    return { path, format, loaded: file.loaded, skipped: file.skipped };
  }
  const flat = view ? auditSource([path], view) : canonicalSource([path]);
  const { lines: read, dropped } = await insertEvents(engine, flat, (f) => onProgress?.(reading, f));
  if (options.keepFlat) await engine.exec(`INSERT INTO flat ${flat}`);
  const skipped = dropped > 0 ? await locate(path, format, onProgress, size) : [];
  return { path, format, loaded: read - dropped, skipped };
}
