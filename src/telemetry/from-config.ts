/**
 * The interaction log's sinks and settings from the deployment config and the signed-in session:
 * which sinks run, which are configured but idle this launch (the FHIR sink when the EHR did not grant
 * `AuditEvent` create: it holds its place, and counts as refusing), and each sink's privacy.
 *
 * @example
 * const { sinks, options } = telemetrySetup(config, session);
 * const telemetry = new Telemetry(outbox, sinks, { app: '0.1.0', ...options });
 */
import type { LoopConfig } from '../config/schema';
import type { FhirRequester } from '../fhir/requester';
import { pseudonymKeySource } from './pseudonym-key';
import type { Sink } from './sink';
import { cdsFeedbackSink, fhirSink, ndjsonSink } from './sinks';
import type { TelemetryOptions } from './telemetry';

/** What the setup needs of the session (a SmartSession is one). */
export interface TelemetrySession {
  iss: string;
  request: FhirRequester;
  /** Features on and granted: `events` means the FHIR server accepts AuditEvents from us. */
  features: readonly string[];
}

export const FHIR_SINK_ID = 'fhir';
export const CDS_FEEDBACK_SINK_ID = 'cds-feedback';
export const ndjsonSinkId = (url: string) => `ndjson:${url}`;

export function telemetrySetup(
  config: LoopConfig,
  session: TelemetrySession,
): { sinks: Sink[]; options: Pick<TelemetryOptions, 'batchMs' | 'warnAfterMs' | 'retention' | 'idleSinks'> } {
  const sinks: Sink[] = [];
  const idleSinks: { id: string; why: string }[] = [];
  for (const sink of config.telemetry.sinks) {
    const privacy = {
      keepComments: sink.keepComments,
      ...(sink.pseudonymKeyUrl ? { pseudonymKey: pseudonymKeySource(sink.pseudonymKeyUrl, session) } : {}),
    };
    if (sink.type === 'ndjson')
      sinks.push(ndjsonSink({ id: ndjsonSinkId(sink.url), url: sink.url, ...privacy }));
    else if (session.features.includes('events'))
      sinks.push(fhirSink({ id: FHIR_SINK_ID, request: session.request, ...privacy }));
    else {
      console.warn('Learning Loop: the EHR did not grant AuditEvent create: no events go to its FHIR server');
      idleSinks.push({ id: FHIR_SINK_ID, why: 'the EHR did not grant AuditEvent create' });
    }
  }
  if (config.cdsServices.length)
    sinks.push(
      cdsFeedbackSink({
        id: CDS_FEEDBACK_SINK_ID,
        keepCommentsFor: config.cdsServices.filter((s) => s.keepComments).map((s) => s.base),
      }),
    );
  const { batchMs, warnAfterMs, retention } = config.telemetry;
  const defined = Object.fromEntries(Object.entries(retention).filter(([, value]) => value !== undefined));
  return { sinks, options: { batchMs, warnAfterMs, retention: defined, idleSinks } };
}
