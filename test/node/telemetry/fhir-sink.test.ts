import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequester } from '../../../src/fhir/requester';
import { validateEvent, type LoopEvent } from '../../../src/telemetry/event';
import { fhirSink } from '../../../src/telemetry/sinks';

const events = (n: number): LoopEvent[] =>
  Array.from({ length: n }, (_, i) => {
    const checked = validateEvent({
      id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
      type: 'card-dismissed',
      at: '2026-03-01T10:00:00.000Z',
      session: '00000000-0000-4000-8000-00000000aaaa',
      app: '0.1.0',
      practitioner: 'Practitioner/p1',
      patient: 'Patient/x1',
      card: 'c-1',
      source: 'local:starter',
    });
    if (!('event' in checked)) throw new Error(checked.problems.join('; '));
    return checked.event;
  });

/** A FHIR sink over the app's requester, and what each request asked of fetch. */
function sink() {
  const sent: { keepalive: boolean; entries: number }[] = [];
  const request = createRequester({
    baseUrl: 'https://ehr.example/fhir',
    fetch: async (_url, init) => {
      const body = JSON.parse(String(init?.body)) as { entry: unknown[] };
      sent.push({ keepalive: init?.keepalive === true, entries: body.entry.length });
      return Response.json({ resourceType: 'Bundle', type: 'transaction-response', entry: [] });
    },
  });
  return { sink: fhirSink({ request }), sent };
}

describe('the FHIR sink as the page goes away', () => {
  it('sends a small transaction with keepalive, so it can outlive the page', async () => {
    const { sink: fhir, sent } = sink();
    assert.equal(fhir.keepalive, true);
    await fhir.deliver(events(2), { signal: new AbortController().signal, keepalive: true });
    assert.deepEqual(sent, [{ keepalive: true, entries: 2 }]);
  });

  it('sends a transaction over the 64 KiB keepalive limit without it, rather than not at all', async () => {
    const { sink: fhir, sent } = sink();
    await fhir.deliver(events(250), { signal: new AbortController().signal, keepalive: true });
    assert.deepEqual(sent, [{ keepalive: false, entries: 250 }]);
  });

  it('asks nothing of the page otherwise', async () => {
    const { sink: fhir, sent } = sink();
    await fhir.deliver(events(2), { signal: new AbortController().signal });
    assert.deepEqual(sent, [{ keepalive: false, entries: 2 }]);
  });
});
