/**
 * The rules worker: runs the enabled rule packs on one patient's record, off the main thread, so a
 * slow rule never stalls the EHR's page. Protocol in worker-client.ts (one answer per request id).
 * The engine and the packs load on the first request, never with the panel.
 */
import type { Bundle } from '@medplum/fhirtypes';
import type { PromptCard } from '../cds/cards';
import { runPack } from './engine/run';
import type { RulePack } from './engine/pack';
import { RULE_PACKS } from './packs/index';
import type { RulePackId } from '../config/rule-packs';
import type { RuleError, RunRequest, RunResponse } from './worker-protocol';
import { messageOf } from '../core/errors';

const loaded = new Map<string, Promise<RulePack>>();

function pack(id: string): Promise<RulePack> {
  const load = RULE_PACKS[id as RulePackId] as (() => Promise<RulePack>) | undefined;
  if (!load) return Promise.reject(new Error(`no rule pack "${id}" in this build`));
  let promise = loaded.get(id);
  if (!promise) loaded.set(id, (promise = load()));
  return promise;
}

async function run(request: RunRequest): Promise<RunResponse> {
  const now = new Date(request.now);
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'collection',
    entry: request.resources.map((resource) => ({ resource })),
  };
  const cards: PromptCard[] = [];
  const errors: RuleError[] = [];
  let ms = 0;
  for (const id of request.packs) {
    let rules: RulePack;
    try {
      rules = await pack(id);
    } catch (error) {
      errors.push({ rule: `pack ${id}`, message: messageOf(error) });
      continue;
    }
    const result = await runPack(rules, bundle, now, {
      ...(request.unitTypes ? { unitTypes: request.unitTypes } : {}),
      ...(request.encounterId ? { encounterId: request.encounterId } : {}),
    });
    ms += result.timings.totalMs;
    cards.push(...result.cards);
    errors.push(...result.errors.map(({ rule, message }) => ({ rule, message })));
  }
  return { id: request.id, cards, errors, ms };
}

self.addEventListener('message', (event: MessageEvent<RunRequest>) => {
  const request = event.data;
  // postMessage itself can throw (a card that cannot be cloned): that too is a failure to report.
  run(request)
    .then((response) => self.postMessage(response))
    .catch((error: unknown) =>
      self.postMessage({
        id: request.id,
        failure: messageOf(error),
      } satisfies RunResponse),
    );
});
