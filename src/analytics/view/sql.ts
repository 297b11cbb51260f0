/**
 * A ViewDefinition compiled to one DuckDB query over NDJSON (`read_json` with the schema its paths
 * need). Two plans: a view whose every select gives one row per resource (forEachOrNull over one
 * item, no unionAll: the app's own view) becomes a plain projection, cheap at millions of lines; any
 * other view the subset covers becomes LATERAL joins over UNNEST, as the specification's tests need.
 * `repeat`, `%rowIndex`, other constants and FHIRPath outside the subset throw Unsupported: the caller
 * runs that view in JavaScript (run.ts), which passes the whole conformance suite.
 */
import { compilePath, Names, Shape, sqlText, Unsupported, type Expr } from './sql-paths';
import type { ViewColumn, ViewDefinition, ViewSelect } from './types';
import { selectColumns, validateView } from './validate';

export { Unsupported } from './sql-paths';

export interface SqlView {
  view: ViewDefinition;
  /** Output columns, in the view's order. */
  columns: string[];
  /** The `columns` argument of read_json: only what the paths read. */
  schema: string;
  /** The same as a tree: what JavaScript checks a line against where DuckDB would refuse it. */
  shape: Shape;
  /** One row per input line (no forEach that can drop or repeat a row): `select` can keep them all. */
  oneRowPerResource: boolean;
  /**
   * The query over `source` (a FROM item such as `read_json(...)`). With `keep`, every line gives a
   * row and `keep` names a boolean column saying whether it belongs to the view (resource type and
   * `where`); only for one-row-per-resource views.
   */
  select(source: string, keep?: string): string;
}

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
const isPrimitive = (type: string) => /^[a-z]/.test(type) || type.startsWith('System.');

/** Constants as FHIRPath literals in the paths (only what the subset's `where` literals take). */
function withConstants(path: string, view: ViewDefinition): string {
  let out = path;
  for (const c of view.constant ?? []) {
    const key = Object.keys(c).find((k) => k.startsWith('value'));
    const value = key ? c[key] : undefined;
    let text: string;
    if (
      typeof value === 'string' &&
      !/['\\]/.test(value) &&
      /^value(String|Code|Id|Uri|Url|Canonical)$/.test(key ?? '')
    )
      text = `'${value}'`;
    else if (typeof value === 'boolean' || (typeof value === 'number' && Number.isInteger(value)))
      text = String(value);
    else throw new Unsupported(`constant ${c.name}`);
    out = out.replace(new RegExp(`%${c.name}(?![A-Za-z0-9_])`, 'g'), text);
  }
  if (out.includes('%')) throw new Unsupported(`${path}: environment variable`);
  return out;
}

function column(c: ViewColumn, node: Expr, names: Names, view: ViewDefinition): string {
  const e = compilePath(withConstants(c.path, view), node, names, node.sql === 'r');
  if (!isPrimitive(e.type)) throw new Unsupported(`column ${c.name} gives a complex value`);
  let sql: string;
  if (c.collection === true)
    sql = e.many ? `coalesce(${e.sql}, [])` : `CASE WHEN ${e.sql} IS NULL THEN [] ELSE [${e.sql}] END`;
  else if (e.many)
    sql = `CASE WHEN len(${e.sql}) > 1 THEN error(${sqlText(`column ${c.name}: ${c.path} gave more than one value; set collection: true`)}) ELSE ${e.sql}[1] END`;
  else sql = e.sql;
  return `${sql} AS ${q(c.name)}`;
}

/** True when the select gives exactly one row per item (columns and nested plain selects only). */
const single = (s: ViewSelect): boolean =>
  !s.forEach && !s.forEachOrNull && !s.repeat && !s.unionAll?.length && (s.select ?? []).every(single);

/** The flat plan: forEach items become computed columns of nested projections, in compile order. */
function flatPlan(view: ViewDefinition, root: Expr, names: Names) {
  const nodes: { alias: string; sql: string }[] = [];
  const filters: string[] = [];
  const columns: string[] = [];
  const walk = (select: ViewSelect, node: Expr) => {
    if (select.repeat || select.unionAll?.length) throw new Unsupported('not flat');
    let at = node;
    const each = select.forEach ?? select.forEachOrNull;
    if (each !== undefined) {
      const item = compilePath(withConstants(each, view), node, names, node.sql === 'r');
      if (item.many || isPrimitive(item.type)) throw new Unsupported('not flat');
      const alias = names.next('n');
      nodes.push({ alias, sql: item.sql });
      at = { ...item, sql: `r.${alias}` };
      if (select.forEach !== undefined) filters.push(`r.${alias} IS NOT NULL`);
    }
    for (const c of select.column ?? []) columns.push(column(c, at, names, view));
    for (const s of select.select ?? []) walk(s, at);
  };
  for (const s of view.select) walk(s, root);
  const from = (source: string) =>
    nodes.reduce((inner, n) => `(SELECT *, ${n.sql} AS ${n.alias} FROM ${inner} r)`, `${source}`);
  return { columns, filters, from };
}

/** The general plan: each select a LATERAL subquery, forEach an UNNEST, unionAll a UNION ALL BY NAME. */
function lateralPlan(view: ViewDefinition, root: Expr, names: Names): string {
  const rows = (select: ViewSelect, node: Expr): string => {
    if (select.repeat) throw new Unsupported('repeat');
    const each = select.forEach ?? select.forEachOrNull;
    if (each === undefined) return body(select, node);
    const list = compilePath(withConstants(each, view), node, names, node.sql === 'r');
    if (isPrimitive(list.type)) throw new Unsupported('forEach over primitive values');
    const items = list.many
      ? `coalesce(${list.sql}, [])`
      : `CASE WHEN ${list.sql} IS NULL THEN [] ELSE [${list.sql}] END`;
    const alias = names.next('e');
    const item: Expr = { ...list, sql: `${alias}.it`, many: false };
    if (select.forEachOrNull !== undefined) {
      // An empty collection gives one row of nulls: exact only when each item gives exactly one row.
      if (!(select.select ?? []).every(single) || select.unionAll?.length)
        throw new Unsupported('forEachOrNull with nested rows');
      return `SELECT b.* FROM (SELECT UNNEST(CASE WHEN len(${items}) > 0 THEN ${items} ELSE [NULL] END) AS it) ${alias}, LATERAL (${body(select, item)}) b`;
    }
    return `SELECT b.* FROM (SELECT UNNEST(${items}) AS it) ${alias}, LATERAL (${body(select, item)}) b`;
  };
  const body = (select: ViewSelect, node: Expr): string => {
    const parts = (select.column ?? []).map((c) => column(c, node, names, view));
    const laterals: string[] = [];
    for (const s of select.select ?? []) {
      const alias = names.next('s');
      laterals.push(`LATERAL (${rows(s, node)}) ${alias}`);
      parts.push(`${alias}.*`);
    }
    if (select.unionAll?.length) {
      const alias = names.next('u');
      laterals.push(
        `LATERAL (${select.unionAll.map((u) => rows(u, node)).join(' UNION ALL BY NAME ')}) ${alias}`,
      );
      parts.push(`${alias}.*`);
    }
    return `SELECT ${parts.join(', ')} FROM (SELECT 1) AS one${laterals.map((l) => `, ${l}`).join('')}`;
  };
  return rows({ select: view.select }, root);
}

/**
 * Compiles a view to DuckDB SQL; throws ViewError for an invalid view (as the JavaScript runner
 * does) and Unsupported for one the SQL compiler leaves to JavaScript.
 *
 * @example const sql = compileViewSql(view); await duck.query(sql.select(`read_json('x.ndjson', columns = ${sql.schema})`))
 */
export function compileViewSql(input: unknown): SqlView {
  const view = validateView(input);
  const shape = new Shape();
  shape.field('resourceType', 'string', false);
  const root: Expr = { sql: 'r', many: false, type: view.resource, shape };
  const names = new Names();
  const conditions = [`r."resourceType" = ${sqlText(view.resource)}`];
  for (const w of view.where ?? []) {
    const e = compilePath(withConstants(w.path, view), root, names, true);
    if (e.many || e.type !== 'boolean') throw new Unsupported(`where ${w.path} is not one boolean`);
    conditions.push(`coalesce(${e.sql}, false)`);
  }
  const columns = view.select.flatMap(selectColumns);
  let flat: ReturnType<typeof flatPlan> | undefined;
  try {
    flat = flatPlan(view, root, names);
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
  }
  const lateral = flat ? undefined : lateralPlan(view, root, names);
  const oneRow = flat !== undefined && flat.filters.length === 0;
  return {
    view,
    columns,
    schema: shape.columns(),
    shape,
    oneRowPerResource: oneRow,
    select(source, keep) {
      if (flat) {
        if (keep && !oneRow) throw new Unsupported('keep needs one row per resource');
        const test = [...conditions, ...flat.filters].join(' AND ');
        return keep
          ? `SELECT ${flat.columns.join(', ')}, coalesce(${test}, false) AS ${q(keep)} FROM ${flat.from(source)} r`
          : `SELECT ${flat.columns.join(', ')} FROM ${flat.from(source)} r WHERE ${test}`;
      }
      if (keep) throw new Unsupported('keep needs one row per resource');
      return `SELECT b.* FROM ${source} r, LATERAL (${lateral ?? ''}) b WHERE ${conditions.join(' AND ')}`;
    },
  };
}
