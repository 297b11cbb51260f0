/**
 * What a rule pack needs from the FHIR server, read from its ELM, so the app fetches only that:
 * each `Retrieve` gives a resource type and, when it names a value set or codes, a code filter; a
 * date window written in the retrieve's query (`where ... in Interval[Now() - 7 days, Now()]`)
 * gives a date filter, and a status test there (`M.status.value = 'active'`) a status filter. Requirements are plain data (the window is a lookback, not a function) so
 * they can cross a worker boundary or be computed at build time; `since()` turns one into a date.
 */
import { walk } from './elm';
import type { ElmLibrary, ElmNode } from './elm';
import type { ValueSetCode, ValueSetExpansions } from './pack';
import { propertyPath, statusesOf, windowOf } from './where';
import type { Lookback, Window } from './where';

import type { DataRequirement } from '../../fhir/data-requirement';

export type { DataRequirement, Lookback, LookbackUnit } from '../../fhir/data-requirement';
export { since } from '../../fhir/data-requirement';

const typeName = (dataType: unknown) => String(dataType ?? '').replace(/^\{[^}]*\}/, '');

function codesOf(elm: ElmLibrary, codes: unknown, valueSets: ValueSetExpansions) {
  const node = codes as ElmNode | undefined;
  if (node?.type === 'ValueSetRef') {
    const def = elm.library.valueSets?.def?.find((v) => v.name === node.name);
    if (!def) return undefined;
    return { codes: valueSets[def.id] ?? [], valueSet: def.id };
  }
  const found: ValueSetCode[] = [];
  walk(node, (n) => {
    if (n.type !== 'CodeRef') return;
    const def = elm.library.codes?.def?.find((c) => c.name === n.name);
    const system = elm.library.codeSystems?.def?.find((s) => s.name === def?.codeSystem.name)?.id;
    if (def && system) found.push({ system, code: def.id, ...(def.display ? { display: def.display } : {}) });
  });
  return found.length ? { codes: found } : undefined;
}

interface Retrieval {
  node: ElmNode;
  requirement: DataRequirement;
  window?: Window;
}

/** What the engine may apply to a retrieve before the CQL sees its records (see patient.ts). */
export interface RetrieveHint {
  /** Observations whose effective time is older than this look-back. */
  since?: Lookback;
  statuses?: string[];
}

function analyze(elm: ElmLibrary, valueSets: ValueSetExpansions): Retrieval[] {
  const out: Retrieval[] = [];
  walk(elm, (node, ancestors) => {
    if (node.type !== 'Retrieve') return;
    const resourceType = typeName(node.dataType);
    const parent = ancestors[ancestors.length - 1];
    const query = ancestors[ancestors.length - 2];
    // A retrieve joined in `with`/`without` (a Medication a MedicationRequest points at): fetch it
    // through the main resource's _include rather than on its own.
    if ((parent?.type === 'With' || parent?.type === 'Without') && query?.type === 'Query') {
      const source = (query.source as { alias: string; expression: ElmNode }[] | undefined)?.[0];
      const path = source && propertyPath(parent.suchThat, source.alias);
      const owner = typeName(source?.expression.dataType);
      if (path) out.push({ node, requirement: { resourceType: owner, include: [`${owner}:${path}`] } });
      return;
    }
    const requirement: DataRequirement = { resourceType };
    const codes = node.codes ? codesOf(elm, node.codes, valueSets) : undefined;
    if (codes) requirement.codeFilter = { path: String(node.codeProperty ?? 'code'), ...codes };
    const sources = query?.type === 'Query' ? (query.source as { alias: string; expression: unknown }[]) : [];
    const alias = sources?.find((s) => s.expression === node)?.alias;
    const window = alias && query ? windowOf(query, alias, resourceType, elm) : undefined;
    if (window) requirement.dateFilter = { path: window.path, lookback: window.lookback };
    const statuses = alias && query ? statusesOf(query, alias) : undefined;
    if (statuses) requirement.statusFilter = statuses;
    out.push({ node, requirement, ...(window ? { window } : {}) });
  });
  return out;
}

/**
 * The data requirements of one ELM library (its own retrieves; pass included libraries separately).
 *
 * @example
 * dataRequirements(aki, valueSets); // [{ resourceType: 'Observation', codeFilter: {...}, dateFilter: {...} }, ...]
 */
export function dataRequirements(elm: ElmLibrary, valueSets: ValueSetExpansions = {}): DataRequirement[] {
  return analyze(elm, valueSets).map((r) => r.requirement);
}

/**
 * Per retrieve, what its query is sure to drop: Observations outside a look-back on their effective
 * time, and resources of other statuses. The engine may skip those before the CQL sees them.
 */
export function retrieveHints(elm: ElmLibrary): Map<ElmNode, RetrieveHint> {
  const out = new Map<ElmNode, RetrieveHint>();
  for (const { node, requirement, window } of analyze(elm, {})) {
    const since = window?.exact && requirement.resourceType === 'Observation' ? window.lookback : undefined;
    const statuses = requirement.statusFilter;
    if (since || statuses) out.set(node, { ...(since ? { since } : {}), ...(statuses ? { statuses } : {}) });
  }
  return out;
}

/** The requirements of every library in a pack. */
export function packDataRequirements(pack: {
  libraries: ElmLibrary[];
  valueSets: ValueSetExpansions;
}): DataRequirement[] {
  return pack.libraries.flatMap((lib) => dataRequirements(lib, pack.valueSets));
}
