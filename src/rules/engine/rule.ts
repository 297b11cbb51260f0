/**
 * One PlanDefinition read into a `Rule`: what the engine needs to decide whether it fires and to build
 * its card. How each part maps is listed in pack.ts; this file adds two readings of the PlanDefinition
 * that depend on the patient or the clinician:
 *
 * - Who acts: `action[0].participant` of type `practitioner`, each `role` a CodeableConcept
 *   (http://terminology.hl7.org/CodeSystem/practitioner-role: `doctor`, `nurse`, `pharmacist`). Their
 *   codings become `Rule.actors` and the card's `actors`; none means anyone may act.
 * - Citations for some patients only: a `relatedArtifact` with extension `CITED_WHEN_EXTENSION`
 *   (valueExpression, language `text/cql-identifier`) is cited only when that define is true (a
 *   paediatric study for children, an adult one for adults).
 */
import type { ActivityDefinition, Coding, PlanDefinition, PlanDefinitionAction } from '@medplum/fhirtypes';
import type { OverrideReason } from '../../cds/cards';

/** Canonical base of the project's own FHIR artefacts (rules, value sets, extensions). */
export const LOOP_CANONICAL_BASE = 'https://learning-loop.example.org/fhir';
export const OVERRIDE_REASON_EXTENSION = `${LOOP_CANONICAL_BASE}/StructureDefinition/override-reason`;
export const CITED_WHEN_EXTENSION = `${LOOP_CANONICAL_BASE}/StructureDefinition/cited-when`;
export const USAGE_CONTEXT_TYPE = 'http://terminology.hl7.org/CodeSystem/usage-context-type';
export const CQL_IDENTIFIER = 'text/cql-identifier';

export type Priority = 'routine' | 'urgent' | 'asap' | 'stat';
export const PRIORITIES: readonly Priority[] = ['routine', 'urgent', 'asap', 'stat'];

export interface RuleSuggestion {
  id: string;
  label: string;
  recommended: boolean;
  activity: ActivityDefinition;
  /** A define that must be true for the suggestion to be offered (the child action's applicability). */
  condition?: string;
}

/** A citation or documentation link; `condition` names a define that must be true to cite it. */
export interface RuleCitation {
  label: string;
  url?: string;
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
  /** Roles that may act on the suggestions (`action.participant` roles); empty means anyone. */
  actors: Coding[];
  overrideReasons: OverrideReason[];
  citations: RuleCitation[];
  suggestions: RuleSuggestion[];
  selectionBehavior: 'at-most-one' | 'any';
  /** Defines named by placeholders in the summary and detail. */
  placeholders: string[];
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

/** Practitioner roles of `action.participant`; a participant of another type, or with no role, is an error. */
function readActors(where: string, action: PlanDefinitionAction, problems: string[]): Coding[] {
  return (action.participant ?? []).flatMap((p) => {
    const codings = p.role?.coding?.filter((c) => c.system && c.code) ?? [];
    if (p.type !== 'practitioner' || !codings.length) {
      problems.push(`${where}: a participant must be of type practitioner with a coded role`);
      return [];
    }
    return codings;
  });
}

function readCitations(pd: PlanDefinition, where: string, problems: string[]): RuleCitation[] {
  return (pd.relatedArtifact ?? [])
    .filter((a) => a.type === 'citation' || a.type === 'documentation')
    .map((a) => {
      const when = a.extension?.find((e) => e.url === CITED_WHEN_EXTENSION);
      const condition = cqlIdentifier(when?.valueExpression);
      if (when && !condition) problems.push(`${where}: a cited-when extension needs a text/cql-identifier`);
      return {
        label: a.label ?? a.display ?? a.citation ?? 'Source',
        ...(a.url ? { url: a.url } : {}),
        ...(condition ? { condition } : {}),
      };
    });
}

/**
 * Reads one PlanDefinition; problems are appended, never thrown, so a pack reports them all.
 *
 * @example
 * const problems: string[] = [];
 * const rule = readRule(planDefinition, problems); // undefined, with problems, when it cannot be read
 */
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
    actors: readActors(where, action, problems),
    overrideReasons,
    citations: readCitations(pd, where, problems),
    suggestions: readSuggestions(pd, action, problems),
    selectionBehavior: action.selectionBehavior === 'any' ? 'any' : 'at-most-one',
    placeholders: [...new Set([...placeholdersOf(action.title), ...placeholdersOf(detail)])],
  };
}

/** Every define a rule names: applicability, placeholders, priority, suggestion and citation conditions. */
export function definesOf(rule: Rule): string[] {
  return [
    rule.applicability,
    ...rule.placeholders,
    ...(rule.priorityExpression ? [rule.priorityExpression] : []),
    ...rule.suggestions.flatMap((s) => (s.condition ? [s.condition] : [])),
    ...rule.citations.flatMap((c) => (c.condition ? [c.condition] : [])),
  ];
}
