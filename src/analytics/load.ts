/**
 * Loading input files into DuckDB's `events` table (engines/duckdb-events.sql). Canonical NDJSON is
 * read by DuckDB itself with an explicit schema; AuditEvent NDJSON through the app's ViewDefinition
 * compiled to SQL (view/sql.ts), or in JavaScript worker threads for a view the compiler does not
 * take. A line that is not an event is dropped in SQL and counted; only then is the file read again
 * in JavaScript to say which lines and why (and to check DuckDB read the same lines).
 */
import { readFile } from 'node:fs/promises';
import { insertEvents } from './engines/duckdb-load';
import type { SqlEngine } from './engines/engine';
import { flattenFile } from './flatten-threads';
import { lineRow, viewFor } from './line-row';
import { lines, type Format } from './lines';
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

/** Every line of a file that is not an event, with the reason, and how many non-blank lines it has. */
async function locate(path: string, format: Format, onProgress: Progress | undefined, size: number) {
  const skipped: Skipped[] = [];
  const view = await viewFor(format);
  const stage = `finding the skipped lines of ${path}`;
  let count = 0;
  for await (const { number, text } of lines(path, (read) => onProgress?.(stage, read / size))) {
    count += 1;
    const { problem } = lineRow(text, view);
    if (problem) skipped.push({ line: number, reason: problem });
  }
  return { skipped, lines: count };
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
    await insertEvents(engine, file.flat);
    if (options.keepFlat) await engine.exec(`INSERT INTO flat ${file.flat}`);
  } finally {
    await file.cleanup();
  }
  return { path, format, loaded: file.loaded, skipped: file.skipped };
}

/** DuckDB refusing a file's JSON outright (a pretty-printed object, say) rather than a line of it. */
const malformed = (error: unknown) => error instanceof Error && /\bJSON\b/.test(error.message);

const count = async (engine: SqlEngine) =>
  Number((await engine.query('SELECT count(*) AS n FROM events'))[0]?.n ?? 0);

/**
 * Takes back the rows one file's insert left in `events`: the last `rows` of the table. Rows are
 * appended, and a checkpoint that compacts the table keeps their order, so a file's rows are the
 * table's last ones until the next file. Checked: a wrong count is an error, never a silent loss.
 * (An explicit transaction would say the same more plainly, but made ten million events take 73 s
 * instead of 42.)
 */
async function takeBack(engine: SqlEngine, path: string, before: number) {
  const rows = (await count(engine)) - before;
  await engine.exec(
    `DELETE FROM events WHERE rowid IN (SELECT rowid FROM events ORDER BY rowid DESC LIMIT ${rows})`,
  );
  const left = await count(engine);
  if (left !== before)
    throw new Error(`${path}: could not take back DuckDB's reading of it (${left} rows, ${before} expected)`);
}

/**
 * One file into `events` (and its flat rows into `flat` too when `keepFlat`, for Parquet).
 *
 * DuckDB's reader is the fast way, and is trusted only while its account of the file agrees with a
 * line-by-line reading: when it drops a line, the file is read again in JavaScript to say which and
 * why, and if DuckDB saw a different number of lines (a bad line that ran on into the next good one)
 * or dropped different ones, its rows are taken back and the file is loaded in JavaScript instead.
 * A good event is never lost to a neighbouring bad line.
 *
 * @example await loadFile(duck, 'events.ndjson', 'canonical', { size })
 */
export async function loadFile(
  engine: SqlEngine,
  path: string,
  format: Format,
  options: LoadOptions,
): Promise<FileReport> {
  const { size, onProgress } = options;
  const view = format === 'audit' ? await appViewSql() : undefined;
  if (format === 'audit' && !view) return loadInJavaScript(engine, path, format, options);
  const flat = view ? auditSource([path], view) : canonicalSource([path]);
  const before = await count(engine);
  let read: number;
  let dropped: number;
  try {
    ({ lines: read, dropped } = await insertEvents(engine, flat, (f) => onProgress?.(`reading ${path}`, f)));
  } catch (error) {
    // One statement: refused whole, nothing of the file is in the table.
    if (!malformed(error)) throw error;
    return loadInJavaScript(engine, path, format, options);
  }
  const found = dropped > 0 ? await locate(path, format, onProgress, size) : undefined;
  if (found && (found.lines !== read || found.skipped.length !== dropped)) {
    await takeBack(engine, path, before);
    return loadInJavaScript(engine, path, format, options);
  }
  if (options.keepFlat) await engine.exec(`INSERT INTO flat ${flat}`);
  return { path, format, loaded: read - dropped, skipped: found?.skipped ?? [] };
}
