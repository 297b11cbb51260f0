/**
 * The simulator's interaction log as the EHR keeps it: the FHIR sink's AuditEvents (src/telemetry/
 * audit-event.ts), read back as canonical events for the uptake measures. The simulator's NDJSON sink
 * pseudonymises the clinician (a keyed hash), so a clinician's own uptake can only come from the EHR's
 * audit trail, which names them. Only the fields the uptake metrics read come back.
 *
 * @example
 * const events = auditEvents.flatMap((a) => canonicalOf(a) ?? []);
 */
import type { AuditEvent } from '@medplum/fhirtypes';
import { EVENT_TAG_SYSTEM, EVENT_TYPE_SYSTEM } from '../../src/telemetry/audit-event';

/** A canonical event (src/telemetry/event.ts) with the fields an AuditEvent carries back. */
export interface LoggedEvent {
  id: string;
  type: string;
  at: string;
  session?: string;
  app?: string;
  practitioner?: string;
  patient?: string;
  encounter?: string;
  unit?: string;
  rule?: { url: string; version: string };
  card?: string;
  suggestion?: string;
  indicator?: string;
  source?: string;
  overrideReason?: { system?: string; code: string };
  visibleMs?: number;
}

/**
 * The canonical event of one of our AuditEvents; undefined for an AuditEvent that is not ours (no
 * event tag or type) or names its people by pseudonym only.
 *
 * @example
 * canonicalOf(toAuditEvent(event))?.practitioner === event.practitioner; // true
 */
export function canonicalOf(audit: AuditEvent): LoggedEvent | undefined {
  const id = audit.meta?.tag?.find((t) => t.system === EVENT_TAG_SYSTEM)?.code;
  const type = audit.subtype?.find((s) => s.system === EVENT_TYPE_SYSTEM)?.code;
  if (!id || !type || !audit.recorded) return undefined;
  const patient = audit.entity?.find((e) => e.role?.code === '1')?.what?.reference;
  const system = audit.entity?.find((e) => e.name === id);
  const detail = (name: string) => system?.detail?.find((d) => d.type === name)?.valueString;
  const rule = /^PlanDefinition (.+)\|([^|]*)$/.exec(system?.what?.display ?? '');
  const reason = detail('overrideReason');
  const cut = reason?.lastIndexOf('|') ?? -1;
  const visibleMs = Number(detail('visibleMs'));
  const fields = {
    session: detail('session'),
    app: audit.source?.observer?.display?.replace(/^Learning Loop /, ''),
    practitioner: audit.agent?.[0]?.who?.reference,
    patient,
    encounter: detail('encounter'),
    unit: detail('unit'),
    card: detail('card'),
    suggestion: detail('suggestion'),
    indicator: detail('indicator'),
    source: detail('source'),
  };
  return {
    id,
    type,
    at: audit.recorded,
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
    ...(rule?.[1] && rule[2] !== undefined ? { rule: { url: rule[1], version: rule[2] } } : {}),
    ...(reason
      ? {
          overrideReason:
            cut > 0
              ? { system: reason.slice(0, cut), code: reason.slice(cut + 1) }
              : { code: reason.slice(cut + 1) },
        }
      : {}),
    ...(Number.isFinite(visibleMs) && detail('visibleMs') !== undefined ? { visibleMs } : {}),
  };
}
