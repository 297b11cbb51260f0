/**
 * The SQL on FHIR v2 ViewDefinition, as far as a runner needs it: the shape the specification's tests
 * use (resource, constant, select with column / forEach / forEachOrNull / repeat / unionAll, where).
 */

export interface ViewColumn {
  name: string;
  path: string;
  type?: string;
  collection?: boolean;
  description?: string;
}

export interface ViewSelect {
  column?: ViewColumn[];
  select?: ViewSelect[];
  forEach?: string;
  forEachOrNull?: string;
  repeat?: string[];
  unionAll?: ViewSelect[];
}

/** A constant: `name` and exactly one `value[x]`. */
export interface ViewConstant {
  name: string;
  [valueX: string]: unknown;
}

export interface ViewDefinition {
  resourceType?: 'ViewDefinition';
  name?: string;
  title?: string;
  status?: string;
  resource: string;
  constant?: ViewConstant[];
  select: ViewSelect[];
  where?: { path: string; description?: string }[];
}

/** One output row: column name to value (a list for `collection: true` columns). */
export type ViewRow = Record<string, unknown>;

/** A view the runner refuses (the suite's `expectError` cases), or a row it cannot produce. */
export class ViewError extends Error {
  override name = 'ViewError';
}
