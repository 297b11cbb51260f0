import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setupServer } from 'msw/node';
import type { CdsMockLog } from '../../../mocks/cds/handlers';
import { CDS_SIM_BASE, CDS_SIM_SERVICE_ID } from '../../../mocks/cds/options';
import { buildPatientViewRequest, callService } from '../../../src/cds/call';
import { CdsError } from '../../../src/cds/errors';
import type { CdsHookRequest } from '../../../src/cds/types';
import { available, context, fluService, serveCds, state, timed } from './helpers';

const server = setupServer();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const token = {
  access_token: 'secret',
  token_type: 'Bearer' as const,
  expires_in: 300,
  scope: 'patient/Patient.rs',
  subject: 'cds-client',
};
let log: CdsMockLog;

function request(): CdsHookRequest {
  return buildPatientViewRequest(fluService, context, available).request;
}

async function failure(promise: Promise<unknown>): Promise<CdsError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof CdsError, `expected a CdsError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

describe('calling a patient-view service', () => {
  before(() => server.listen({ onUnhandledRequest: 'error' }));
  after(() => server.close());
  beforeEach(() => {
    log = serveCds(server);
  });

  it('sends hook, a fresh hookInstance, the context and the prefetch, and no FHIR access by default', async () => {
    const built = buildPatientViewRequest(
      {
        ...fluService,
        prefetch: {
          patient: 'Patient/{{context.patientId}}',
          meds: 'MedicationRequest?patient={{context.patientId}}',
        },
      },
      context,
      available,
      { fhir: { fhirServer: 'https://ehr.example/fhir', authorization: () => token } },
    );
    assert.deepEqual(built.omitted, ['meds']);
    await callService(fluService, built.request);
    const sent = log.calls[0] as Record<string, unknown>;
    assert.match(String(sent.hookInstance), UUID);
    assert.deepEqual(sent, {
      hook: 'patient-view',
      hookInstance: sent.hookInstance,
      context: { userId: 'Practitioner/pr-1', patientId: 'p-1', encounterId: 'enc-1' },
      prefetch: { patient: available.get('Patient/p-1') },
    });
    assert.notEqual(request().hookInstance, request().hookInstance);
  });

  it('shares fhirServer and fhirAuthorization only when opted in', () => {
    const { request: shared } = buildPatientViewRequest(fluService, context, available, {
      shareFhirAuthorization: true,
      fhir: { fhirServer: 'https://ehr.example/fhir', authorization: () => token },
    });
    assert.equal(shared.fhirServer, 'https://ehr.example/fhir');
    assert.deepEqual(shared.fhirAuthorization, token);
  });

  it('leaves out encounterId and an empty prefetch', () => {
    const { request: bare } = buildPatientViewRequest(
      fluService,
      { userId: 'Practitioner/pr-1', patientId: 'p-9' },
      available,
    );
    assert.deepEqual(Object.keys(bare).sort(), ['context', 'hook', 'hookInstance']);
    assert.deepEqual(bare.context, { userId: 'Practitioner/pr-1', patientId: 'p-9' });
  });

  it('returns the card as a remote prompt with its origin', async () => {
    const prompts = await callService(fluService, request());
    assert.equal(prompts.length, 1);
    const [prompt] = prompts;
    assert.deepEqual(prompt?.origin, {
      kind: 'remote',
      source: CDS_SIM_SERVICE_ID,
      serviceBase: CDS_SIM_BASE,
    });
    assert.equal(prompt?.card.summary, 'Consider influenza vaccination');
    assert.equal(prompt?.card.indicator, 'info');
    assert.equal(prompt?.card.selectionBehavior, 'at-most-one');
    assert.equal(prompt?.card.suggestions?.[0]?.actions?.[0]?.resource?.resourceType, 'ServiceRequest');
    assert.deepEqual(prompt?.card.links, [
      { label: 'CDC: influenza vaccination', url: 'https://www.cdc.gov/flu/', type: 'absolute' },
    ]);
  });

  it('returns no card for a patient the service has nothing for', async () => {
    state.patients = ['someone-else'];
    assert.deepEqual(await callService(fluService, request()), []);
  });

  it('drops invalid cards and keeps the valid one', async () => {
    state.flags = { failure: 'invalid-cards' };
    const dropped: unknown[] = [];
    const prompts = await callService(fluService, request(), { onDropped: (_, d) => dropped.push(...d) });
    assert.deepEqual(
      prompts.map((p) => p.card.summary),
      ['Consider influenza vaccination'],
    );
    assert.equal(dropped.length, 5);
  });

  it('passes hostile text through unchanged but drops javascript: and data: links', async () => {
    state.flags = { failure: 'hostile' };
    const prompts = await callService(fluService, request());
    const hostile = prompts.find((p) => p.card.indicator === 'warning')?.card;
    assert.ok(hostile);
    assert.equal(hostile.summary, '<script>alert("summary")</script>Check renal dosing');
    assert.match(hostile.detail ?? '', /onerror="alert\('detail'\)".*javascript:alert\(1\)/);
    assert.equal(hostile.source.label, '<b onmouseover="alert(1)">Evil</b> source');
    assert.equal(hostile.source.url, undefined, 'a javascript: source url is dropped');
    assert.deepEqual(hostile.links, [
      { label: 'Safe link', url: 'https://example.org/renal', type: 'absolute' },
    ]);
  });

  it('answers 412 when the patient was not prefetched, as a typed http error', async () => {
    const { request: bare } = buildPatientViewRequest(fluService, context, new Map());
    const error = await failure(callService(fluService, bare));
    assert.equal(error.kind, 'http');
    assert.equal(error.status, 412);
  });

  it('turns a 500 into an http error', async () => {
    state.flags = { failure: 'error-500' };
    const error = await failure(callService(fluService, request()));
    assert.deepEqual([error.kind, error.status], ['http', 500]);
  });

  it('turns a body that is not JSON, or JSON without cards, into a malformed error', async () => {
    state.flags = { failure: 'malformed' };
    assert.equal((await failure(callService(fluService, request()))).kind, 'malformed');
    state.flags = { failure: 'wrong-shape' };
    assert.equal((await failure(callService(fluService, request()))).kind, 'malformed');
  });

  it('times out a hanging service at timeoutMs', async () => {
    state.flags = { failure: 'hang' };
    const { ms, value } = await timed(() => failure(callService(fluService, request(), { timeoutMs: 150 })));
    assert.equal(value.kind, 'timeout');
    assert.ok(ms >= 140 && ms < 150 + 250, `took ${ms} ms`);
  });

  it('stops when the caller aborts', async () => {
    state.flags = { failure: 'hang' };
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failure(
      callService(fluService, request(), { signal: controller.signal, timeoutMs: 5000 }),
    );
    assert.equal(error.kind, 'aborted');
  });
});
