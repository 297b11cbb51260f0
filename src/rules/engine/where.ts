/*
 * What a query's `where` clause says about its source alias, read from the ELM: a look-back window
 * (`<time of alias> in Interval[Now() - 7 days, Now()]`, directly or through a `let` or a define of
 * the same library) and a status list (`alias.status.value = 'active'` or `in { ... }`). Only
 * conditions joined by `and` count: under `or` or `not` they would not restrict the result.
 */
import { walk } from './elm';
import type { ElmLibrary, ElmNode } from './elm';
import type { Lookback, LookbackUnit } from '../../fhir/data-requirement';

export type { Lookback, LookbackUnit };

export interface Window {
  /** The FHIR element the window is on (from the CQL, or the type's usual date element). */
  path: string;
  lookback: Lookback;
  /** On LoopCommon."Effective Time"(alias) or alias.effective: safe for the engine to apply early. */
  exact: boolean;
}

const UNITS: Record<string, LookbackUnit> = Object.fromEntries(
  (
    [
      ['year', ['year', 'years', 'a']],
      ['month', ['month', 'months', 'mo']],
      ['week', ['week', 'weeks', 'wk']],
      ['day', ['day', 'days', 'd']],
      ['hour', ['hour', 'hours', 'h']],
      ['minute', ['minute', 'minutes', 'min']],
    ] as const
  ).flatMap(([unit, names]) => names.map((n) => [n, unit])),
);

/** The date element a resource type's windows apply to, when the CQL reads it through a function. */
const DATE_ELEMENT: Record<string, string> = {
  Observation: 'effective',
  Encounter: 'period',
  Condition: 'onset',
  MedicationRequest: 'authoredOn',
  Procedure: 'performed',
};

const operands = (n: ElmNode) => (Array.isArray(n.operand) ? n.operand : []) as ElmNode[];

function referencesAlias(node: unknown, alias: string): boolean {
  let found = false;
  walk(node, (n) => {
    if ((n.type === 'AliasRef' && n.name === alias) || (n.type === 'Property' && n.scope === alias))
      found = true;
  });
  return found;
}

/** The first element path read directly on the alias (`O.effective` -> `effective`). */
export function propertyPath(node: unknown, alias: string): string | undefined {
  let path: string | undefined;
  walk(node, (n) => {
    if (path === undefined && n.type === 'Property' && n.scope === alias && typeof n.path === 'string')
      path = n.path.split('.')[0];
  });
  return path;
}

/** `Now() - <quantity>` or `Today() - <quantity>` as a look-back. */
function lookbackOf(node: unknown): Lookback | undefined {
  const n = node as ElmNode | undefined;
  if (n?.type !== 'Subtract') return undefined;
  const [from, amount] = operands(n);
  const unit = UNITS[String(amount?.unit ?? '')];
  if ((from?.type !== 'Now' && from?.type !== 'Today') || amount?.type !== 'Quantity' || !unit)
    return undefined;
  return { value: Number(amount.value), unit };
}

/** What a reference stands for: a `let` of the query, or a define of the same library. */
function resolve(node: ElmNode | undefined, query: ElmNode, elm: ElmLibrary): ElmNode | undefined {
  if (node?.type === 'QueryLetRef') {
    const lets = (query.let ?? []) as { identifier: string; expression: ElmNode }[];
    return lets.find((l) => l.identifier === node.name)?.expression;
  }
  if (node?.type === 'ExpressionRef' && node.libraryName === undefined) {
    const defs = (elm.library.statements?.def ?? []) as { name: string; expression?: ElmNode }[];
    return defs.find((d) => d.name === node.name)?.expression;
  }
  return node;
}

function conjuncts(where: unknown): ElmNode[] {
  const out: ElmNode[] = [];
  const split = (n: unknown) => {
    const node = n as ElmNode | undefined;
    if (node?.type === 'And') operands(node).forEach(split);
    else if (node) out.push(node);
  };
  split(where);
  return out;
}

/** `LoopCommon."Effective Time"(alias)` (whatever the include is called) or `alias.effective`. */
function isEffectiveTime(node: ElmNode, alias: string, elm: ElmLibrary): boolean {
  const [operand] = operands(node);
  const library = elm.library.includes?.def?.find((i) => i.localIdentifier === node.libraryName)?.path;
  const viaFunction =
    node.type === 'FunctionRef' &&
    node.name === 'Effective Time' &&
    library === 'LoopCommon' &&
    operand?.type === 'AliasRef' &&
    operand.name === alias;
  return viaFunction || (node.type === 'Property' && node.path === 'effective' && node.scope === alias);
}

/** The look-back the query's `where` puts on the alias, if any. */
export function windowOf(
  query: ElmNode,
  alias: string,
  resourceType: string,
  elm: ElmLibrary,
): Window | undefined {
  for (const c of conjuncts(query.where)) {
    const [first, second] = operands(c);
    const subject = resolve(first, query, elm);
    const bound = resolve(second, query, elm);
    if (!subject || !bound || !referencesAlias(subject, alias)) continue;
    const low =
      (c.type === 'In' || c.type === 'IncludedIn') && bound.type === 'Interval'
        ? bound.low
        : ['SameOrAfter', 'After', 'GreaterOrEqual', 'Greater'].includes(String(c.type))
          ? bound
          : undefined;
    const lookback = lookbackOf(low);
    const path = propertyPath(subject, alias) ?? DATE_ELEMENT[resourceType];
    if (lookback && path) return { path, lookback, exact: isEffectiveTime(subject, alias, elm) };
  }
  return undefined;
}

/** `alias.status.value` (or `FHIRHelpers.ToString(alias.status)`). */
function isStatus(node: ElmNode | undefined, alias: string): boolean {
  const inner =
    node?.type === 'FunctionRef' && node.name === 'ToString' && node.libraryName === 'FHIRHelpers'
      ? operands(node)[0]
      : node?.type === 'Property' && node.path === 'value'
        ? (node.source as ElmNode)
        : undefined;
  return inner?.type === 'Property' && inner.path === 'status' && inner.scope === alias;
}

const literal = (n: ElmNode | undefined) =>
  n?.type === 'Literal' && typeof n.value === 'string' ? n.value : undefined;

/** The statuses the query's `where` keeps (`= 'active'`, `in { 'a', 'b' }`), if it restricts them. */
export function statusesOf(query: ElmNode, alias: string): string[] | undefined {
  for (const c of conjuncts(query.where)) {
    const [subject, value] = operands(c);
    if (!isStatus(subject, alias)) continue;
    if (c.type === 'Equal' && literal(value)) return [String(literal(value))];
    const items = value?.type === 'List' && Array.isArray(value.element) ? (value.element as ElmNode[]) : [];
    if (c.type === 'In' && items.length && items.every((i) => literal(i)))
      return items.map((i) => String(literal(i)));
  }
  return undefined;
}
