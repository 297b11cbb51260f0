/**
 * The FHIR projection of an event (DESIGN.md): an R4 AuditEvent of type DCM 110100 "Application
 * Activity", subtype the event type from the project's code system, action E, agent the clinician,
 * entities the patient, the rule (PlanDefinition) and the card's details. R4's AuditEvent has no
 * identifier, so the event id travels as a `meta.tag`, and the write is a conditional create on it
 * (`ifNoneExist: _tag=...`): a retried batch creates nothing new.
 */
import type { AuditEvent, AuditEventEntity, Bundle } from '@medplum/fhirtypes';
import type { LoopEvent } from './event';

export const EVENT_TAG_SYSTEM = 'urn:learning-loop:event';
export const EVENT_TYPE_SYSTEM = 'https://learning-loop.example.org/fhir/CodeSystem/event-type';
const DETAIL_TYPE = 'https://learning-loop.example.org/fhir/CodeSystem/event-detail';

function detail(type: string, value: string | number | undefined) {
  return value === undefined ? [] : [{ type, valueString: String(value) }];
}

/** A pseudonym is not a resource on the server: it goes in as an identifier, not a reference. */
const PSEUDONYM_SYSTEM = 'urn:learning-loop:pseudonym';
const who = (reference: string, pseudonymous: boolean) =>
  pseudonymous ? { identifier: { system: PSEUDONYM_SYSTEM, value: reference } } : { reference };

export function toAuditEvent(event: LoopEvent, options: { pseudonymous?: boolean } = {}): AuditEvent {
  const pseudonymous = options.pseudonymous === true;
  const entities: AuditEventEntity[] = [];
  if (event.patient)
    entities.push({
      what: who(event.patient, pseudonymous),
      type: {
        system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
        code: '1',
        display: 'Person',
      },
      role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' },
    });
  const details = [
    ...detail('card', event.card),
    ...detail('suggestion', event.suggestion),
    ...detail('indicator', event.indicator),
    ...detail('source', event.source),
    ...detail('session', event.session),
    ...detail('encounter', event.encounter),
    ...detail('unit', event.unit),
    ...detail(
      'overrideReason',
      event.overrideReason ? `${event.overrideReason.system ?? ''}|${event.overrideReason.code}` : undefined,
    ),
    ...detail('userComment', event.userComment),
    ...detail('visibleMs', event.visibleMs),
    ...detail('latencyMs', event.latencyMs),
    ...detail('url', event.url),
    ...(event.scopeRestrictions ?? []).flatMap((scope) => detail('scopeRestriction', scope)),
    ...detail('measure', event.measure?.url),
    ...detail('measureMonth', event.measure?.month),
    ...detail('droppedCount', event.dropped?.count),
    ...detail('droppedReason', event.dropped?.reason),
    ...detail('droppedFrom', event.dropped?.from),
    ...detail('droppedTo', event.dropped?.to),
    ...detail('droppedSink', event.dropped?.sink),
  ];
  entities.push({
    // A canonical is not a resolvable reference: the rule goes in as an identifier.
    ...(event.rule
      ? {
          what: {
            identifier: { system: 'urn:ietf:rfc:3986', value: event.rule.url },
            display: `PlanDefinition ${event.rule.url}|${event.rule.version}`,
          },
        }
      : {}),
    type: {
      system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
      code: '2',
      display: 'System Object',
    },
    name: event.id,
    description: DETAIL_TYPE,
    ...(details.length ? { detail: details } : {}),
  });
  return {
    resourceType: 'AuditEvent',
    meta: { tag: [{ system: EVENT_TAG_SYSTEM, code: event.id }] },
    type: {
      system: 'http://dicom.nema.org/resources/ontology/DCM',
      code: '110100',
      display: 'Application Activity',
    },
    subtype: [{ system: EVENT_TYPE_SYSTEM, code: event.type }],
    action: 'E',
    recorded: event.at,
    outcome: '0',
    agent: [
      {
        ...(event.practitioner
          ? { who: who(event.practitioner, pseudonymous) }
          : { who: { display: 'unknown user' } }),
        requestor: true,
      },
    ],
    source: {
      observer: { display: `Learning Loop ${event.app}` },
      type: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/security-source-type',
          code: '4',
          display: 'Application Server',
        },
      ],
    },
    entity: entities,
  };
}

/** A transaction of conditional creates: each AuditEvent only if none has its event tag yet. */
export function auditTransaction(
  events: readonly LoopEvent[],
  options: { pseudonymous?: boolean } = {},
): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: events.map((event) => ({
      fullUrl: `urn:uuid:${event.id}`,
      resource: toAuditEvent(event, options),
      request: { method: 'POST', url: 'AuditEvent', ifNoneExist: `_tag=${EVENT_TAG_SYSTEM}|${event.id}` },
    })),
  };
}
