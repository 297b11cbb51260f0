/**
 * The app's RulesRunner: FHIR searches from the packs' data requirements (computed at build time, see
 * build/requirements.ts, so the page loads no ELM), and the rules themselves in the rules worker.
 *
 * @example
 * const runner = workerRulesRunner(['starter']);
 * runner.queries('p-13', new Date()); // ['Patient?_id=p-13', 'MedicationRequest?patient=p-13&...', ...]
 */
import type { DataRequirement } from './engine/data-requirements';
import { queriesFor } from '../fhir/requirement-queries';
import type { RulePackId } from '../config/rule-packs';
import starter from './packs/starter/requirements.json' with { type: 'json' };
import type { RulesRunner } from './worker-protocol';
import { RulesWorkerClient } from './worker-client';

const REQUIREMENTS: Record<RulePackId, DataRequirement[]> = {
  starter: starter as DataRequirement[],
};

/** Vite and the test runner both turn this `new URL(..., import.meta.url)` into the worker's bundle. */
export function createRulesWorker(): Worker {
  return new Worker(new URL('./rules.worker.ts', import.meta.url), {
    type: 'module',
    name: 'learning-loop-rules',
  });
}

export function workerRulesRunner(
  packs: readonly RulePackId[],
  client = new RulesWorkerClient(createRulesWorker),
): RulesRunner & { terminate(): void } {
  const requirements = packs.flatMap((id) => REQUIREMENTS[id]);
  return {
    queries: (patientId, now) => (requirements.length ? queriesFor(requirements, patientId, now) : []),
    run: (patientId, resources, now, placement) =>
      client.run(patientId, resources, now, { packs: [...packs], ...placement }),
    terminate: () => client.terminate(),
  };
}
