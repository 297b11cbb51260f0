/**
 * The prompts feature, loaded only when it is on and only after the panel shell: local rules (in the
 * rules worker) and remote CDS Hooks services for the launched patient, and the clinician's answers
 * sent back to the service of a remote card. Its own chunk: the card elements, Markdown and the CDS
 * client stay out of the initial bundle.
 */
import type { Coding, PractitionerRole, Resource } from '@medplum/fhirtypes';
import { filter, firstValueFrom } from 'rxjs';
import { parseReference, toUserId } from '../fhir/reference';
import { fetchRemoteCards } from '../cds/remote-cards';
import type { LoopConfig } from '../config/schema';
import type { ContextModel } from '../context/context-model';
import type { ContextSnapshot } from '../context/loader';
import { unitTypesOf } from '../context/unit-types';
import { scratchpadCreate } from '../launch/scratchpad';
import { webMessagingFrom } from '../launch/web-messaging';
import type { SmartSession } from '../launch/session';
import { PromptsModel, type PromptsInput } from '../prompts/prompts-model';
import type { Placement, RuleError } from '../rules/worker-protocol';
import { indexedDbResponses } from '../prompts/response-store';
import { workerRulesRunner } from '../rules/worker-runner';
import '../ui/loop-card-list/loop-card-list';

export interface PromptsFeature {
  model: PromptsModel;
  /** Evaluates the launched patient; resolves when the local cards are shown (remote ones may follow). */
  start(now: Date): Promise<void>;
  dispose(): void;
}

/** The context once it has loaded or failed; rejects when it has no snapshot. */
async function loadedSnapshot(context: ContextModel): Promise<ContextSnapshot> {
  const state = await firstValueFrom(
    context.state$.pipe(filter((s) => s.status === 'ready' || s.status === 'error')),
  );
  if (!state.snapshot) throw new Error('the patient context could not be loaded');
  return state.snapshot;
}

/** The unit's types and the encounter, once the context has them; rejects when the context failed. */
async function placementFrom(context: ContextModel, session: SmartSession): Promise<Placement> {
  const snapshot = await loadedSnapshot(context);
  const unit = snapshot.unit;
  // A known ward with no type the rules know gives [] (unit type unknown); no unit gives undefined.
  const unitTypes: Coding[] | undefined =
    unit?.status === 'known' ? unitTypesOf(unit.ward, session.ehr.unitTypes) : undefined;
  const encounterId = snapshot.encounter?.id ?? session.launch.encounterId;
  return { ...(unitTypes ? { unitTypes } : {}), ...(encounterId ? { encounterId } : {}) };
}

/**
 * The signed-in clinician's PractitionerRole codings (who may act on which prompt); undefined when
 * the EHR gave no role, which the prompts treat as "may not order" (information only).
 */
async function rolesFrom(
  context: ContextModel,
  practitioner: string | undefined,
): Promise<Coding[] | undefined> {
  if (!practitioner) return undefined;
  const snapshot = await loadedSnapshot(context);
  const isMine = (role: PractitionerRole) => {
    const of = parseReference(role.practitioner?.reference);
    return (
      practitioner === `PractitionerRole/${role.id}` ||
      (of !== undefined && practitioner === `Practitioner/${of.id}`)
    );
  };
  const mine = snapshot.index.all<PractitionerRole>('PractitionerRole').filter(isMine);
  const codes = mine.flatMap((r) => (r.code ?? []).flatMap((c) => c.coding ?? []));
  return codes.length ? codes : undefined;
}

/**
 * The configured CDS services, not called because CDS Hooks needs the clinician (userId), and why
 * there is none: one line for all of them, with what the informatics team can do.
 */
function notAskedWithoutUser(config: LoopConfig, session: SmartSession): RuleError {
  const names = config.cdsServices.map((s) => s.ids?.join(', ') || new URL(s.base).host);
  const fhirUser = session.launch.fhirUser;
  // The clinician and feedback features ask the EHR for the signed-in user ("openid fhirUser").
  const asked = [...session.features, ...session.featuresOff.map((f) => f.feature)].some(
    (f) => f === 'clinician' || f === 'feedback',
  );
  const why = fhirUser
    ? `the EHR named the signed-in user as a ${parseReference(fhirUser)?.type ?? 'resource'}, not a Practitioner, Patient or RelatedPerson`
    : asked
      ? 'the EHR did not say who is signed in. Ask your EHR administrator to grant Learning Loop the "openid fhirUser" scopes'
      : 'this configuration does not ask the EHR who is signed in. Turn on the clinician feature, which asks for "openid fhirUser"';
  return {
    rule: names.join(', '),
    message: 'not called: CDS Hooks requires the userId, and the launch gave no usable fhirUser',
    notAsked: why,
  };
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
  const canCreate = session.features.includes('orders');
  const model = new PromptsModel(runner, indexedDbResponses(), {
    canCreate,
    // Where the EHR offers SMART Web Messaging, orders go to its scratchpad for the clinician to sign.
    ...(messaging ? { handOff: (resource: Resource) => scratchpadCreate(messaging, resource) } : {}),
    // Our own drafts awaiting signature are found on the FHIR server (the orders scopes read them).
    findDrafts: canCreate && !messaging,
    draftTypes: config.prompts.draftTypes,
    overridePolicy:
      config.prompts.overrideFor === 'until-data-changes'
        ? 'until-data-changes'
        : { forMs: config.prompts.overrideFor * 3_600_000 },
  });
  const practitioner = session.launch.fhirUser ? toUserId(session.launch.fhirUser) : undefined;
  const patientId = session.launch.patientId;
  const controller = new AbortController();

  // CDS Hooks feedback on accept and override goes through the interaction log's cds-feedback sink.

  async function remoteCards(input: PromptsInput): Promise<void> {
    if (!config.cdsServices.length) return;
    const encounterId = (await input.placement.catch(() => ({}) as Placement)).encounterId;
    const snapshot = context.state.snapshot;
    const userId = practitioner;
    if (!snapshot) return;
    // CDS Hooks needs the clinician (userId): said, not skipped unseen, when the EHR gave no fhirUser.
    if (!userId) {
      model.addRemote(input, [], [notAskedWithoutUser(config, session)]);
      return;
    }
    const result = await fetchRemoteCards(
      { services: config.cdsServices },
      { userId, patientId, ...(encounterId ? { encounterId } : {}) },
      availableFrom(snapshot, patientId, encounterId),
      { signal: controller.signal },
    );
    model.addRemote(
      input,
      result.cards,
      result.errors.map((e) => ({
        rule: e.service,
        message: e.message,
        ...(e.unreadable ? { unreadable: e.unreadable } : {}),
      })),
    );
  }

  return {
    model,
    async start(now) {
      const placement = placementFrom(context, session);
      const input: PromptsInput = {
        request: session.request,
        scope: session.iss,
        patientId,
        ...(practitioner ? { practitioner } : {}),
        roles: rolesFrom(context, practitioner),
        now,
        placement,
      };
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
