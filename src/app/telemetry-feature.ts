/**
 * The interaction log, loaded after sign-in (its own chunk): the outbox, the sinks the config names
 * (plus CDS Hooks feedback when remote services are configured), the session's context on every
 * event, and `session-started` / `session-ended` (emitted by the pipeline as the page goes away).
 */
import { toUserId } from '../fhir/reference';
import type { LoopConfig } from '../config/schema';
import type { ContextModel } from '../context/context-model';
import type { SmartSession } from '../launch/session';
import { openOutbox, outboxName } from '../telemetry/outbox';
import { telemetrySetup } from '../telemetry/from-config';
import type { PromptsModel } from '../prompts/prompts-model';
import { cardEvent } from '../prompts/card-events';
import { Telemetry } from '../telemetry/telemetry';
import type { Subscription } from 'rxjs';

export const APP_VERSION = '0.1.0';

export async function createTelemetry(
  config: LoopConfig,
  session: SmartSession,
  context: ContextModel,
): Promise<Telemetry> {
  // The sinks, their privacy and the retention come from the config (src/telemetry/from-config.ts).
  const { sinks, options } = telemetrySetup(config, session);
  const telemetry = new Telemetry(await openOutbox(outboxName(session.iss)), sinks, {
    app: APP_VERSION,
    ...options,
    sessionEnd: true,
  });
  const practitioner = session.launch.fhirUser ? toUserId(session.launch.fhirUser) : undefined;
  const base = {
    patient: `Patient/${session.launch.patientId}`,
    ...(practitioner ? { practitioner } : {}),
    ...(session.launch.encounterId ? { encounter: `Encounter/${session.launch.encounterId}` } : {}),
  };
  telemetry.setContext(base);
  const subscription = context.snapshot$.subscribe((snapshot) => {
    const ward = snapshot?.unit?.status === 'known' ? snapshot.unit.ward.id : undefined;
    telemetry.setContext({ ...base, ...(ward ? { unit: `Location/${ward}` } : {}) });
  });
  telemetry.addTeardown(() => subscription.unsubscribe());
  telemetry.start();
  // What the granted scopes let features see only in part goes in the log too.
  const restricted = (session.featuresRestricted ?? []).flatMap((r) => r.scopes);
  telemetry.emit({
    type: 'session-started',
    ...(restricted.length ? { scopeRestrictions: restricted } : {}),
  });
  return telemetry;
}

/**
 * Every card fact of the prompts model (seen, details opened, link followed, and each response) becomes
 * an event; for remote cards, accept and override also become CDS Hooks feedback (the cds-feedback sink).
 */
export function logCardFacts(telemetry: Telemetry, prompts: PromptsModel): Subscription {
  return prompts.facts$.subscribe((fact) => telemetry.emit(cardEvent(fact)));
}
