/**
 * The SQL on FHIR v2 ViewDefinition runner: one resource in, its rows out. FHIRPath is evaluated by
 * fhirpath.js with the R4 model; simple paths run as plain accessors (fast-path.ts) that give the same
 * values, which the conformance test checks by running the suite both ways.
 */
import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4/index.js';
import { compileFastPath, FALLBACK, type Accessor } from './fast-path';
import { keyFunctions } from './keys';
import { ViewError, type ViewDefinition, type ViewRow, type ViewSelect } from './types';
import { selectColumns, validateView } from './validate';

export interface RunOptions {
  /** Plain accessors for simple paths (default true); false runs every path through fhirpath. */
  fastPaths?: boolean;
}

export interface CompiledView {
  view: ViewDefinition;
  columns: string[];
  /** The rows of one resource (none when it is of another type or fails the view's `where`). */
  rows(resource: unknown): ViewRow[];
  /** How many of the view's paths run as plain accessors, and how many through fhirpath. */
  paths: { fast: number; fhirpath: number };
}

/** Evaluates one path on a node: `type` is its model type when a plain accessor made the node. */
type Evaluate = (node: unknown, resource: unknown, rowIndex: number) => unknown[];
interface Context {
  type: string | undefined;
}

const fhirpathOptions: Parameters<typeof fhirpath.compile>[2] = {
  userInvocationTable: keyFunctions,
  resolveInternalTypes: true,
};

/** Temporal constants go into the path as FHIRPath literals: as variables they are plain strings. */
const TEMPORAL: Record<string, (v: string) => string> = {
  valueDate: (v) => `@${v}`,
  valueDateTime: (v) => `@${v}`,
  valueInstant: (v) => `@${v}`,
  valueTime: (v) => `@T${v}`,
};

function constantValue(constant: Record<string, unknown>): { key: string; value: unknown } {
  const key = Object.keys(constant).find((k) => k.startsWith('value')) ?? 'value';
  return { key, value: constant[key] };
}

/** The path with each temporal constant replaced by its literal. */
function withLiterals(path: string, view: ViewDefinition): string {
  let out = path;
  for (const c of view.constant ?? []) {
    const { key, value } = constantValue(c);
    const literal = TEMPORAL[key];
    if (literal && typeof value === 'string')
      out = out.replace(new RegExp(`%${c.name}(?![A-Za-z0-9_])`, 'g'), literal(value));
  }
  return out;
}

function compileAll(view: ViewDefinition, options: RunOptions) {
  const env: Record<string, unknown> = {};
  for (const c of view.constant ?? []) env[c.name] = constantValue(c).value;
  const paths = { fast: 0, fhirpath: 0 };

  const expression = (text: string, context: Context): { evaluate: Evaluate; type: string | undefined } => {
    const path = withLiterals(text, view);
    const fast =
      options.fastPaths !== false && context.type ? compileFastPath(path, context.type) : undefined;
    const slow = compileFhirpath(path, context);
    if (!fast) {
      paths.fhirpath += 1;
      return { evaluate: slow, type: undefined };
    }
    paths.fast += 1;
    const run: Accessor = fast.run;
    return {
      evaluate: (node, resource, rowIndex) => {
        const out = run(node, resource);
        return out === FALLBACK ? slow(node, resource, rowIndex) : out;
      },
      type: fast.type,
    };
  };

  const compileFhirpath = (path: string, context: Context): Evaluate => {
    // A node a plain accessor made has no fhirpath type information: name its model type as the base.
    const base = context.type && context.type !== view.resource ? context.type : undefined;
    let compiled: ReturnType<typeof fhirpath.compile>;
    try {
      compiled = fhirpath.compile(base ? { base, expression: path } : path, r4, fhirpathOptions);
    } catch (error) {
      throw new ViewError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return (node, _resource, rowIndex) => {
      try {
        return compiled(node, { ...env, rowIndex }) as unknown[];
      } catch (error) {
        throw new ViewError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
  };
  return { expression, paths };
}

type Rows = (node: unknown, resource: unknown, rowIndex: number) => ViewRow[];

function product(parts: ViewRow[][]): ViewRow[] {
  // The usual case, one row from each part: merge into the first (a fresh object) without copies.
  if (parts.every((p) => p.length === 1)) {
    const [first, ...rest] = parts.map((p) => p[0] as ViewRow);
    return [Object.assign(first ?? {}, ...rest)];
  }
  let rows: ViewRow[] = [{}];
  for (const part of parts) {
    const next: ViewRow[] = [];
    for (const left of rows) for (const right of part) next.push({ ...left, ...right });
    rows = next;
    if (rows.length === 0) break;
  }
  return rows;
}

/**
 * Compiles a ViewDefinition (validating it first: a ViewError says what is wrong).
 *
 * @example compileView(view).rows(patient) // [{ id: 'pt1', family: 'Smith' }]
 */
export function compileView(input: unknown, options: RunOptions = {}): CompiledView {
  const view = validateView(input);
  const { expression, paths } = compileAll(view, options);

  const body = (select: ViewSelect, context: Context): Rows => {
    const columns = (select.column ?? []).map((c) => ({ ...c, ...expression(c.path, context) }));
    const nested = (select.select ?? []).map((s) => compileSelect(s, context));
    const unions = (select.unionAll ?? []).map((s) => compileSelect(s, context));
    return (node, resource, rowIndex) => {
      const row: ViewRow = {};
      for (const c of columns) {
        const values = c.evaluate(node, resource, rowIndex);
        if (c.collection === true) row[c.name] = values;
        else if (values.length > 1)
          throw new ViewError(
            `column ${c.name}: ${c.path} gave ${values.length} values; set collection: true`,
          );
        else row[c.name] = values.length ? values[0] : null;
      }
      if (nested.length === 0 && unions.length === 0) return [row];
      const parts = [[row]];
      for (const n of nested) parts.push(n(node, resource, rowIndex));
      if (unions.length) parts.push(unions.flatMap((u) => u(node, resource, rowIndex)));
      return product(parts);
    };
  };

  const compileSelect = (select: ViewSelect, context: Context): Rows => {
    const each = select.forEach ?? select.forEachOrNull;
    if (each !== undefined) {
      const source = expression(each, context);
      const inner = body(select, { type: source.type });
      const empty = select.forEachOrNull !== undefined ? nullRow(select, 0) : undefined;
      return (node, resource, rowIndex) => {
        const items = source.evaluate(node, resource, rowIndex);
        if (items.length === 0) return empty ? [{ ...empty }] : [];
        return items.flatMap((item, i) => inner(item, resource, i));
      };
    }
    if (select.repeat) {
      const steps = select.repeat.map((p) => expression(p, context));
      const types = new Set(steps.map((s) => s.type));
      // Plain accessors only when every repeated path lands on the same model type.
      const typed = types.size === 1 && !types.has(undefined);
      const walkers = typed ? steps : select.repeat.map((p) => expression(p, { type: undefined }));
      const inner = body(select, { type: typed ? steps[0]?.type : undefined });
      return (node, resource) => {
        const found: unknown[] = [];
        const walk = (from: unknown) => {
          for (const step of walkers)
            for (const item of step.evaluate(from, resource, 0)) {
              found.push(item);
              walk(item);
            }
        };
        walk(node);
        return found.flatMap((item, i) => inner(item, resource, i));
      };
    }
    return body(select, context);
  };

  const top = body({ select: view.select }, { type: view.resource });
  const where = (view.where ?? []).map((w) => ({
    path: w.path,
    ...expression(w.path, { type: view.resource }),
  }));
  return {
    view,
    columns: view.select.flatMap(selectColumns),
    paths,
    rows(resource) {
      if ((resource as { resourceType?: unknown } | null)?.resourceType !== view.resource) return [];
      for (const w of where) {
        const result = w.evaluate(resource, resource, 0);
        if (result.length === 0) return [];
        if (result.length > 1 || typeof result[0] !== 'boolean')
          throw new ViewError(`where ${w.path} must give one boolean`);
        if (!result[0]) return [];
      }
      return top(resource, resource, 0);
    },
  };
}

/** The row forEachOrNull gives for an empty collection: its columns null, but `%rowIndex` 0. */
function nullRow(select: ViewSelect, rowIndex: number): ViewRow {
  const row: ViewRow = Object.fromEntries(selectColumns(select).map((name) => [name, null]));
  for (const c of select.column ?? []) if (c.path.trim() === '%rowIndex') row[c.name] = rowIndex;
  return row;
}

/**
 * Every row of a view over a list of resources.
 *
 * @example runView(view, [patient1, patient2])
 */
export function runView(view: unknown, resources: readonly unknown[], options: RunOptions = {}): ViewRow[] {
  const compiled = compileView(view, options);
  return resources.flatMap((r) => compiled.rows(r));
}
