/*
 * The FHIR sink against a FHIR server the project did not write (Medplum's router, started on
 * 127.0.0.1, validating every write): each kind of event becomes an AuditEvent it accepts, batches go
 * in transactions, and a retried batch creates nothing new.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Bundle } from '@medplum/fhirtypes';
import { fetchRequester } from '../../src/fhir/requester';
import { EVENT_TAG_SYSTEM } from '../../src/telemetry/audit-event';
import { EVENT_TYPES, validateEvent, type LoopEvent } from '../../src/telemetry/event';
import { fhirSink } from '../../src/telemetry/sinks';
import { startRealFhirServer, type RealFhirServer } from './real-fhir-server';

let server: RealFhirServer;
before(async () => {
  server = await startRealFhirServer([
    { resourceType: 'Patient', id: 'p-1', name: [{ family: 'Test' }] },
    { resourceType: 'Practitioner', id: 'pr-1' },
  ]);
});
after(() => server.stop());

const session = randomUUID();

/** One valid event of each type, with every field its type may carry. */
function eventsOfEveryType(): LoopEvent[] {
  return EVENT_TYPES.map((type, i) => {
    const card = type.startsWith('card-') || type === 'link-opened' || type === 'suggestion-accepted';
    const candidate = {
      id: randomUUID(),
      type,
      at: new Date(Date.UTC(2026, 10, 26, 8, 0, i)).toISOString(),
      session,
      app: '0.1.0',
      practitioner: 'Practitioner/pr-1',
      patient: 'Patient/p-1',
      encounter: 'Encounter/enc-1',
      unit: 'Location/ward-4b',
      ...(card
        ? {
            card: randomUUID(),
            source: 'local:starter',
            indicator: 'warning',
            rule: { url: 'https://learning-loop.example.org/fhir/PlanDefinition/aki', version: '1.0.0' },
          }
        : {}),
      ...(type === 'card-shown' ? { visibleMs: 1200, latencyMs: 340 } : {}),
      ...(type === 'link-opened' ? { url: 'https://kdigo.org/guidelines/acute-kidney-injury/' } : {}),
      ...(type === 'suggestion-accepted' ? { suggestion: randomUUID() } : {}),
      ...(type === 'card-overridden'
        ? {
            overrideReason: {
              system: 'http://terminology.hl7.org/CodeSystem/non-adherence-reason-codes',
              code: 'cds-not-applicable',
              display: 'Not applicable to this patient',
            },
            userComment: 'Creatinine rise explained by contrast <script>alert(1)</script>',
          }
        : {}),
    };
    const checked = validateEvent(candidate);
    if ('problems' in checked) throw new Error(`${type}: ${checked.problems.join('; ')}`);
    return checked.event;
  });
}

async function storedTags(): Promise<string[]> {
  const response = await fetch(`${server.baseUrl}/AuditEvent?_count=1000`);
  const bundle = (await response.json()) as Bundle;
  return (bundle.entry ?? []).flatMap((e) =>
    (e.resource?.meta?.tag ?? []).filter((t) => t.system === EVENT_TAG_SYSTEM).map((t) => t.code ?? ''),
  );
}

describe('FHIR sink against a real FHIR server (Medplum, validating)', () => {
  it('accepts an AuditEvent for every event type, and a retried batch creates nothing new', async () => {
    const sink = fhirSink({ request: fetchRequester(server.baseUrl) });
    const events = eventsOfEveryType();
    const signal = new AbortController().signal;
    await sink.deliver(events, { signal });
    await sink.deliver(events, { signal }); // the answer was lost: the outbox sends it again
    await sink.deliver(events.slice(0, 3), { signal });
    const tags = await storedTags();
    assert.equal(tags.length, events.length, `stored ${tags.length} for ${events.length} events`);
    assert.deepEqual([...tags].sort(), events.map((e) => e.id).sort());
  });

  it('a pseudonymising sink stores no real patient or practitioner id', async () => {
    const sink = fhirSink({
      request: fetchRequester(server.baseUrl),
      pseudonymKey: 'a-key-of-sixteen-chars',
      dropComments: true,
    });
    const [event] = eventsOfEveryType().filter((e) => e.type === 'card-overridden');
    assert.ok(event);
    await sink.deliver([event], { signal: new AbortController().signal });
    const response = await fetch(`${server.baseUrl}/AuditEvent?_tag=${EVENT_TAG_SYSTEM}|${event.id}`);
    const stored = JSON.stringify(await response.json());
    assert.doesNotMatch(stored, /Patient\/p-1|Practitioner\/pr-1/);
    assert.match(stored, /Patient\/[0-9a-f]{64}/);
    assert.doesNotMatch(stored, /Creatinine rise explained/);
  });
});
