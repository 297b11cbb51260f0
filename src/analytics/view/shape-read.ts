/**
 * A resource as DuckDB's strict `read_json` takes it into a compiled view's schema (sql.ts `shape`),
 * for the files the JavaScript reader reads instead (load.ts). DuckDB refuses a whole file when one
 * line has a list, an object or a value of the wrong JSON shape where a path of the view reads; here
 * each such value is read as empty and named, and the rest of the event is kept, as the canonical
 * reader does (line-row.ts). Text fields take a number, true or false as its text and an object as its
 * JSON, as read_json does; a whole number beyond 2^53 is read as empty, since JSON.parse has already
 * lost its last digits. Fields no path of the view reads are left as they are.
 */
import { withoutControls } from '../../core/printable';
import { primitiveSql, type Shape } from './sql-paths';

type Field = Shape['fields'] extends Map<string, infer F> ? F : never;

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
const shown = (v: unknown) => withoutControls(JSON.stringify(v) ?? String(v)).slice(0, 40);

/** One value (a list's item, or a field that does not repeat) as read into its type; undefined: empty. */
function item(v: unknown, f: Field, path: string, unread: string[]): unknown {
  if (f.shape) {
    if (isObject(v)) return fields(v, f.shape, path, unread);
    unread.push(`${path}: ${shown(v)} is not an object`);
    return undefined;
  }
  // A boolean is true or false: FHIRPath would take "yes" as not true, DuckDB's cast as true.
  if (f.type === 'boolean') {
    if (typeof v === 'boolean') return v;
    unread.push(`${path}: ${shown(v)} is not true or false`);
    return undefined;
  }
  // Numbers are left as FHIRPath reads them.
  if (primitiveSql(f.type) !== 'VARCHAR' || typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v)) {
    unread.push(`${path}: ${shown(v)} is a number too long to read exactly`);
    return undefined;
  }
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function fields(o: Record<string, unknown>, shape: Shape, at: string, unread: string[]) {
  const out: Record<string, unknown> = { ...o };
  for (const [name, f] of shape.fields) {
    const v = o[name];
    if (v === null || v === undefined) continue;
    const path = at ? `${at}.${name}` : name;
    if (f.repeating && !Array.isArray(v)) {
      unread.push(`${path}: ${shown(v)} is not a list`);
      delete out[name];
    } else if (f.repeating && Array.isArray(v)) {
      out[name] = v
        .map((x, i) => (x === null ? x : item(x, f, `${path}[${i}]`, unread)))
        .filter((x) => x !== undefined);
    } else {
      const read = item(v, f, path, unread);
      if (read === undefined) delete out[name];
      else out[name] = read;
    }
  }
  return out;
}

/**
 * The resource with every value of the wrong shape read as empty, and those values named
 * ("entity[1].detail: {…} is not a list"); a resource that is not an object is left to the view.
 *
 * @example readAsShaped({ agent: { who: {} } }, compileViewSql(view).shape).unread // ['agent: {"who":{}} is not a list']
 */
export function readAsShaped(value: unknown, shape: Shape): { value: unknown; unread: string[] } {
  const unread: string[] = [];
  return isObject(value) ? { value: fields(value, shape, '', unread), unread } : { value, unread };
}
