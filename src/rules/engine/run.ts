/**
 * Runs a rule pack on one patient: each PlanDefinition's applicability define is evaluated with
 * cql-execution over the patient's bundle, and each that is exactly `true` gives a card. A rule that
 * throws, or that takes longer than its budget, gives an error entry and no card; the other rules
 * still run. (JavaScript cannot interrupt a running rule: a runaway one is stopped by the worker
 * client's time limit, which terminates the worker.)
 *
 * Pure apart from the shared FHIR model wrapper: no DOM, no clock of its own (`now` is passed in), so it
 * runs the same in a Web Worker, in Node and in tests.
 *
 * @example
 * const { cards, errors } = await runPack(starterPack, bundle, new Date(), { unitTypes: ward.type?.flatMap(t => t.coding ?? []) });
 */
import type { Bundle, Coding } from '@medplum/fhirtypes';
import type { PromptCard } from '../../cds/cards';
import type { PatientContext } from 'cql-execution';
import { appliesToUnit, buildCard } from './card';
import type { CardContext } from './card';
import { contextsFor, evaluateDefine, parametersFor, prepare } from './evaluate';
import { resetDateTimeCache } from './parse-cache';
import { BundlePatient, sharedWrapper } from './patient';
import type { RecordWrapper } from './patient';
import { PRIORITIES } from './pack';
import type { Priority, Rule, RulePack } from './pack';
import { messageOf } from '../../core/errors';

export interface RunOptions {
  /**
   * The unit types of the patient's ward (its Location.type codings and what the config maps it to);
   * `[]` when the ward has none, undefined when the unit is unknown.
   */
  unitTypes?: Coding[];
  /** The current encounter, referenced by drafted orders. */
  encounterId?: string;
  /** Longest a rule may take, in ms (default 500): slower rules are reported, not shown. */
  ruleBudgetMs?: number;
  /** Milliseconds from an arbitrary origin, for timings (default `performance.now`). */
  clock?: () => number;
  /** Default: the process-wide cql-exec-fhir FHIR 4.0.1 wrapper (its model is built once). */
  wrapper?: RecordWrapper;
}

/** A rule that could not run: `rule` is its title (what the panel names), `url` its canonical. */
export interface RuleRunError {
  rule: string;
  url: string;
  message: string;
}

export interface RunTimings {
  /** Whole run, ms. */
  totalMs: number;
  /** Preparing the pack (first run only) and loading the patient, ms. */
  loadMs: number;
  /** Per rule id, ms. */
  rules: Record<string, number>;
}

export interface RunResult {
  cards: PromptCard[];
  errors: RuleRunError[];
  timings: RunTimings;
}

export const DEFAULT_RULE_BUDGET_MS = 500;

function describe(error: unknown): string {
  const text = messageOf(error);
  return text.replace(/\s+/g, ' ').trim();
}

function asPriority(value: unknown): Priority | undefined {
  return PRIORITIES.find((p) => p === value);
}

/**
 * Whether a rule may fire on this unit: a rule for all units always; a unit-limited one when the ward
 * is of one of its types, and also when the unit or its type is unknown (shown with a note: a prompt
 * with a caveat is safer than silence).
 */
function inPlay(rule: Rule, unitTypes: Coding[] | undefined): boolean {
  return !rule.venues.length || !unitTypes?.length || appliesToUnit(rule.venues, unitTypes);
}

function unitUnknown(rule: Rule, unitTypes: Coding[] | undefined): 'unit' | 'type' | undefined {
  if (!rule.venues.length) return undefined;
  return unitTypes === undefined ? 'unit' : unitTypes.length === 0 ? 'type' : undefined;
}

/** The rule's card for this patient, or undefined when its applicability define is not exactly true. */
async function evaluateRule(
  pack: RulePack,
  rule: Rule,
  ctx: PatientContext,
  cardContext: CardContext,
): Promise<PromptCard | undefined> {
  if ((await evaluateDefine(ctx, rule.applicability)) !== true) return undefined;
  const values: Record<string, unknown> = {};
  for (const name of rule.placeholders) values[name] = await evaluateDefine(ctx, name);
  const dynamic = rule.priorityExpression ? await evaluateDefine(ctx, rule.priorityExpression) : undefined;
  const offered = new Set<string>();
  for (const s of rule.suggestions)
    if (!s.condition || (await evaluateDefine(ctx, s.condition)) === true) offered.add(s.id);
  const citing = new Set<string>();
  for (const { condition } of rule.citations)
    if (condition && (await evaluateDefine(ctx, condition)) === true) citing.add(condition);
  const priority = asPriority(dynamic) ?? rule.priority;
  return buildCard(pack, rule, values, priority, { ...cardContext, offered, citing });
}

export async function runPack(
  pack: RulePack,
  bundle: Bundle,
  now: Date,
  options: RunOptions = {},
): Promise<RunResult> {
  const clock = options.clock ?? (() => performance.now());
  const budget = options.ruleBudgetMs ?? DEFAULT_RULE_BUDGET_MS;
  const started = clock();
  const timings: RunTimings = { totalMs: 0, loadMs: 0, rules: {} };
  const cards: PromptCard[] = [];
  const errors: RuleRunError[] = [];
  const failAll = (message: string) => {
    for (const rule of pack.rules) errors.push({ rule: rule.title, url: rule.url, message });
  };
  const done = (): RunResult => ({ cards, errors, timings: { ...timings, totalMs: clock() - started } });

  let context: ReturnType<typeof contextsFor>;
  let patientId: string;
  resetDateTimeCache();
  try {
    const prepared = prepare(pack);
    const patient = new BundlePatient(bundle, options.wrapper ?? sharedWrapper(), now);
    patientId = String(patient.getId());
    const resources = (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
    context = contextsFor(prepared, patient, now, parametersFor(pack, resources));
  } catch (error) {
    failAll(describe(error));
    return done();
  }
  timings.loadMs = clock() - started;

  for (const rule of pack.rules) {
    if (!inPlay(rule, options.unitTypes)) continue;
    const ruleStarted = clock();
    try {
      const ctx = context(rule.library);
      const card = await evaluateRule(pack, rule, ctx, {
        patientId,
        now,
        ...(options.encounterId ? { encounterId: options.encounterId } : {}),
        ...(unitUnknown(rule, options.unitTypes)
          ? { unitUnknown: unitUnknown(rule, options.unitTypes) }
          : {}),
      });
      const took = clock() - ruleStarted;
      timings.rules[rule.id] = took;
      if (took > budget) {
        errors.push({
          rule: rule.title,
          url: rule.url,
          message: `took ${Math.round(took)} ms, over its ${budget} ms budget`,
        });
      } else if (card) cards.push(card);
    } catch (error) {
      timings.rules[rule.id] = clock() - ruleStarted;
      errors.push({ rule: rule.title, url: rule.url, message: describe(error) });
    }
  }
  return done();
}
