/**
 * The rules engine: DOM-free, so the same code runs in the rules Web Worker, in Node and in tests.
 * Load it lazily (a worker or a dynamic import): cql-execution and the FHIR model are the heaviest
 * part of the app.
 *
 * @example
 * const pack = (await import('../packs/starter/index')).starterPack;
 * const paths = queriesFor(packDataRequirements(pack), patientId, now);
 * const { cards, errors } = await runPack(pack, bundle, now, { unitTypes });
 */
export { runPack, DEFAULT_RULE_BUDGET_MS } from './run';
export type { RunOptions, RunResult, RunTimings, RuleRunError } from './run';
export {
  loadPack,
  PackError,
  readRule,
  LOOP_CANONICAL_BASE,
  OVERRIDE_REASON_EXTENSION,
  CITED_WHEN_EXTENSION,
} from './pack';
export type {
  Rule,
  RuleCitation,
  RulePack,
  PackFiles,
  RuleSuggestion,
  ValueSetCode,
  ValueSetExpansions,
} from './pack';
export { dataRequirements, packDataRequirements, since } from './data-requirements';
export type { DataRequirement, LookbackUnit } from './data-requirements';
export { queriesFor } from '../../fhir/requirement-queries';
export { sharedWrapper, BundlePatient } from './patient';
export type { RecordWrapper } from './patient';
