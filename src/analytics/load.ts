/**
 * Loading input files into DuckDB's `events` table (engines/duckdb-events.sql). Canonical NDJSON is
 * read by DuckDB itself with an explicit schema; AuditEvent NDJSON through the app's ViewDefinition
 * compiled to SQL (view/sql.ts), or in JavaScript worker threads for a view the compiler does not
 * take. When DuckDB drops a line that is not an event, the file's rows are taken back and it is read
 * in JavaScript instead, which says which lines and why.
 */
import { readFile } from 'node:fs/promises';
import { insertEvents } from './engines/duckdb-load';
import type { SqlEngine } from './engines/engine';
import { flattenFile } from './flatten-threads';
import type { Format } from './lines';
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
  /**
   * Lines read as events whose value of some field its type could not take: read as empty, said here
   * (the first thousand; `unreadLines` counts them all).
   */
  unread: Skipped[];
  unreadLines: number;
}

/** What the loader says while it works: a stage and how far it got (0 to 1). */
export type Progress = (stage: string, fraction: number) => void;

/** A file's size (for progress), whether to keep its flat rows (Parquet), and the JavaScript reader's threads. */
export interface LoadOptions {
  size: number;
  keepFlat?: boolean;
  onProgress?: Progress;
  threads?: number;
}

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

/** The file read in JavaScript (flatten-threads.ts): slower than DuckDB's reader, never misled by a line. */
async function loadInJavaScript(
  engine: SqlEngine,
  path: string,
  format: Format,
  options: LoadOptions,
): Promise<FileReport> {
  const { size, onProgress } = options;
  const file = await flattenFile(path, (read) => onProgress?.(`reading ${path}`, read / size), {
    ...options,
    format,
  });
  try {
    // flatten-threads already left out every line that is not an event: SQL dropping one more would
    // mean the two readings disagree, and an event the analyst was told was read would be missing.
    const { dropped } = await insertEvents(engine, file.flat);
    if (dropped !== 0)
      throw new Error(`${path}: ${dropped} row(s) of the JavaScript reading were dropped in SQL (a bug)`);
    if (options.keepFlat) await engine.exec(`INSERT INTO flat ${file.flat}`);
  } finally {
    await file.cleanup();
  }
  const { loaded, skipped, unread, unreadLines } = file;
  return { path, format, loaded, skipped, unread, unreadLines };
}

/** DuckDB refusing a file's JSON outright (a pretty-printed object, say) rather than a line of it. */
const malformed = (error: unknown) => error instanceof Error && /\bJSON\b/.test(error.message);

const count = async (engine: SqlEngine) =>
  Number((await engine.query('SELECT count(*) AS n FROM events'))[0]?.n ?? 0);
/** The table's row count and last row id (the watermark a take-back deletes after), in one scan. */
async function mark(engine: SqlEngine): Promise<{ rows: number; lastRowid: number }> {
  const [row] = await engine.query('SELECT count(*) AS n, COALESCE(max(rowid), -1) AS last FROM events');
  return { rows: Number(row?.n ?? 0), lastRowid: Number(row?.last ?? -1) };
}

/**
 * Takes back the rows one file's insert left in `events`: those after the table's last row before
 * it. Appended rows get row ids after every earlier one. A checkpoint (DuckDB's own, when a scratch
 * file's log grows) renumbers rows past deleted ones, so rows deleted before the watermark would let
 * this file's rows slip under it: the only rows this loader deletes before the last file are a
 * taken-back file's, and a checkpoint right after each take-back compacts them away at once. Checked:
 * the table must be back to its count before the file, so anything else stops the analysis with an
 * error, never loses or keeps an event silently. (An explicit transaction would say the same more
 * plainly, but made ten million events take 73 s instead of 42.)
 */
async function takeBack(engine: SqlEngine, path: string, before: { rows: number; lastRowid: number }) {
  await engine.exec(`DELETE FROM events WHERE rowid > ${before.lastRowid}`);
  const left = await count(engine);
  if (left !== before.rows)
    throw new Error(
      `${path}: could not take back DuckDB's reading of it (${left} rows, ${before.rows} expected)`,
    );
  await engine.exec('CHECKPOINT');
}

/**
 * One file into `events` (and its flat rows into `flat` too when `keepFlat`, for Parquet).
 *
 * DuckDB's reader is the fast way, and is trusted only with a file it reads whole: when it drops a
 * line, its rows are taken back and the file is loaded in JavaScript instead, which says which lines
 * and why. Comparing the two readings' counts is not enough: a line that runs on into the next (two
 * lines, one row dropped) and a line DuckDB keeps but JavaScript skips would cancel out. A good
 * event is never lost to a neighbouring bad line, and a file with a bad line costs one more reading.
 *
 * @example await loadFile(duck, 'events.ndjson', 'canonical', { size })
 */
export async function loadFile(
  engine: SqlEngine,
  path: string,
  format: Format,
  options: LoadOptions,
): Promise<FileReport> {
  const { onProgress } = options;
  const view = format === 'audit' ? await appViewSql() : undefined;
  if (format === 'audit' && !view) return loadInJavaScript(engine, path, format, options);
  const flat = view ? auditSource([path], view) : canonicalSource([path]);
  const before = await mark(engine);
  let read: number;
  let dropped: number;
  try {
    ({ lines: read, dropped } = await insertEvents(engine, flat, (f) => onProgress?.(`reading ${path}`, f)));
  } catch (error) {
    // One statement: refused whole (a canonical line that is not JSON, or a value a field's type
    // cannot take: sources.ts reads strictly), nothing of the file is in the table.
    if (!malformed(error)) throw error;
    return loadInJavaScript(engine, path, format, options);
  }
  if (dropped > 0) {
    await takeBack(engine, path, before);
    return loadInJavaScript(engine, path, format, options);
  }
  if (options.keepFlat) await engine.exec(`INSERT INTO flat ${flat}`);
  return { path, format, loaded: read, skipped: [], unread: [], unreadLines: 0 };
}
