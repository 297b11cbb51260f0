/**
 * runPack as the rule tests call it: with a time budget per rule that no loaded machine reaches. The
 * product's 500 ms budget drops a slow rule's card, which is right at the bedside; in a test, a cold
 * start on two busy cores once took the opioid MME rule past it, and its card went missing from a test
 * about something else (engine.test.ts). The budget itself is tested on a clock of its own.
 */
import type { Bundle } from '@medplum/fhirtypes';
import { runPack as run, type RunOptions, type RunResult } from '../../../src/rules/engine/run';
import type { RulePack } from '../../../src/rules/engine/pack';

export const TEST_RULE_BUDGET_MS = 60_000;

export function runPack(
  pack: RulePack,
  bundle: Bundle,
  now: Date,
  options: RunOptions = {},
): Promise<RunResult> {
  return run(pack, bundle, now, { ruleBudgetMs: TEST_RULE_BUDGET_MS, ...options });
}
