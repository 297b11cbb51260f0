/**
 * The FHIRPath subset both fast evaluators understand (the plain JavaScript accessors of fast-path.ts
 * and the DuckDB SQL of sql-paths.ts): dotted navigation typed by the FHIR R4 model fhirpath.js uses,
 * `where(a.b = literal)`, `first()`, `exists()`, `empty()`, `choice.ofType(T)`, `getResourceKey()` and
 * `getReferenceKey([T])`. Anything else goes to fhirpath.js.
 */
import r4 from 'fhirpath/fhir-context/r4/index.js';

const model = r4 as unknown as {
  path2Type: Record<string, string | { code: string }>;
  path2Repeating: Record<string, boolean>;
  choiceTypePaths: Record<string, string[]>;
  pathsDefinedElsewhere: Record<string, string>;
};

export const IDENT = /^[A-Za-z][A-Za-z0-9_]*$/;
export const RESERVED = new Set(['and', 'or', 'xor', 'implies', 'div', 'mod', 'in', 'contains', 'is', 'as']);

/**
 * Splits on dots outside parentheses and quotes; undefined when the text is not that simple.
 *
 * @example segments("name.where(use = 'official').family") // ['name', "where(use = 'official')", 'family']
 */
export function segments(path: string): string[] | undefined {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let start = 0;
  for (let i = 0; i < path.length; i += 1) {
    const c = path[i];
    if (c === "'") quote = !quote;
    else if (quote) continue;
    else if (c === '(') depth += 1;
    else if (c === ')') depth -= 1;
    else if (c === '.' && depth === 0) {
      out.push(path.slice(start, i).trim());
      start = i + 1;
    }
    if (depth < 0) return undefined;
  }
  if (quote || depth !== 0) return undefined;
  out.push(path.slice(start).trim());
  return out.every((s) => s.length > 0) ? out : undefined;
}

/** A model element: its type (a backbone element is named by its path) and whether it repeats. */
export interface Element {
  type: string;
  repeating: boolean;
}

/**
 * The element `name` of model type `type`, or undefined for unknown or choice elements.
 *
 * @example element('Patient', 'name') // { type: 'HumanName', repeating: true }
 */
export function element(type: string, name: string): Element | undefined {
  const path = model.pathsDefinedElsewhere[`${type}.${name}`] ?? `${type}.${name}`;
  if (model.choiceTypePaths[path]) return undefined;
  const found = model.path2Type[path];
  if (found === undefined) return undefined;
  const repeating = model.path2Repeating[path] === true;
  if (typeof found !== 'string') return { type: found.code, repeating };
  return { type: found === 'BackboneElement' || found === 'Element' ? path : found, repeating };
}

/**
 * The types a choice element `name[x]` of `type` allows (capitalised, as in `valueString`), or
 * undefined when it is not a choice.
 *
 * @example choices('Observation', 'value') // ['Quantity', 'CodeableConcept', 'String', ...]
 */
export function choices(type: string, name: string): string[] | undefined {
  const path = model.pathsDefinedElsewhere[`${type}.${name}`] ?? `${type}.${name}`;
  return model.choiceTypePaths[path];
}

export const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * `lit` of `where(a.b = lit)`: a quoted string without escapes, a boolean or an integer.
 *
 * @example literal("'official'") // { value: 'official' }
 */
export function literal(text: string): { value: string | boolean | number } | undefined {
  if (/^'[^'\\]*'$/.test(text)) return { value: text.slice(1, -1) };
  if (text === 'true' || text === 'false') return { value: text === 'true' };
  if (/^-?\d+$/.test(text)) return { value: Number(text) };
  return undefined;
}

/** `where(left = right)` split, or undefined when the segment is not that. */
export function whereEquals(part: string): { left: string; right: string } | undefined {
  const where = part.match(/^where\((.+)\)$/);
  const condition = where?.[1]?.match(/^([A-Za-z][A-Za-z0-9_.]*)\s*=\s*(.+)$/);
  const [, left, right] = condition ?? [];
  return left === undefined || right === undefined ? undefined : { left, right: right.trim() };
}
