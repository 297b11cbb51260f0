import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AuditEvent, Bundle, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { startRealFhirServer } from './real-fhir-server';
import type { RealFhirServer } from './real-fhir-server';

const PHYSICAL_TYPE = 'http://terminology.hl7.org/CodeSystem/location-physical-type';
const KEY_SYSTEM = 'urn:learning-loop:idempotency-key';

function seed(): Resource[] {
  return [
    {
      resourceType: 'Location',
      id: 'loc-ward',
      physicalType: { coding: [{ system: PHYSICAL_TYPE, code: 'wa' }] },
    },
    { resourceType: 'Location', id: 'loc-room', partOf: { reference: 'Location/loc-ward' } },
    { resourceType: 'Location', id: 'loc-bed', partOf: { reference: 'Location/loc-room' } },
    { resourceType: 'Patient', id: 'p-1', name: [{ family: 'Test' }] },
    { resourceType: 'Practitioner', id: 'pr-1' },
    {
      resourceType: 'PractitionerRole',
      id: 'prrole-1',
      practitioner: { reference: 'Practitioner/pr-1' },
      location: [{ reference: 'Location/loc-ward' }],
    },
    {
      resourceType: 'Encounter',
      id: 'enc-1',
      status: 'in-progress',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' }, // required in R4
      subject: { reference: 'Patient/p-1' },
      location: [{ location: { reference: 'Location/loc-bed' }, status: 'active' }],
    },
  ];
}

/** AuditEvent has no `identifier` in R4, so the idempotency key rides in `meta.tag` and is searched by `_tag`. */
function auditEvent(key: string): AuditEvent {
  return {
    resourceType: 'AuditEvent',
    meta: { tag: [{ system: KEY_SYSTEM, code: key }] },
    type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110100' },
    recorded: '2025-01-01T10:00:00Z',
    agent: [{ who: { reference: 'Practitioner/pr-1' }, requestor: true }],
    source: { observer: { display: 'learning-loop' } },
    entity: [{ what: { reference: 'Patient/p-1' }, name: key }],
  };
}

interface Reply {
  status: number;
  contentType: string;
  body: Resource;
}

async function fhir(server: RealFhirServer, path: string, init: RequestInit = {}): Promise<Reply> {
  const res = await fetch(path ? `${server.baseUrl}/${path}` : server.baseUrl, {
    ...init,
    headers: { Accept: 'application/fhir+json', 'Content-Type': 'application/fhir+json', ...init.headers },
  });
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    body: (await res.json()) as Resource,
  };
}

function asBundle(body: Resource): Bundle {
  assert.equal(body.resourceType, 'Bundle');
  return body as Bundle;
}

/** `Type/id` of each entry, with its search mode when the server gave one. */
function keys(bundle: Bundle): string[] {
  return (bundle.entry ?? []).map((e) => {
    const r = e.resource;
    return `${r?.resourceType ?? '?'}/${r?.id ?? '?'}${e.search?.mode ? ` ${e.search.mode}` : ''}`;
  });
}

function issueText(body: Resource): string {
  assert.equal(body.resourceType, 'OperationOutcome');
  return JSON.stringify((body as OperationOutcome).issue);
}

describe('real FHIR server (Medplum FhirRouter + MemoryRepository, with harness shims)', () => {
  let server: RealFhirServer;
  let startMs = 0;

  before(async () => {
    const t0 = performance.now();
    server = await startRealFhirServer(seed());
    startMs = performance.now() - t0;
  });
  after(() => server.stop());

  it('starts on 127.0.0.1 with a /fhir/R4 base', (t) => {
    t.diagnostic(`start-up incl. R4 definitions indexing: ${Math.round(startMs)} ms`);
    assert.match(server.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/fhir\/R4$/);
  });

  it('reads a seeded resource by its own id', async () => {
    const { status, contentType, body } = await fhir(server, 'Patient/p-1');
    assert.equal(status, 200);
    assert.match(contentType, /^application\/fhir\+json/);
    assert.equal(body.id, 'p-1');
    assert.ok(server.requests.includes('GET /fhir/R4/Patient/p-1'), server.requests.join(', '));
  });

  it('_include twice brings the patient and the bed, with absolute fullUrls and a self link', async () => {
    const path = 'Encounter?_id=enc-1&_include=Encounter:patient&_include=Encounter:location';
    const bundle = asBundle((await fhir(server, path)).body);
    assert.deepEqual(keys(bundle), [
      'Encounter/enc-1 match',
      'Patient/p-1 include',
      'Location/loc-bed include',
    ]);
    assert.equal(bundle.total, 1);
    assert.equal(bundle.entry?.[0]?.fullUrl, `${server.baseUrl}/Encounter/enc-1`);
    assert.deepEqual(bundle.link, [{ relation: 'self', url: `${server.baseUrl}/${path}` }]);
  });

  it('_include:iterate=Location:partof climbs bed -> room -> ward (harness shim, see below)', async () => {
    const path = 'Encounter?_id=enc-1&_include=Encounter:location&_include:iterate=Location:partof';
    const bundle = asBundle((await fhir(server, path)).body);
    assert.deepEqual(keys(bundle), [
      'Encounter/enc-1 match',
      'Location/loc-bed include',
      'Location/loc-room include',
      'Location/loc-ward include',
    ]);
  });

  it('PractitionerRole?practitioner=<bare id>&_include=PractitionerRole:location', async () => {
    const path = 'PractitionerRole?practitioner=pr-1&_include=PractitionerRole:location&_count=20';
    const bundle = asBundle((await fhir(server, path)).body);
    assert.deepEqual(keys(bundle), ['PractitionerRole/prrole-1 match', 'Location/loc-ward include']);
  });

  it('answers a batch of two GETs at the base', async () => {
    const batch: Bundle = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { request: { method: 'GET', url: 'Patient/p-1' } },
        { request: { method: 'GET', url: 'Location/loc-room' } },
      ],
    };
    const { status, body } = await fhir(server, '', { method: 'POST', body: JSON.stringify(batch) });
    assert.equal(status, 200);
    const reply = asBundle(body);
    assert.equal(reply.type, 'batch-response');
    assert.deepEqual(keys(reply), ['Patient/p-1', 'Location/loc-room']);
    assert.deepEqual(
      reply.entry?.map((e) => e.response?.status),
      ['200', '200'],
    );
    assert.equal(reply.entry?.[1]?.fullUrl, `${server.baseUrl}/Location/loc-room`);
    assert.ok(server.requests.includes('POST /fhir/R4'), server.requests.join(', '));
  });

  it('conditional create (If-None-Exist: _tag=system|uuid) twice stores one AuditEvent', async () => {
    const key = randomUUID();
    const post = (k: string): Promise<Reply> =>
      fhir(server, 'AuditEvent', {
        method: 'POST',
        headers: { 'If-None-Exist': `_tag=${KEY_SYSTEM}|${k}` },
        body: JSON.stringify(auditEvent(k)),
      });
    const first = await post(key);
    const second = await post(key);
    assert.equal(first.status, 201);
    assert.equal(second.status, 200);
    assert.equal(second.body.id, first.body.id);
    assert.equal((await post(randomUUID())).status, 201); // another key is another event
    const found = asBundle((await fhir(server, `AuditEvent?_tag=${KEY_SYSTEM}|${key}`)).body);
    assert.equal(found.total, 1);
    assert.equal(asBundle((await fhir(server, 'AuditEvent')).body).total, 2);
  });

  it('a read of a missing resource is a 404 OperationOutcome', async () => {
    const { status, contentType, body } = await fhir(server, 'Patient/nope');
    assert.equal(status, 404);
    assert.match(contentType, /^application\/fhir\+json/);
    assert.match(issueText(body), /not-found/);
  });

  it('an invalid resource is rejected with 400 and an OperationOutcome', async () => {
    const bad = JSON.stringify({ resourceType: 'Patient', birthDate: 'not-a-date' });
    const { status, body } = await fhir(server, 'Patient', { method: 'POST', body: bad });
    assert.equal(status, 400);
    assert.match(issueText(body), /Patient\.birthDate/);
  });
});

/**
 * Findings about Medplum 4.1.6 itself (shims off), pinned so an upgrade that changes them is noticed:
 * - `_include` and `_include:iterate` are parsed and then ignored: only the matches come back.
 * - A bare id on a reference parameter matches nothing (`practitioner=pr-1`); `Practitioner/pr-1` works.
 * - Tokens match by case-insensitive substring: `_id=enc-1` also finds `enc-10`, and `_tag=sys|k` finds `k2`.
 *   Hence the idempotency key must be fixed-length and unique (a UUID), never a counter or a prefix.
 * - No validation on write: `birthDate: 'not-a-date'` is stored (201).
 * Batch, conditional create (If-None-Exist), 404 OperationOutcomes and keeping seeded ids are Medplum's own.
 */
describe('Medplum alone (shims off)', () => {
  let server: RealFhirServer;
  before(async () => {
    const twin: Resource = {
      resourceType: 'Encounter',
      id: 'enc-10',
      status: 'finished',
      class: { code: 'IMP' },
    };
    server = await startRealFhirServer([...seed(), twin], { shims: false });
  });
  after(() => server.stop());

  it('ignores _include and _include:iterate, and _id=enc-1 also matches enc-10', async () => {
    const path = 'Encounter?_id=enc-1&_include=Encounter:location&_include:iterate=Location:partof';
    assert.deepEqual(keys(asBundle((await fhir(server, path)).body)), [
      'Encounter/enc-1',
      'Encounter/enc-10',
    ]);
  });

  it('matches references only by their literal Type/id', async () => {
    const bare = asBundle((await fhir(server, 'PractitionerRole?practitioner=pr-1')).body);
    const typed = asBundle((await fhir(server, 'PractitionerRole?practitioner=Practitioner/pr-1')).body);
    assert.deepEqual([bare.total, typed.total], [0, 1]);
  });

  it('matches _tag codes by substring', async () => {
    const created = await fhir(server, 'AuditEvent', {
      method: 'POST',
      body: JSON.stringify(auditEvent('k2')),
    });
    assert.equal(created.status, 201);
    assert.equal(asBundle((await fhir(server, `AuditEvent?_tag=${KEY_SYSTEM}|k`)).body).total, 1);
  });

  it('stores an invalid resource without validating it', async () => {
    const bad = JSON.stringify({ resourceType: 'Patient', birthDate: 'not-a-date' });
    assert.equal((await fhir(server, 'Patient', { method: 'POST', body: bad })).status, 201);
  });
});
