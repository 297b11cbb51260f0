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
 * - `relatedArtifact` entries of type citation or documentation become the card's source and links.
 */
import type { RequirementCode } from '../../fhir/data-requirement';
import type { ActivityDefinition, Coding, PlanDefinition, PlanDefinitionAction } from '@medplum/fhirtypes';
import type { OverrideReason } from '../../cds/cards';
import { expressionNames, isElmLibrary } from './elm';
import type { ElmLibrary } from './elm';
import { readValueSets } from './valuesets';
import type { ValueSetPin } from './valuesets';

/** Canonical base of the project's own FHIR artefacts (rules, value sets, extensions). */
export const LOOP_CANONICAL_BASE = 'https://learning-loop.example.org/fhir';
export const OVERRIDE_REASON_EXTENSION = `${LOOP_CANONICAL_BASE}/StructureDefinition/override-reason`;
export const USAGE_CONTEXT_TYPE = 'http://terminology.hl7.org/CodeSystem/usage-context-type';
export const CQL_IDENTIFIER = 'text/cql-identifier';

export type Priority = 'routine' | 'urgent' | 'asap' | 'stat';
export const PRIORITIES: readonly Priority[] = ['routine', 'urgent', 'asap', 'stat'];

/** A value set member, as the rules and the searches see it. */
export type ValueSetCode = RequirementCode;
/** `{ [valueSetUrl]: codes }`, expanded ahead of time (no terminology server at run time). */
export type ValueSetExpansions = Record<string, ValueSetCode[]>;

export interface RuleSuggestion {
  id: string;
  label: string;
  recommended: boolean;
  activity: ActivityDefinition;
  /** A define that must be true for the suggestion to be offered (the child action's applicability). */
  condition?: string;
}

/** One prompt, read from its PlanDefinition. */
export interface Rule {
  /** PlanDefinition.id, also the scenario tag prefix of the synthetic patients. */
  id: string;
  url: string;
  version: string;
  title: string;
  library: string;
  applicability: string;
  summary: string;
  detail: string;
  priority: Priority;
  priorityExpression?: string;
  venues: Coding[];
  /** The venues in words (the useContext's text), for the note when the unit cannot be checked. */
  venueText?: string;
  overrideReasons: OverrideReason[];
  citations: { label: string; url?: string }[];
  suggestions: RuleSuggestion[];
  selectionBehavior: 'at-most-one' | 'any';
  /** Defines named by placeholders in the summary and detail. */
  placeholders: string[];
}

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

const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g;

/** The define names a text's `{{...}}` placeholders refer to. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

function cqlIdentifier(expression: { language?: string; expression?: string } | undefined) {
  return expression?.language === CQL_IDENTIFIER ? expression.expression : undefined;
}

function readSuggestions(pd: PlanDefinition, action: PlanDefinitionAction, problems: string[]) {
  return (action.action ?? []).flatMap((child, i): RuleSuggestion[] => {
    const ref = child.definitionCanonical;
    const activity = pd.contained?.find(
      (r): r is ActivityDefinition => r.resourceType === 'ActivityDefinition' && `#${r.id}` === ref,
    );
    if (!child.title || !activity) {
      problems.push(`${pd.id}: suggestion ${i + 1} needs a title and a contained ActivityDefinition`);
      return [];
    }
    if (activity.kind !== 'MedicationRequest' && activity.kind !== 'ServiceRequest')
      problems.push(`${pd.id}: suggestion "${child.title}" drafts a ${activity.kind}, not supported`);
    const id = child.id ?? activity.id ?? String(i);
    const condition = cqlIdentifier(child.condition?.find((c) => c.kind === 'applicability')?.expression);
    const recommended = child.precheckBehavior === 'yes';
    return [{ id, label: child.title, recommended, activity, ...(condition ? { condition } : {}) }];
  });
}

/** Reads one PlanDefinition; problems are appended, never thrown, so a pack reports them all. */
export function readRule(pd: PlanDefinition, problems: string[]): Rule | undefined {
  const action = pd.action?.[0];
  const where = pd.id ?? pd.url ?? 'a PlanDefinition';
  const applicability = cqlIdentifier(action?.condition?.find((c) => c.kind === 'applicability')?.expression);
  const library = pd.library?.[0]?.split('|')[0]?.split('/Library/')[1];
  if (!pd.id || !pd.url || !pd.version || !pd.title || !action?.title || !applicability || !library) {
    problems.push(
      `${where}: needs id, url, version, title, library, action[0].title and an applicability condition`,
    );
    return undefined;
  }
  const priority = PRIORITIES.find((p) => p === (action.priority ?? 'routine'));
  if (!priority) problems.push(`${where}: unknown priority ${action.priority}`);
  const dynamicPriority = action.dynamicValue?.find((d) => d.path === 'priority');
  const reasons = (action.extension ?? []).filter((e) => e.url === OVERRIDE_REASON_EXTENSION);
  const overrideReasons = reasons.flatMap(({ valueCoding: c }): OverrideReason[] =>
    c?.code && c.display ? [{ ...c, code: c.code, display: c.display }] : [],
  );
  if (overrideReasons.length !== reasons.length)
    problems.push(`${where}: an override reason lacks code or display`);
  const venueContexts = (pd.useContext ?? []).filter(
    (u) => u.code.system === USAGE_CONTEXT_TYPE && u.code.code === 'venue',
  );
  const venues = venueContexts.flatMap((u) => u.valueCodeableConcept?.coding ?? []);
  const venueText = venueContexts.map((u) => u.valueCodeableConcept?.text).find(Boolean);
  const citations = (pd.relatedArtifact ?? [])
    .filter((a) => a.type === 'citation' || a.type === 'documentation')
    .map((a) => ({
      label: a.label ?? a.display ?? a.citation ?? 'Source',
      ...(a.url ? { url: a.url } : {}),
    }));
  const detail = action.description ?? '';
  const priorityExpression = cqlIdentifier(dynamicPriority?.expression);
  return {
    id: pd.id,
    url: pd.url,
    version: pd.version,
    title: pd.title,
    library,
    applicability,
    summary: action.title,
    detail,
    priority: priority ?? 'routine',
    ...(priorityExpression ? { priorityExpression } : {}),
    venues,
    ...(venueText ? { venueText } : {}),
    overrideReasons,
    citations,
    suggestions: readSuggestions(pd, action, problems),
    selectionBehavior: action.selectionBehavior === 'any' ? 'any' : 'at-most-one',
    placeholders: [...new Set([...placeholdersOf(action.title), ...placeholdersOf(detail)])],
  };
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
    const needed = [
      rule.applicability,
      ...rule.placeholders,
      ...(rule.priorityExpression ? [rule.priorityExpression] : []),
    ];
    for (const name of needed)
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
