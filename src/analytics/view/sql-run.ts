/**
 * Running a compiled view (sql.ts) on DuckDB over NDJSON files, and the view's rows as the JavaScript
 * runner gives them (BIGINT as numbers), so both can be compared row for row.
 */
import type { SqlEngine, SqlRow } from '../engines/engine';
import type { SqlView } from './sql';
import { sqlText } from './sql-paths';
import type { ViewRow } from './types';

/**
 * `read_json` over NDJSON files with the view's schema: a line that is not JSON gives a row of nulls,
 * a field of the wrong JSON type a null. `records` is set: left to guess, one line that is not an
 * object (a number, an array) made DuckDB read every line as one JSON value and drop them all.
 * `strict` instead refuses the whole read at the first line that is not JSON, not an object, or has a
 * field its type cannot take (text where a number goes, text where an object goes): the caller reads
 * the file another way, which can say which lines and fields (load.ts).
 *
 * @example readJson(['AuditEvent.ndjson'], sqlView.schema)
 */
export function readJson(paths: readonly string[], schema: string, { strict = false } = {}): string {
  return `read_json([${paths.map(sqlText).join(', ')}], format = 'newline_delimited', records = true, ignore_errors = ${!strict}, columns = ${schema})`;
}

/** A DuckDB value as JSON would hold it: BIGINT to number, inside lists too. */
export function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

/**
 * Every row of the view over the files.
 *
 * @example await runSqlView(await openDuckDB(), compileViewSql(view), ['Patient.ndjson'])
 */
export async function runSqlView(
  engine: SqlEngine,
  view: SqlView,
  paths: readonly string[],
): Promise<ViewRow[]> {
  const rows: SqlRow[] = await engine.query(view.select(`${readJson(paths, view.schema)}`));
  return rows.map((row) => Object.fromEntries(view.columns.map((c) => [c, plain(row[c] ?? null)])));
}
