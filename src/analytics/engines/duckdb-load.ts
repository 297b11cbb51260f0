/**
 * The steps of duckdb-events.sql (DuckDB's definition of the `events` table), run in order: create
 * the table, insert each input's flat rows and drop its unreadable lines, then remove later copies
 * of each event id once every input is in.
 */
import { readFile } from 'node:fs/promises';
import { EVENT_TYPES } from '../../telemetry/event';
import type { DuckDB } from './duckdb';
import type { SqlEngine } from './engine';
import { sqlText } from '../view/sql-paths';

const STEPS = [
  'create',
  'insert',
  'drop',
  'dedupe',
  'roles',
  'months',
  'months-by-list',
  'months-by-text',
  'dimension-values',
  'dimension',
  'portable',
] as const;
type Step = (typeof STEPS)[number];
let steps: Promise<Record<Step, string>> | undefined;

/**
 * The file's statements by step name (`-- step: <name>` starts each).
 *
 * @example (await duckdbSteps()).dedupe
 */
export function duckdbSteps(): Promise<Record<Step, string>> {
  steps ??= readFile(new URL('./duckdb-events.sql', import.meta.url), 'utf8').then((text) => {
    const out: Partial<Record<Step, string>> = {};
    for (const part of text.split(/^-- step: /m).slice(1)) {
      const name = part.slice(0, part.search(/[\s(]/)) as Step;
      out[name] = part.slice(part.indexOf('\n') + 1).trim();
    }
    const missing = STEPS.filter((s) => !out[s]);
    if (missing.length) throw new Error(`duckdb-events.sql lacks the step(s) ${missing.join(', ')}`);
    return out as Record<Step, string>;
  });
  return steps;
}

const count = (rows: Record<string, unknown>[]) => Number(rows[0]?.Count ?? rows[0]?.count ?? 0);

/**
 * Creates the empty `events` table. The `roles` table must be filled first: its roles are the values
 * of the events' role type.
 *
 * @example await createEvents(duck)
 */
export async function createEvents(engine: SqlEngine): Promise<void> {
  await engine.exec(
    (await duckdbSteps()).create.replace('{{event_types}}', EVENT_TYPES.map(sqlText).join(', ')),
  );
}

/**
 * Inserts one input's flat rows (`flat`: a query with the flat table's columns) into `events` and
 * drops the lines that are not events; returns the lines read and how many were dropped.
 *
 * @example await insertEvents(duck, canonicalSource(['events.ndjson'])) // { lines: 25, dropped: 0 }
 */
export async function insertEvents(
  engine: SqlEngine,
  flat: string,
  onProgress?: (fraction: number) => void,
): Promise<{ lines: number; dropped: number }> {
  const { insert, drop } = await duckdbSteps();
  const lines = count(
    await engine.query(
      insert.replace('{{flat}}', () => flat),
      onProgress,
    ),
  );
  const dropped = count(await engine.query(drop));
  return { lines, dropped };
}

/**
 * Deletes every later copy of an event id; returns how many. With the tables in a scratch file, a
 * checkpoint before and after: before, the freshly written row groups make the delete seven times
 * slower (12 s instead of 1.8 s of CPU for ten million events); after, every scan skips the deleted
 * rows' bookkeeping (metrics in 9 s instead of 29 s).
 *
 * @example await dedupeEvents(duck) // 2
 */
export async function dedupeEvents(engine: DuckDB): Promise<number> {
  if (engine.onDisk) await engine.exec('CHECKPOINT');
  const removed = count(await engine.query((await duckdbSteps()).dedupe));
  if (engine.onDisk) await engine.exec('CHECKPOINT');
  return removed;
}

/**
 * A query giving DuckDB's `events` with the columns of the portable definition (00-events.sql): the
 * gap record's fields, kept there as one JSON text, each in its own column again.
 *
 * @example await duck.query(`SELECT * FROM (${await portableEvents()}) AS events`)
 */
export async function portableEvents(): Promise<string> {
  return (await duckdbSteps()).portable;
}

/**
 * Gives each event its clinician's role from the `roles` table ('unknown' stays where there is none).
 * Once, after the duplicates (fewer rows) and before typeDimensions (`practitioner` still text).
 *
 * @example await assignRoles(duck)
 */
export async function assignRoles(engine: SqlEngine): Promise<void> {
  await engine.exec((await duckdbSteps()).roles);
}

/**
 * Above this many values a column stays text: converting a million distinct units took 6 s and
 * grouping them was slower, not faster. Real units and rules number in the hundreds.
 */
export const MOST_ENUM_VALUES = 10_000;
/**
 * The text columns made ENUMs once every file is in: those the metrics group by and take the MIN of
 * most. (Months, stored as numbers, always become one; event types are one from the start.)
 */
const DIMENSIONS = ['unit', 'rule', 'practitioner'];

/**
 * Makes months, units, rules and clinicians ENUMs of the values left once every file is in and the
 * duplicates are gone (roles are one from the start): the metrics then group and compare small
 * integers, not strings. A column of more than `mostValues` values, or with a NUL character in one
 * (duckdb-events.sql), stays text. Returns the columns converted.
 *
 * @example await typeDimensions(duck) // ['unit', 'rule', 'practitioner']
 */
export async function typeDimensions(engine: DuckDB, mostValues = MOST_ENUM_VALUES): Promise<string[]> {
  const steps = await duckdbSteps();
  const [months] = await engine.query(
    'SELECT count(month) AS n, max(month) - min(month) AS span FROM events',
  );
  if (Number(months?.n ?? 0) === 0) await engine.exec('ALTER TABLE events ALTER month TYPE VARCHAR');
  else {
    await engine.exec(steps.months);
    // A list of 200 years' months is looked up fast; one mistyped year must not make every row slow.
    await engine.exec(Number(months?.span) <= 2400 ? steps['months-by-list'] : steps['months-by-text']);
  }
  const typed: string[] = [];
  for (const column of DIMENSIONS) {
    const [found] = await engine.query(steps['dimension-values'].replaceAll('{{column}}', column));
    const values = Number(found?.count ?? 0);
    // None at all (no event left): nothing to group, and DuckDB takes no ENUM of no value.
    if (values > 0 && values <= mostValues && Number(found?.with_nul ?? 0) === 0) {
      await engine.exec(steps.dimension.replaceAll('{{column}}', column));
      typed.push(column);
    }
    await engine.exec(`DROP TABLE ${column}_values`);
  }
  return typed;
}

/**
 * Sets aside the events of a type this version does not know, as metrics/00-events.sql leaves them
 * out: read and counted as lines, in no metric (a newer app's clinician-shift or encounter must not
 * change this one's denominators). Returns how many of each type, most first.
 *
 * @example await setAsideUnknownTypes(duck) // [{ type: 'panel-resized', count: 2 }]
 */
export async function setAsideUnknownTypes(engine: DuckDB): Promise<{ type: string; count: number }[]> {
  // The type's own name is in `rare` (duckdb-events.sql): '' is the ENUM's value for every unknown one.
  const rows = await engine.query(
    `SELECT json_extract_string(rare, '$.type') AS type, count(*) AS n FROM events WHERE event_type = ''
     GROUP BY type ORDER BY n DESC, type`,
  );
  if (!rows.length) return [];
  await engine.exec(`DELETE FROM events WHERE event_type = ''`);
  // As after the duplicates: later scans skip the deleted rows' bookkeeping.
  if (engine.onDisk) await engine.exec('CHECKPOINT');
  return rows.map((r) => ({ type: String(r.type), count: Number(r.n) }));
}
