/**
 * One NDJSON line to its flat row in JavaScript, or the reason it is not an event: what the DuckDB
 * loader does in SQL (sources.ts), for the lines DuckDB cannot be trusted with. DuckDB's JSON reader
 * lets a line that stops after `:` or `[` run on into the next one (two lines, one bad row) and gives
 * up on a pretty-printed file altogether; the loader then reads the file here instead (load.ts).
 * A field of the wrong JSON type is read as read_json reads it into the loader's schema: text from a
 * number or an object, a whole number from a number (half to even), from true or false or from text
 * of digits; a value the schema cannot take (text where a number or an object goes) is read as empty
 * and named in `unread`, the event still counted. DuckDB's strict reading refuses those same values,
 * and a line giving a key twice in one object: that key too is read as empty and named.
 */
import { readFile } from 'node:fs/promises';
import { withoutControls } from '../core/printable';
import type { LoopEvent } from '../telemetry/event';
import { flatFromCanonical, flatFromView, flatProblem, FLAT_COLUMNS, type FlatRow } from './flat';
import type { Format } from './lines';
import { compileView, type CompiledView } from './view/run';
import { repeatedKeys, withoutRepeated } from './repeated-keys';
import { readAsShaped } from './view/shape-read';
import { compileViewSql, Unsupported } from './view/sql';
import type { Shape } from './view/sql-paths';

export type LineResult =
  | { row: FlatRow; problem?: undefined; unread?: string[] }
  | { row?: undefined; problem: string; unread?: undefined };

let view: CompiledView | undefined;
let reading: AuditReading | undefined;

/** The app's ViewDefinition, compiled once per thread. */
export async function appView(): Promise<CompiledView> {
  view ??= compileView(
    JSON.parse(await readFile(new URL('./views/audit-event.json', import.meta.url), 'utf8')),
  );
  return view;
}

/**
 * How an AuditEvent line is read: through the app's view, after the values DuckDB's strict reading
 * would refuse are read as empty (the view's SQL shape; none when the SQL compiler does not take it).
 */
export interface AuditReading {
  view: CompiledView;
  shape?: Shape;
}

async function appReading(): Promise<AuditReading> {
  if (reading) return reading;
  const json: unknown = JSON.parse(
    await readFile(new URL('./views/audit-event.json', import.meta.url), 'utf8'),
  );
  let shape: Shape | undefined;
  try {
    shape = compileViewSql(json).shape;
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
  }
  reading = { view: await appView(), ...(shape ? { shape } : {}) };
  return reading;
}

/**
 * An AuditEvent's flat row through the app's view, or undefined when the view gives no row.
 *
 * @example auditRow(toAuditEvent(event), await appView())?.event_id
 */
export function auditRow(resource: unknown, compiled: CompiledView): FlatRow | undefined {
  const row = compiled.rows(resource)[0];
  return row ? flatFromView(row) : undefined;
}

/**
 * A whole number beyond 2^53 where text goes: JSON.parse has already lost its last digits (DuckDB keeps
 * them), and two ids could read as one. Read as empty and named, never as a wrong id.
 */
const inexact = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v);
const varchar = (v: unknown): string | null => {
  if (v === null || v === undefined || inexact(v)) return null;
  if (typeof v === 'string') return v;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
};
/** DuckDB's BIGINT range: a number outside it is refused, not wrapped. */
const LIMIT = 2 ** 63;
/** Rounded as DuckDB rounds a JSON number into BIGINT: to the nearest, a half to the even one. */
const halfEven = (n: number) => {
  const down = Math.floor(n);
  const rest = n - down;
  // `+ 0`: -0 (from "-0") is 0 in a BIGINT.
  return (rest > 0.5 || (rest === 0.5 && down % 2 !== 0) ? down + 1 : down) + 0;
};
const bigint = (v: unknown): number | null => {
  if (typeof v === 'boolean') return v ? 1 : 0;
  const n = typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Math.abs(n) < LIMIT ? halfEven(n) : null;
};
const struct = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

const shown = (v: unknown) => withoutControls(JSON.stringify(v) ?? String(v)).slice(0, 40);
const present = (v: unknown) => v !== null && v !== undefined;

/** The canonical event's text fields, and those of its objects (sources.ts reads the same). */
const TEXT_FIELDS = ['id', 'type', 'at', 'session', 'practitioner', 'patient', 'encounter', 'unit'] as const;
const MORE_TEXT = ['card', 'suggestion', 'indicator', 'source', 'url'] as const;
const OBJECT_TEXT: Record<string, readonly string[]> = {
  rule: ['url', 'version'],
  overrideReason: ['system', 'code'],
  measure: ['url', 'month'],
  dropped: ['reason', 'sink', 'from', 'to'],
};

/** The values the schema cannot take, each as "field: value is not what it should be". */
function unreadFields(o: Record<string, unknown>): string[] {
  const out: string[] = [];
  const tooLong = (name: string, v: unknown) => {
    if (inexact(v)) out.push(`${name}: ${shown(v)} is a number too long to read exactly`);
  };
  for (const k of [...TEXT_FIELDS, ...MORE_TEXT]) tooLong(k, o[k]);
  for (const [k, subs] of Object.entries(OBJECT_TEXT))
    for (const sub of subs) tooLong(`${k}.${sub}`, struct(o[k])?.[sub]);
  for (const k of ['visibleMs', 'latencyMs'])
    if (present(o[k]) && bigint(o[k]) === null) out.push(`${k}: ${shown(o[k])} is not a whole number`);
  for (const k of Object.keys(OBJECT_TEXT))
    if (present(o[k]) && !struct(o[k])) out.push(`${k}: ${shown(o[k])} is not an object`);
  const count = struct(o.dropped)?.count;
  if (present(count) && bigint(count) === null)
    out.push(`dropped.count: ${shown(count)} is not a whole number`);
  return out;
}

/** A parsed canonical line with each field as the loader's schema reads it (sources.ts). */
function canonicalEvent(o: Record<string, unknown>): LoopEvent {
  const [rule, reason, measure, dropped] = [o.rule, o.overrideReason, o.measure, o.dropped].map(struct);
  return {
    ...Object.fromEntries([...TEXT_FIELDS, ...MORE_TEXT].map((k) => [k, varchar(o[k])])),
    rule: rule && { url: varchar(rule.url), version: varchar(rule.version) },
    overrideReason: reason && { system: varchar(reason.system), code: varchar(reason.code) },
    visibleMs: bigint(o.visibleMs),
    latencyMs: bigint(o.latencyMs),
    measure: measure && { url: varchar(measure.url), month: varchar(measure.month) },
    dropped: dropped && {
      count: bigint(dropped.count),
      ...Object.fromEntries((['reason', 'sink', 'from', 'to'] as const).map((k) => [k, varchar(dropped[k])])),
    },
  } as unknown as LoopEvent;
}

/** Every column present, null where the event has nothing (undefined would vanish from JSON). */
const complete = (row: FlatRow): FlatRow =>
  Object.fromEntries(FLAT_COLUMNS.map(([name]) => [name, row[name] ?? null])) as FlatRow;

/**
 * A line of a canonical (`view` absent) or AuditEvent file as a flat row, or why it is not an event.
 *
 * @example lineRow('{"id":1}', undefined) // { problem: 'the event id is not a UUID' }
 */
export function lineRow(text: string, audit: AuditReading | undefined): LineResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'not JSON (truncated or corrupt line)' };
  }
  // JSON.parse keeps a repeated key's last value where DuckDB refuses the line: read as empty, named.
  const repeated = repeatedKeys(text, value);
  withoutRepeated(value, repeated);
  let row: FlatRow | undefined;
  let unread: string[] = [];
  if (audit) {
    const shaped = audit.shape ? readAsShaped(value, audit.shape) : { value, unread: [] };
    row = auditRow(shaped.value, audit.view);
    if (!row) return { problem: 'not an AuditEvent of this app (no event tag)' };
    unread = shaped.unread;
  } else {
    const object = struct(value);
    if (!object) return { problem: 'not a JSON object' };
    row = complete(flatFromCanonical(canonicalEvent(object)));
    unread = unreadFields(object);
  }
  const problem = flatProblem(row);
  const twice = repeated.length ? `; ${repeated.join(', ')} given more than once` : '';
  if (problem) return { problem: `${problem}${twice}` };
  unread = [...repeated.map((path) => `${path}: given more than once`), ...unread];
  return unread.length ? { row, unread } : { row };
}

/** How a format's lines are read: the app's view for AuditEvents, none for canonical events. */
export const viewFor = async (format: Format) => (format === 'audit' ? await appReading() : undefined);
