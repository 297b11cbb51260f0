/**
 * The FHIRPath subset of subset.ts compiled to DuckDB SQL expressions, and the `read_json` schema the
 * paths need (only the elements they reach, typed and shaped by the R4 model: a repeating element is
 * a LIST, a complex one a STRUCT). DuckDB then parses the NDJSON in C++, in parallel, where
 * JSON.parse would cost more than the whole budget. A path outside the subset throws Unsupported,
 * and the view runs in JavaScript instead.
 */
import { capital, choices, element, IDENT, literal, RESERVED, segments, whereEquals } from './subset';

/** A path (or view) the SQL compiler does not take: the caller runs it in JavaScript. */
export class Unsupported extends Error {
  override name = 'Unsupported';
}

const PRIMITIVE_SQL: Record<string, string> = {
  // Read as JSON and checked (strictBoolean): read_json's BOOLEAN takes "yes", 1 and "true" as true,
  // where FHIRPath and the JavaScript reader take only true.
  boolean: 'JSON',
  integer: 'BIGINT',
  positiveInt: 'BIGINT',
  unsignedInt: 'BIGINT',
  integer64: 'BIGINT',
  decimal: 'DOUBLE',
};
/** The DuckDB type a primitive is read as: VARCHAR unless a number or a boolean. */
export const primitiveSql = (type: string): string => PRIMITIVE_SQL[type] ?? 'VARCHAR';
const isPrimitive = (type: string) => /^[a-z]/.test(type) || type.startsWith('System.');
/** Types without a fixed shape: a struct cannot describe them. */
const SHAPELESS = new Set(['Resource', 'DomainResource', 'xhtml']);

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
/** A SQL string literal. */
export const sqlText = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** The fields of one place in the JSON that the paths read: rendered as the read_json schema. */
export class Shape {
  readonly fields = new Map<string, { type: string; repeating: boolean; shape?: Shape }>();

  /** Registers field `name`; returns the shape of its items when it is complex. */
  field(name: string, type: string, repeating: boolean): Shape | undefined {
    if (SHAPELESS.has(type)) throw new Unsupported(`${name}: ${type} has no fixed shape`);
    const known = this.fields.get(name) ?? {
      type,
      repeating,
      ...(isPrimitive(type) ? {} : { shape: new Shape() }),
    };
    this.fields.set(name, known);
    return known.shape;
  }

  /** The DuckDB type of this shape as a struct (an element read only for existence keeps its `id`). */
  struct(): string {
    const fields = [...this.fields].map(([name, f]) => `${q(name)} ${fieldType(f)}`);
    return `STRUCT(${fields.length ? fields.join(', ') : '"id" VARCHAR'})`;
  }

  /** The `columns` argument of read_json for a resource shape. */
  columns(): string {
    const entries = [...this.fields].map(([name, f]) => `${sqlText(name)}: ${sqlText(fieldType(f))}`);
    return `{${entries.join(', ')}}`;
  }
}

function fieldType(f: { type: string; repeating: boolean; shape?: Shape }): string {
  const base = f.shape ? f.shape.struct() : primitiveSql(f.type);
  return f.repeating ? `${base}[]` : base;
}

/**
 * A compiled collection: `many` is a LIST (NULL or empty for no items), otherwise one value or NULL.
 * `shape` is where a complex value's fields are declared.
 */
export interface Expr {
  sql: string;
  many: boolean;
  type: string;
  shape?: Shape;
}

/** Fresh lambda variable names: nested lambdas must not shadow each other. */
export class Names {
  private n = 0;
  next(prefix = 'x'): string {
    this.n += 1;
    return `${prefix}${this.n}`;
  }
}

const access = (base: string, name: string) =>
  /^[A-Za-z_][A-Za-z0-9_]*(\."(?:[^"]|"")+")*$/.test(base)
    ? `${base}.${q(name)}`
    : `struct_extract(${base}, ${sqlText(name)})`;

const dropNulls = (list: string, names: Names) => {
  const v = names.next('v');
  return `list_filter(${list}, ${v} -> ${v} IS NOT NULL)`;
};

/**
 * A JSON value read for a FHIR boolean: true or false, NULL when absent, and for anything else an
 * error naming JSON, which refuses the file (load.ts then reads it in JavaScript, naming the value).
 */
const strictBoolean = (json: string) =>
  `CASE WHEN ${json} IS NULL THEN NULL WHEN json_type(${json}) = 'BOOLEAN' THEN CAST(${json} AS BOOLEAN)
    ELSE error('JSON value where a FHIR boolean belongs: ' || left(CAST(${json} AS VARCHAR), 40)) END`;

function navigate(from: Expr, name: string, type: string, repeating: boolean, names: Names): Expr {
  const read = navigateJson(from, name, type, repeating, names);
  if (type !== 'boolean') return read;
  if (!read.many) return { ...read, sql: strictBoolean(read.sql) };
  const b = names.next('b');
  return { ...read, sql: `list_transform(${read.sql}, ${b} -> ${strictBoolean(b)})` };
}

function navigateJson(from: Expr, name: string, type: string, repeating: boolean, names: Names): Expr {
  if (!from.shape) throw new Unsupported(`${name} of a primitive`);
  const shape = from.shape.field(name, type, repeating);
  const primitive = isPrimitive(type);
  if (!from.many) {
    const value = access(from.sql, name);
    if (!repeating) return { sql: value, many: false, type, ...(shape ? { shape } : {}) };
    // JSON nulls only pad primitive arrays (to line up with `_name` extensions): FHIRPath skips them.
    return {
      sql: primitive ? dropNulls(value, names) : value,
      many: true,
      type,
      ...(shape ? { shape } : {}),
    };
  }
  const x = names.next();
  const mapped = `list_transform(${from.sql}, ${x} -> ${access(x, name)})`;
  const sql = repeating
    ? primitive
      ? dropNulls(`flatten(${mapped})`, names)
      : `flatten(${mapped})`
    : dropNulls(mapped, names);
  return { sql, many: true, type, ...(shape ? { shape } : {}) };
}

const REFERENCE = String.raw`(?:^|/)([A-Z][A-Za-z]+)/([A-Za-z0-9\-.]{1,64})(?:/_history/[A-Za-z0-9\-.]{1,64})?$`;

/** `getReferenceKey([T])` of one Reference: the id it points to, as keys.ts reads it. */
function referenceKey(reference: string, type: string | undefined): string {
  const text = access(reference, 'reference');
  const typed = type ? ` AND regexp_extract(${text}, ${sqlText(REFERENCE)}, 1) = ${sqlText(type)}` : '';
  return `CASE WHEN regexp_matches(${text}, ${sqlText(REFERENCE)})${typed} THEN regexp_extract(${text}, ${sqlText(REFERENCE)}, 2) END`;
}

const sqlLiteral = (v: string | boolean | number) =>
  typeof v === 'string' ? sqlText(v) : typeof v === 'boolean' ? String(v) : String(v);

/** `where(left = lit)` on `from`: FHIRPath `=` compares whole collections, so one value equal to it. */
function where(from: Expr, left: string, right: string, names: Names): Expr {
  const lit = literal(right);
  if (!lit) throw new Unsupported(`where(${left} = ${right})`);
  const item = from.many ? names.next() : from.sql;
  const operand = compileParts(left.split('.'), { ...from, sql: item, many: false }, names, false);
  if (!isPrimitive(operand.type)) throw new Unsupported(`where(${left}) compares a complex value`);
  const test = operand.many
    ? `(len(${operand.sql}) = 1 AND ${operand.sql}[1] = ${sqlLiteral(lit.value)})`
    : `${operand.sql} = ${sqlLiteral(lit.value)}`;
  return from.many
    ? { ...from, sql: `list_filter(${from.sql}, ${item} -> ${test})` }
    : { ...from, sql: `CASE WHEN ${test} THEN ${from.sql} END` };
}

function compileParts(parts: string[], start: Expr, names: Names, atResource: boolean): Expr {
  let at = start;
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i] ?? '';
    const ofType = parts[i + 1]?.match(/^ofType\(([A-Za-z]+)\)$/);
    if (IDENT.test(part) && !RESERVED.has(part) && ofType) {
      const wanted = ofType[1] ?? '';
      if (!choices(at.type, part)?.includes(capital(wanted)))
        throw new Unsupported(`${part}.ofType(${wanted})`);
      at = navigate(at, `${part}${capital(wanted)}`, wanted, false, names);
      i += 1;
    } else if (IDENT.test(part) && !RESERVED.has(part)) {
      const found = element(at.type, part);
      if (!found) throw new Unsupported(`${at.type}.${part}`);
      at = navigate(at, part, found.type, found.repeating, names);
    } else if (part === 'first()') {
      if (at.many) at = { ...at, sql: `${at.sql}[1]`, many: false };
    } else if ((part === 'exists()' || part === 'empty()') && i === parts.length - 1) {
      const exists = at.many ? `coalesce(len(${at.sql}), 0) > 0` : `(${at.sql}) IS NOT NULL`;
      at = { sql: part === 'exists()' ? exists : `NOT (${exists})`, many: false, type: 'boolean' };
    } else if (part === 'getResourceKey()' && i === 0 && atResource) {
      at = navigate(at, 'id', 'id', false, names);
    } else if (/^getReferenceKey\(([A-Za-z]*)\)$/.test(part) && at.type === 'Reference') {
      const wanted = /^getReferenceKey\(([A-Za-z]*)\)$/.exec(part)?.[1] || undefined;
      at.shape?.field('reference', 'string', false);
      if (at.many) {
        const x = names.next();
        at = {
          sql: dropNulls(`list_transform(${at.sql}, ${x} -> ${referenceKey(x, wanted)})`, names),
          many: true,
          type: 'string',
        };
      } else at = { sql: referenceKey(at.sql, wanted), many: false, type: 'string' };
    } else {
      const split = whereEquals(part);
      if (!split) throw new Unsupported(part);
      at = where(at, split.left, split.right, names);
    }
  }
  return at;
}

/**
 * A path on `start` (the resource row `r`, or a forEach item) as a SQL expression.
 *
 * @example compilePath("meta.tag.where(system = 'urn:x').code.first()", { sql: 'r', many: false, type: 'AuditEvent', shape }, new Names(), true).sql
 */
export function compilePath(path: string, start: Expr, names: Names, atResource = false): Expr {
  const parts = segments(path.trim());
  if (!parts) throw new Unsupported(path);
  return compileParts(parts, start, names, atResource);
}
