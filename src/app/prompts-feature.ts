/**
 * The prompts feature, loaded only when it is on and only after the panel shell: local rules (in the
 * rules worker) and remote CDS Hooks services for the launched patient, and the clinician's answers
 * sent back to the service of a remote card. Its own chunk: the card elements, Markdown and the CDS
 * client stay out of the initial bundle.
 */
import type { Coding, Resource } from '@medplum/fhirtypes';
import { filter, firstValueFrom } from 'rxjs';
import { toUserId } from '../fhir/reference';
import { fetchRemoteCards } from '../cds/remote-cards';
import type { LoopConfig } from '../config/schema';
import type { ContextModel } from '../context/context-model';
import type { ContextSnapshot } from '../context/loader';
import { unitTypesOf } from '../context/unit-types';
import { scratchpadCreate } from '../launch/scratchpad';
import { webMessagingFrom } from '../launch/web-messaging';
import type { SmartSession } from '../launch/session';
import { PromptsModel, type PromptsInput } from '../prompts/prompts-model';
import type { Placement } from '../rules/worker-protocol';
import { indexedDbSnoozes } from '../prompts/snooze-store';
import { workerRulesRunner } from '../rules/worker-runner';
import '../ui/loop-card-list/loop-card-list';

export interface PromptsFeature {
  model: PromptsModel;
  /** Evaluates the launched patient; resolves when the local cards are shown (remote ones may follow). */
  start(now: Date): Promise<void>;
  dispose(): void;
}

/** The unit's types and the encounter, once the context has them; rejects when the context failed. */
async function placementFrom(context: ContextModel, session: SmartSession): Promise<Placement> {
  const state = await firstValueFrom(
    context.state$.pipe(filter((s) => s.status === 'ready' || s.status === 'error')),
  );
  if (!state.snapshot) throw new Error('the patient context could not be loaded');
  const unit = state.snapshot.unit;
  // A known ward with no type the rules know gives [] (unit type unknown); no unit gives undefined.
  const unitTypes: Coding[] | undefined =
    unit?.status === 'known' ? unitTypesOf(unit.ward, session.ehr.unitTypes) : undefined;
  const encounterId = state.snapshot.encounter?.id ?? session.launch.encounterId;
  return { ...(unitTypes ? { unitTypes } : {}), ...(encounterId ? { encounterId } : {}) };
}

/** What the CDS services may receive as prefetch: only what the context already loaded. */
function availableFrom(snapshot: ContextSnapshot, patientId: string, encounterId: string | undefined) {
  const available = new Map<string, unknown>();
  const patient = snapshot.index.resolve(`Patient/${patientId}`, 'Patient');
  if (patient) available.set(`Patient/${patientId}`, patient);
  const encounter = encounterId ? snapshot.index.resolve(`Encounter/${encounterId}`, 'Encounter') : undefined;
  if (encounter) available.set(`Encounter/${encounterId}`, encounter);
  return available;
}

export function createPromptsFeature(
  config: LoopConfig,
  session: SmartSession,
  context: ContextModel,
): PromptsFeature {
  const runner = workerRulesRunner(config.rulePacks);
  const messaging = webMessagingFrom(session.messaging);
  const model = new PromptsModel(runner, indexedDbSnoozes(), {
    canCreate: session.features.includes('orders'),
    // Where the EHR offers SMART Web Messaging, orders go to its scratchpad for the clinician to sign.
    ...(messaging ? { handOff: (resource: Resource) => scratchpadCreate(messaging, resource) } : {}),
  });
  const patientId = session.launch.patientId;
  const controller = new AbortController();

  // CDS Hooks feedback on accept and override goes through the interaction log's cds-feedback sink.

  async function remoteCards(input: PromptsInput): Promise<void> {
    if (!config.cdsServices.length) return;
    const encounterId = (await input.placement.catch(() => ({}) as Placement)).encounterId;
    const snapshot = context.state.snapshot;
    const userId = session.launch.fhirUser ? toUserId(session.launch.fhirUser) : undefined;
    if (!snapshot || !userId) return;
    const result = await fetchRemoteCards(
      { services: config.cdsServices },
      { userId, patientId, ...(encounterId ? { encounterId } : {}) },
      availableFrom(snapshot, patientId, encounterId),
      { signal: controller.signal },
    );
    model.addRemote(
      input,
      result.cards,
      result.errors.map((e) => ({ rule: e.service, message: e.message })),
    );
  }

  return {
    model,
    async start(now) {
      const placement = placementFrom(context, session);
      const input: PromptsInput = { request: session.request, scope: session.iss, patientId, now, placement };
      const local = model.evaluate(input);
      void remoteCards(input).catch((error: unknown) =>
        console.warn('Learning Loop: remote CDS failed', error),
      );
      await local;
    },
    dispose() {
      controller.abort();
      runner.terminate();
      model.finalize();
    },
  };
}
