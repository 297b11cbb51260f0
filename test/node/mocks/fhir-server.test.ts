import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setupServer } from 'msw/node';
import type { AuditEvent, Bundle } from '@medplum/fhirtypes';
import { createMockEhr } from '../../../mocks/handlers';
import { SIM_ISS, encodeHandle, type SimToken } from '../../../mocks/sim-constants';
import { hospital, patient } from '../../factories/fhir';

/** The mock FHIR server as a client sees it: the behaviours the app and later features rely on. */
const server = setupServer();
const SCOPES = 'patient/*.rs user/*.rs patient/AuditEvent.c user/AuditEvent.cruds';

function token(scope = SCOPES): string {
  const t: SimToken = {
    kind: 'access',
    scope,
    exp: Date.now() + 60_000,
    generation: 1,
    launch: { patient: 'p-1', practitioner: 'pr-1', error: 'none', needPatientBanner: false },
  };
  return encodeHandle(t);
}

async function fhir(path: string, init: RequestInit = {}, bearer = token()) {
  const url = path.startsWith('http') ? path : path ? `${SIM_ISS}/${path}` : SIM_ISS;
  const response = await fetch(url, {
    ...init,
    headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/fhir+json', ...init.headers },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const audit = (key: string): AuditEvent => ({
  resourceType: 'AuditEvent',
  meta: { tag: [{ system: 'urn:learning-loop:event', code: key }] },
  type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110100' },
  recorded: '2026-01-01T10:00:00Z',
  agent: [{ who: { reference: 'Practitioner/pr-1' }, requestor: true }],
  source: { observer: { display: 'learning-loop' } },
});

describe('mock FHIR server', () => {
  before(() => server.listen({ onUnhandledRequest: 'error' }));
  after(() => server.close());
  beforeEach(async () => {
    const many = Array.from({ length: 7 }, (_, i) => patient({ id: `p-${i + 10}` }));
    const { handlers } = await createMockEhr([...hospital(), ...many], {
      authorizeUrl: 'https://app.example/ehr-authorize.html',
      now: Date.now,
      flags: () => ({}),
    });
    server.resetHandlers(...handlers);
  });

  it('pages a search with _count and a next link that works', async () => {
    const first = await fhir('Patient?_count=3');
    const bundle = first.body as unknown as Bundle;
    assert.equal(bundle.total, 8);
    assert.equal(bundle.entry?.length, 3);
    const next = bundle.link?.find((l) => l.relation === 'next')?.url;
    assert.ok(next);
    const second = (await fhir(next)).body as unknown as Bundle;
    assert.equal(second.entry?.length, 3);
    assert.notDeepEqual(second.entry?.[0]?.resource?.id, bundle.entry?.[0]?.resource?.id);
  });

  it('answers a search posted as a form to [type]/_search as it answers the same GET', async () => {
    const ids = Array.from({ length: 7 }, (_, i) => `p-${i + 10}`).join(',');
    const get = (await fhir(`Patient?_id=${ids}&_count=20`)).body as unknown as Bundle;
    const post = (
      await fhir('Patient/_search', {
        method: 'POST',
        body: new URLSearchParams({ _id: ids, _count: '20' }).toString(),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      })
    ).body as unknown as Bundle;
    assert.equal(get.entry?.length, 7);
    assert.deepEqual(
      post.entry?.map((e) => e.resource?.id),
      get.entry?.map((e) => e.resource?.id),
    );
  });

  it('includes and iterates, marking included entries', async () => {
    const bundle = (
      await fhir('Encounter?_id=enc-1&_include=Encounter:location&_include:iterate=Location:partof')
    ).body as unknown as Bundle;
    assert.deepEqual(
      bundle.entry?.map((e) => `${e.resource?.id}:${e.search?.mode}`),
      ['enc-1:match', 'bed-1:include', 'room-1:include', 'ward-a:include'],
    );
  });

  it('answers a reverse chain (_has)', async () => {
    const bundle = (await fhir('Location?_has:Location:partof:_has:Location:partof:_id=bed-1'))
      .body as unknown as Bundle;
    assert.deepEqual(
      bundle.entry?.map((e) => e.resource?.id),
      ['ward-a'],
    );
  });

  it('refuses an unknown search parameter with a 400 OperationOutcome', async () => {
    const { status, body } = await fhir('Patient?favourite-colour=blue');
    assert.equal(status, 400);
    assert.equal(body.resourceType, 'OperationOutcome');
  });

  it('answers 404 with an OperationOutcome, 401 without a token, 403 beyond the scopes', async () => {
    assert.equal((await fhir('Patient/nobody')).status, 404);
    assert.equal((await fhir('Patient/p-1', {}, 'not-a-token')).status, 401);
    assert.equal((await fhir('Location/ward-a', {}, token('patient/Patient.rs'))).status, 403);
  });

  it('creates conditionally: the same If-None-Exist twice stores one resource', async () => {
    const headers = { 'If-None-Exist': '_tag=urn:learning-loop:event|e-1' };
    const first = await fhir('AuditEvent', { method: 'POST', body: JSON.stringify(audit('e-1')), headers });
    const again = await fhir('AuditEvent', { method: 'POST', body: JSON.stringify(audit('e-1')), headers });
    assert.equal(first.status, 201);
    assert.equal(again.status, 200);
    assert.equal(again.body.id, first.body.id);
  });

  it('runs a transaction of conditional creates and a batch of reads', async () => {
    const entry = (key: string) => ({
      resource: audit(key),
      request: {
        method: 'POST' as const,
        url: 'AuditEvent',
        ifNoneExist: `_tag=urn:learning-loop:event|${key}`,
      },
    });
    const tx = { resourceType: 'Bundle', type: 'transaction', entry: [entry('a'), entry('b'), entry('a')] };
    const result = (await fhir('', { method: 'POST', body: JSON.stringify(tx) })).body as unknown as Bundle;
    assert.deepEqual(
      result.entry?.map((e) => e.response?.status),
      ['201', '201', '200'],
    );
    const batch = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { request: { method: 'GET', url: 'Patient/p-1' } },
        { request: { method: 'GET', url: 'Patient/nobody' } },
      ],
    };
    const answers = (await fhir('', { method: 'POST', body: JSON.stringify(batch) }))
      .body as unknown as Bundle;
    assert.equal(answers.type, 'batch-response');
    assert.deepEqual(
      answers.entry?.map((e) => e.response?.status),
      ['200', '404'],
    );
  });
});
