/**
 * The interaction log, loaded after sign-in (its own chunk): the outbox, the sinks the config names
 * (plus CDS Hooks feedback when remote services are configured), the session's context on every
 * event, and `session-started` / `session-ended`.
 */
import { toUserId } from '../fhir/reference';
import type { LoopConfig } from '../config/schema';
import type { ContextModel } from '../context/context-model';
import type { SmartSession } from '../launch/session';
import { openOutbox, outboxName } from '../telemetry/outbox';
import { cdsFeedbackSink, fhirSink, ndjsonSink } from '../telemetry/sinks';
import type { Sink } from '../telemetry/sink';
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
  const sinks: Sink[] = [];
  for (const sink of config.telemetry.sinks) {
    const privacy = {
      ...(sink.pseudonymKey ? { pseudonymKey: sink.pseudonymKey } : {}),
      dropComments: sink.dropComments,
    };
    if (sink.type === 'ndjson') sinks.push(ndjsonSink({ url: sink.url, ...privacy }));
    else if (session.features.includes('events'))
      sinks.push(fhirSink({ request: session.request, ...privacy }));
    else
      console.warn('Learning Loop: the EHR did not grant user/AuditEvent.c: no events go to its FHIR server');
  }
  if (config.cdsServices.length) sinks.push(cdsFeedbackSink());
  const telemetry = new Telemetry(await openOutbox(outboxName(session.iss)), sinks, {
    app: APP_VERSION,
    batchMs: config.telemetry.batchMs,
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
  // Registered before the pipeline's own pagehide flush, so the last event goes out with it.
  const ended = () => telemetry.emit({ type: 'session-ended' });
  globalThis.addEventListener?.('pagehide', ended);
  telemetry.addTeardown(() => {
    subscription.unsubscribe();
    globalThis.removeEventListener?.('pagehide', ended);
  });
  telemetry.start();
  telemetry.emit({ type: 'session-started' });
  return telemetry;
}

/**
 * Every card fact of the prompts model (seen, details opened, link followed, and each response) becomes
 * an event; for remote cards, accept and override also become CDS Hooks feedback (the cds-feedback sink).
 */
export function logCardFacts(telemetry: Telemetry, prompts: PromptsModel): Subscription {
  return prompts.facts$.subscribe((fact) => telemetry.emit(cardEvent(fact)));
}
