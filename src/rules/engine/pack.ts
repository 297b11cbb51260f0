/**
 * A rule pack (`src/rules/packs/<pack>/`): ELM libraries, pre-expanded value sets, and one FHIR R4
 * PlanDefinition per prompt. `loadPack` checks that the parts agree (every expression a
 * PlanDefinition names exists, every value set is expanded) and reads each PlanDefinition into a
 * `Rule`. How a PlanDefinition maps to a CDS Hooks card:
 *
 * - `action[0].title` is the summary, `action[0].description` the Markdown detail; both may hold
 *   `{{Define Name}}` placeholders filled from the CQL results.
 * - `action[0].condition` (kind `applicability`, language `text/cql-identifier`) names the define
 *   that triggers the prompt, in the library `library[0]` points at (`.../Library/<id>`).
 * - The indicator is `action[0].priority`: routine = info, urgent = warning, asap and stat =
 *   critical. A `dynamicValue` with path `priority` and a `text/cql-identifier` expression overrides
 *   it per patient.
 * - Suggestions are `action[0].action[]`: `title` is the label, `precheckBehavior: yes` marks the
 *   recommended one, `definitionCanonical: '#id'` points at a contained ActivityDefinition
 *   (MedicationRequest or ServiceRequest) from which the drafted resource is made; a child's own
 *   applicability condition, when present, must be true for the suggestion to be offered.
 * - Rule-specific override reasons: extension `OVERRIDE_REASON_EXTENSION` (valueCoding, repeating)
 *   on `action[0]`, added after the six standard HL7 non-adherence reasons every card gets.
 * - Units: `useContext` with code `venue` lists the Location types (ward type codes) the rule is for;
 *   none means every unit.
 * - `relatedArtifact` entries of type citation or documentation become the card's source and links
 *   (those with a `cited-when` condition only for the patients it holds for).
 * - `action[0].participant` says who acts: the card's `actors` (see rule.ts).
 */
import type { RequirementCode } from '../../fhir/data-requirement';
import type { PlanDefinition } from '@medplum/fhirtypes';
import { expressionNames, isElmLibrary } from './elm';
import type { ElmLibrary } from './elm';
import { definesOf, readRule } from './rule';
import type { Rule } from './rule';
import { readValueSets } from './valuesets';
import type { ValueSetPin } from './valuesets';

export {
  CITED_WHEN_EXTENSION,
  CQL_IDENTIFIER,
  LOOP_CANONICAL_BASE,
  OVERRIDE_REASON_EXTENSION,
  PRIORITIES,
  USAGE_CONTEXT_TYPE,
  placeholdersOf,
  readRule,
} from './rule';
export type { Priority, Rule, RuleCitation, RuleSuggestion } from './rule';

/** A value set member, as the rules and the searches see it. */
export type ValueSetCode = RequirementCode;
/** `{ [valueSetUrl]: codes }`, expanded ahead of time (no terminology server at run time). */
export type ValueSetExpansions = Record<string, ValueSetCode[]>;

export interface RulePack {
  id: string;
  title: string;
  /** The pack's libraries and the shared ones they include. */
  libraries: ElmLibrary[];
  valueSets: ValueSetExpansions;
  /** Per value set URL: version, expansion and source file (absent for an older pack's plain lists). */
  valueSetPins: Record<string, ValueSetPin>;
  /** CQL parameter values (tables such as the opioid products), as lists of tuples. */
  parameters: Record<string, unknown>;
  /** Tables keyed by a code column: only rows whose key a patient's record holds are handed to the CQL. */
  parameterKeys: Record<string, string>;
  planDefinitions: PlanDefinition[];
  rules: Rule[];
}

/** The files of a pack, as imported JSON: not trusted until `loadPack` has checked them. */
export interface PackFiles {
  id: string;
  title: string;
  libraries: unknown[];
  valueSets: unknown;
  /** `{ name: { columns, rows } }` tables (parameters.json) or ready values. */
  parameters?: unknown;
  planDefinitions: unknown;
}

export class PackError extends Error {
  override name = 'PackError';
  constructor(
    readonly pack: string,
    readonly problems: string[],
  ) {
    super(`Rule pack ${pack}: ${problems.join('; ')}`);
  }
}

/**
 * Checks a pack's files and reads its rules. Throws a PackError listing every problem found.
 *
 * @example
 * const pack = loadPack({ id: 'starter', title: 'Starter rules', libraries, valueSets, planDefinitions });
 */
export function loadPack(files: PackFiles): RulePack {
  const problems: string[] = [];
  const libraries = files.libraries.filter(isElmLibrary);
  if (libraries.length !== files.libraries.length) problems.push('a library is not ELM JSON');
  const byId = new Map(libraries.map((l) => [l.library.identifier.id, l]));
  for (const lib of libraries)
    for (const inc of lib.library.includes?.def ?? [])
      if (!byId.has(inc.path))
        problems.push(`${lib.library.identifier.id} includes ${inc.path}, not in the pack`);

  const { expansions: valueSets, pins: valueSetPins } = readValueSets(files.valueSets, problems);
  const { parameters, keys: parameterKeys } = readParameters(files.parameters, problems);
  for (const lib of libraries)
    for (const vs of lib.library.valueSets?.def ?? [])
      if (!Array.isArray(valueSets[vs.id])) problems.push(`value set ${vs.id} (${vs.name}) is not expanded`);

  const planDefinitions = Array.isArray(files.planDefinitions)
    ? (files.planDefinitions as PlanDefinition[])
    : [];
  if (!planDefinitions.length) problems.push('no PlanDefinitions');
  const rules = planDefinitions.flatMap((pd) => {
    const rule = pd?.resourceType === 'PlanDefinition' ? readRule(pd, problems) : undefined;
    if (!rule) return [];
    const lib = byId.get(rule.library);
    const names = lib ? expressionNames(lib) : new Set<string>();
    if (!lib) problems.push(`${rule.id}: library ${rule.library} is not in the pack`);
    for (const name of definesOf(rule))
      if (lib && !names.has(name)) problems.push(`${rule.id}: ${rule.library} has no define "${name}"`);
    return [rule];
  });
  if (new Set(rules.map((r) => r.id)).size !== rules.length) problems.push('two PlanDefinitions share an id');
  if (problems.length) throw new PackError(files.id, problems);
  return {
    id: files.id,
    title: files.title,
    libraries,
    valueSets,
    valueSetPins,
    parameters,
    parameterKeys,
    planDefinitions,
    rules,
  };
}

/**
 * A `{ columns, rows, key? }` table becomes a list of tuples named by column (`key` names the column a
 * patient's codes select rows by); other values pass as they are.
 */
function readParameters(
  raw: unknown,
  problems: string[],
): { parameters: Record<string, unknown>; keys: Record<string, string> } {
  const parameters: Record<string, unknown> = {};
  const keys: Record<string, string> = {};
  for (const [name, value] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    const table = value as { columns?: unknown; rows?: unknown; key?: unknown } | null;
    if (!Array.isArray(table?.columns) || !Array.isArray(table.rows)) {
      parameters[name] = value;
      continue;
    }
    const columns = table.columns as string[];
    const rows = table.rows as unknown[][];
    if (rows.some((r) => !Array.isArray(r) || r.length !== columns.length))
      problems.push(`parameter ${name}: every row needs ${columns.length} cells`);
    if (typeof table.key === 'string') {
      if (columns.includes(table.key)) keys[name] = table.key;
      else problems.push(`parameter ${name}: key ${table.key} is not a column`);
    }
    parameters[name] = rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] ?? null])));
  }
  return { parameters, keys };
}
