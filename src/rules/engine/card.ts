/*
 * A rule's PlanDefinition plus its CQL results for one patient -> a CDS Hooks card. The drafted
 * resources follow the ActivityDefinition $apply mapping for the two kinds the packs use.
 */
import type {
  ActivityDefinition,
  Coding,
  MedicationRequest,
  Patient,
  Reference,
  Resource,
  ServiceRequest,
} from '@medplum/fhirtypes';
import { STANDARD_OVERRIDE_REASONS } from '../../cds/cards';
import type { Indicator, PromptCard, Suggestion } from '../../cds/cards';
import { clampSummary, fillPlaceholders } from './format';
import { LOOP_CANONICAL_BASE } from './pack';
import type { Priority, Rule, RulePack } from './pack';
import { uuidV5 } from './uuid';

export const RULE_TOPIC_SYSTEM = `${LOOP_CANONICAL_BASE}/CodeSystem/rule`;

const INDICATOR: Record<Priority, Indicator> = {
  routine: 'info',
  urgent: 'warning',
  asap: 'critical',
  stat: 'critical',
};

export function indicatorOf(priority: Priority): Indicator {
  return INDICATOR[priority];
}

export interface CardContext {
  patientId: string;
  now: Date;
  encounterId?: string;
  /**
   * The rule is meant for some unit types only, and here the patient's unit is not known (`unit`) or
   * the ward has no type the rules know (`type`): the card shows, and says so on its face.
   */
  unitUnknown?: 'unit' | 'type';
  /** Ids of the suggestions whose condition held (all when undefined). */
  offered?: ReadonlySet<string>;
  /** Conditions of conditional citations that held (unconditional ones are always cited). */
  citing?: ReadonlySet<string>;
}

/** The resource an ActivityDefinition describes, drafted for this patient (status draft). */
export function draftResource(activity: ActivityDefinition, ctx: CardContext): Resource {
  const subject: Reference<Patient> = { reference: `Patient/${ctx.patientId}` };
  const common = {
    status: 'draft' as const,
    intent:
      activity.intent === 'proposal' || activity.intent === 'plan' ? activity.intent : ('order' as const),
    subject,
    ...(ctx.encounterId ? { encounter: { reference: `Encounter/${ctx.encounterId}` } } : {}),
    authoredOn: ctx.now.toISOString(),
    ...(activity.priority ? { priority: activity.priority } : {}),
  };
  if (activity.kind === 'MedicationRequest') {
    const request: MedicationRequest = {
      resourceType: 'MedicationRequest',
      ...common,
      medicationCodeableConcept: activity.productCodeableConcept ?? { text: activity.title ?? 'medication' },
      ...(activity.dosage ? { dosageInstruction: activity.dosage } : {}),
    };
    return request;
  }
  const request: ServiceRequest = {
    resourceType: 'ServiceRequest',
    ...common,
    code: activity.code ?? { text: activity.title ?? 'service' },
  };
  return request;
}

/** Whether a ward with these Location type codings is one the rule is meant for. */
export function appliesToUnit(venues: readonly Coding[], unitTypes: readonly Coding[]): boolean {
  return venues.some((v) => unitTypes.some((t) => t.system === v.system && t.code === v.code));
}

/** Why a unit-limited prompt shows where its unit cannot be checked, in the words the panel shows. */
export function unitNote(rule: Rule, unknown: 'unit' | 'type'): string {
  const meantFor = rule.venueText ?? [...new Set(rule.venues.map((v) => v.display ?? v.code))].join(', ');
  const what = unknown === 'unit' ? "The patient's unit is unknown" : "The ward's unit type is not recorded";
  return `${what}: this prompt is meant for ${meantFor}. Check it applies here.`;
}

/**
 * Builds the card. Its uuid depends only on the rule's url and the patient, so the same prompt
 * keeps its uuid across launches (and across versions of the rule). It cites the rule's unconditional
 * sources and those whose condition held (`ctx.citing`), and names who may act (`actors`, from the
 * PlanDefinition's participants; absent when anyone may).
 *
 * @example
 * const card = buildCard(pack, rule, { 'Padua Score': 5 }, 'urgent', { patientId: 'p-001', now });
 */
export function buildCard(
  pack: RulePack,
  rule: Rule,
  values: Readonly<Record<string, unknown>>,
  priority: Priority,
  ctx: CardContext,
): PromptCard {
  const uuid = uuidV5(`${rule.url}|Patient/${ctx.patientId}`);
  const cited = rule.citations.filter((c) => !c.condition || ctx.citing?.has(c.condition));
  const [source] = cited;
  const offered = rule.suggestions.filter((s) => !ctx.offered || ctx.offered.has(s.id));
  const suggestions: Suggestion[] = offered.map((s) => ({
    uuid: uuidV5(`${uuid}|${s.id}`),
    label: s.label,
    isRecommended: s.recommended,
    actions: [{ type: 'create', description: s.label, resource: draftResource(s.activity, ctx) }],
  }));
  const detail = fillPlaceholders(rule.detail, values, { markdown: true });
  return {
    card: {
      uuid,
      summary: clampSummary(fillPlaceholders(rule.summary, values)),
      ...(detail ? { detail } : {}),
      indicator: indicatorOf(priority),
      source: {
        label: source?.label ?? pack.title,
        ...(source?.url ? { url: source.url } : {}),
        topic: { system: RULE_TOPIC_SYSTEM, code: rule.id, display: rule.title },
      },
      ...(suggestions.length ? { suggestions, selectionBehavior: rule.selectionBehavior } : {}),
      overrideReasons: [...STANDARD_OVERRIDE_REASONS, ...rule.overrideReasons],
      links: cited.flatMap((c) => (c.url ? [{ label: c.label, url: c.url, type: 'absolute' as const }] : [])),
    },
    origin: { kind: 'local', source: pack.id, rule: { url: rule.url, version: rule.version } },
    ...(ctx.unitUnknown ? { notes: [unitNote(rule, ctx.unitUnknown)] } : {}),
    ...(rule.actors.length ? { actors: rule.actors.map((c) => ({ ...c })) } : {}),
  };
}
