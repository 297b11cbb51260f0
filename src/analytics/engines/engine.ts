/**
 * The little a metric run needs from a SQL engine, so the same SQL files run on DuckDB (Node, the
 * default), PGlite (PostgreSQL in WebAssembly: the portability check, and the engine a browser page
 * such as the simulator can use) or any other that speaks portable SQL.
 */
import { FLAT_COLUMNS, type FlatRow } from '../flat';

export type SqlRow = Record<string, unknown>;

export interface SqlEngine {
  readonly name: string;
  /** Runs statements; an engine that can tells `onProgress` how far (0 to 1) a long one is. */
  exec(sql: string, onProgress?: (fraction: number) => void): Promise<void>;
  query(sql: string, onProgress?: (fraction: number) => void): Promise<SqlRow[]>;
  close(): Promise<void>;
}

/** `CREATE TABLE flat (...)` and `roles` in portable types. */
export const CREATE_TABLES = `CREATE TABLE flat (${FLAT_COLUMNS.map(([n, t]) => `${n} ${t}`).join(', ')});
CREATE TABLE roles (practitioner VARCHAR, role VARCHAR);`;

/**
 * A SQL literal. A NUL character becomes U+FFFD: no engine takes one in a literal, and PostgreSQL none
 * in text at all, so a hostile value would otherwise fail the whole analysis.
 */
const literal = (v: string | number | null): string =>
  v === null
    ? 'NULL'
    : typeof v === 'number'
      ? String(Math.trunc(v))
      : `'${v.replaceAll("'", "''").replaceAll('\0', '\uFFFD')}'`;

/**
 * Loads rows with plain multi-row INSERTs: slow for millions, right for a simulator's few thousand
 * events and for the portability test. DuckDB's loader reads NDJSON directly instead.
 *
 * @example await insertFlat(engine, events.map(flatFromCanonical))
 */
export async function insertFlat(engine: SqlEngine, rows: readonly FlatRow[]): Promise<void> {
  const names = FLAT_COLUMNS.map(([n]) => n);
  for (let i = 0; i < rows.length; i += 500) {
    const values = rows
      .slice(i, i + 500)
      .map((r) => `(${names.map((n) => literal(r[n])).join(', ')})`)
      .join(',\n');
    await engine.exec(`INSERT INTO flat (${names.join(', ')}) VALUES ${values};`);
  }
}

/**
 * Loads the practitioner-to-role table, one role per practitioner.
 *
 * @example await insertRoles(engine, new Map([['Practitioner/c-1', 'nurse']]))
 */
export async function insertRoles(engine: SqlEngine, roles: ReadonlyMap<string, string>): Promise<void> {
  const rows = [...roles].map(([p, r]) => `(${literal(p)}, ${literal(r)})`);
  for (let i = 0; i < rows.length; i += 500)
    await engine.exec(`INSERT INTO roles (practitioner, role) VALUES ${rows.slice(i, i + 500).join(', ')};`);
}
