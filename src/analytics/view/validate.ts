/**
 * The checks a conforming runner makes before it runs a view (the suite's `expectError` cases): a
 * resource type, a list of selects, string paths that parse, unique column names, unionAll branches
 * with the same columns in the same order, constants with exactly one value, no unknown `%name`.
 */
import fhirpath from 'fhirpath';
import { ViewError, type ViewDefinition, type ViewSelect } from './types';

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Variables FHIRPath and SQL on FHIR define themselves. */
const BUILT_IN = new Set(['rowIndex', 'resource', 'rootResource', 'context', 'ucum', 'sct', 'loinc']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkPath(path: unknown, where: string, constants: ReadonlySet<string>): void {
  if (typeof path !== 'string' || path.trim() === '')
    throw new ViewError(`${where}: expected a FHIRPath string`);
  try {
    fhirpath.parse(path);
  } catch (error) {
    throw new ViewError(
      `${where}: ${path} does not parse (${error instanceof Error ? error.message : error})`,
    );
  }
  for (const [, name = ''] of path.matchAll(/%([A-Za-z_][A-Za-z0-9_]*)/g)) {
    if (!constants.has(name) && !BUILT_IN.has(name))
      throw new ViewError(`${where}: %${name} is not a constant of this view`);
  }
}

/** The column names a select produces, in the specification's order: column, select, unionAll. */
export function selectColumns(select: ViewSelect): string[] {
  return [
    ...(select.column ?? []).map((c) => c.name),
    ...(select.select ?? []).flatMap(selectColumns),
    ...(select.unionAll?.[0] ? selectColumns(select.unionAll[0]) : []),
  ];
}

function checkSelect(select: unknown, where: string, constants: ReadonlySet<string>): void {
  if (!isObject(select)) throw new ViewError(`${where}: a select must be an object`);
  for (const key of ['forEach', 'forEachOrNull'] as const)
    if (select[key] !== undefined) checkPath(select[key], `${where}.${key}`, constants);
  if (select.repeat !== undefined) {
    if (!Array.isArray(select.repeat) || select.repeat.length === 0)
      throw new ViewError(`${where}.repeat: expected a list of paths`);
    select.repeat.forEach((p, i) => checkPath(p, `${where}.repeat[${i}]`, constants));
  }
  if (select.column !== undefined) {
    if (!Array.isArray(select.column)) throw new ViewError(`${where}.column: expected a list`);
    select.column.forEach((c: unknown, i) => {
      if (!isObject(c) || typeof c.name !== 'string' || !NAME.test(c.name))
        throw new ViewError(`${where}.column[${i}]: a column needs a name of letters, digits and _`);
      checkPath(c.path, `${where}.column[${i}].path`, constants);
    });
  }
  for (const key of ['select', 'unionAll'] as const) {
    const list = select[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new ViewError(`${where}.${key}: expected a list`);
    list.forEach((s, i) => checkSelect(s, `${where}.${key}[${i}]`, constants));
  }
  if (Array.isArray(select.unionAll) && select.unionAll.length > 0) {
    const [first, ...rest] = (select.unionAll as ViewSelect[]).map((s) => selectColumns(s).join(','));
    if (rest.some((r) => r !== first))
      throw new ViewError(`${where}.unionAll: every branch must have the same columns in the same order`);
  }
}

/**
 * The view, checked; throws a ViewError that says what is wrong and where.
 *
 * @example validateView({ resource: 'Patient', select: [{ column: [{ name: 'id', path: 'id' }] }] })
 */
export function validateView(view: unknown): ViewDefinition {
  if (!isObject(view)) throw new ViewError('a ViewDefinition must be an object');
  if (typeof view.resource !== 'string' || !NAME.test(view.resource))
    throw new ViewError('resource: expected a FHIR resource type');
  if (!Array.isArray(view.select) || view.select.length === 0)
    throw new ViewError('select: expected at least one select');
  const constants = new Set<string>();
  if (view.constant !== undefined) {
    if (!Array.isArray(view.constant)) throw new ViewError('constant: expected a list');
    view.constant.forEach((c: unknown, i) => {
      const values = isObject(c) ? Object.keys(c).filter((k) => k.startsWith('value')) : [];
      if (!isObject(c) || typeof c.name !== 'string' || !NAME.test(c.name) || values.length !== 1)
        throw new ViewError(`constant[${i}]: needs a name and exactly one value[x]`);
      constants.add(c.name);
    });
  }
  view.select.forEach((s, i) => checkSelect(s, `select[${i}]`, constants));
  if (view.where !== undefined) {
    if (!Array.isArray(view.where)) throw new ViewError('where: expected a list');
    view.where.forEach((w: unknown, i) =>
      checkPath(isObject(w) ? w.path : undefined, `where[${i}]`, constants),
    );
  }
  const names = (view.select as ViewSelect[]).flatMap(selectColumns);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new ViewError(`column ${twice} is defined twice`);
  return view as unknown as ViewDefinition;
}
