import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { createMockEhr } from '../../../mocks/handlers';
import type { ServerFlags } from '../../../mocks/server-options';
import { SIM_ISS, encodeHandle, type SimError, type SimToken } from '../../../mocks/sim-constants';
import { fetchRequester, type FhirRequester } from '../../../src/fhir/requester';
import { ContextError, loadContext } from '../../../src/context/loader';
import type { FeatureId } from '../../../src/config/schema';
import { encounter, hospital, location, patient } from '../../factories/fhir';

const ALL: FeatureId[] = ['patient', 'encounter', 'clinician', 'unit'];
const SCOPES =
  'launch openid fhirUser patient/Patient.rs patient/Encounter.rs user/Practitioner.rs user/Location.rs user/PractitionerRole.rs';
const now = new Date('2026-06-14T12:00:00Z');
let flags: ServerFlags = {};
const requests: string[] = [];
const server = setupServer();

function token(error: SimError = 'none', scope = SCOPES): string {
  const t: SimToken = {
    kind: 'access',
    scope,
    exp: Date.now() + 60_000,
    generation: 1,
    launch: { patient: 'p-1', practitioner: 'pr-1', error, needPatientBanner: false },
  };
  return encodeHandle(t);
}

function counting(request: FhirRequester): FhirRequester {
  return (path, options) => {
    requests.push(path);
    return request(path, options);
  };
}

const launch = { patientId: 'p-1', encounterId: 'enc-1', fhirUser: 'Practitioner/pr-1' };

async function serve(seed = hospital()) {
  const { handlers } = await createMockEhr(seed, {
    authorizeUrl: 'https://app.example/ehr-authorize.html',
    now: Date.now,
    flags: () => flags,
  });
  server.resetHandlers(...handlers);
}

describe('context loader against the mock FHIR server', () => {
  before(() => server.listen({ onUnhandledRequest: 'error' }));
  after(() => server.close());
  beforeEach(async () => {
    flags = {};
    requests.length = 0;
    await serve();
  });

  it('loads patient, encounter, clinician and unit in one wave where _include works', async () => {
    const snapshot = await loadContext(counting(fetchRequester(SIM_ISS, token())), launch, ALL, now);
    assert.equal(snapshot.patient.name, 'Ada Example');
    assert.equal(snapshot.encounter?.classLabel, 'inpatient');
    assert.equal(snapshot.clinician?.name, 'Dr Grace Hopper');
    assert.deepEqual(snapshot.clinician?.roles, ['Physician']);
    assert.equal(snapshot.unit?.status === 'known' && snapshot.unit.ward.name, 'Medical Ward 4B');
    assert.equal(snapshot.waves, 1);
    assert.equal(requests.length, 4);
    assert.deepEqual(snapshot.notices, []);
  });

  it('gets bed, room and ward in one more wave with _has when the server ignores _include', async () => {
    flags = { noInclude: true };
    const snapshot = await loadContext(counting(fetchRequester(SIM_ISS, token())), launch, ALL, now);
    assert.equal(snapshot.unit?.status === 'known' && snapshot.unit.ward.id, 'ward-a');
    assert.equal(snapshot.waves, 2);
    assert.ok(
      requests.some((p) => p.startsWith('Location?_has:Location:partof:_has:Location:partof:_id=bed-1')),
    );
  });

  it('walks partOf one wave per level when the server supports neither _include nor _has', async () => {
    flags = { noInclude: true, noReverseChain: true };
    const snapshot = await loadContext(fetchRequester(SIM_ISS, token()), launch, ALL, now);
    assert.equal(snapshot.unit?.status === 'known' && snapshot.unit.ward.id, 'ward-a');
    assert.equal(snapshot.waves, 4, 'bed, then room, then ward: one wave each');
    assert.deepEqual(snapshot.notices, [], "a refused _has is not the clinician's problem");
  });

  it('names the unit from fhirContext first', async () => {
    const snapshot = await loadContext(
      fetchRequester(SIM_ISS, token()),
      { ...launch, fhirContext: [{ reference: 'Location/ward-b' }] },
      ALL,
      now,
    );
    assert.equal(snapshot.unit?.status === 'known' && snapshot.unit.source, 'fhirContext');
  });

  it('accepts an absolute fhirUser, as Epic sends it', async () => {
    const snapshot = await loadContext(
      fetchRequester(SIM_ISS, token()),
      { ...launch, fhirUser: `${SIM_ISS}/Practitioner/pr-1` },
      ALL,
      now,
    );
    assert.equal(snapshot.clinician?.name, 'Dr Grace Hopper');
  });

  it('fetches nothing for a feature that is off', async () => {
    const snapshot = await loadContext(counting(fetchRequester(SIM_ISS, token())), launch, ['patient'], now);
    assert.deepEqual(requests, ['Patient/p-1']);
    assert.equal(snapshot.unit, undefined);
    assert.equal(snapshot.clinician, undefined);
  });

  it('keeps the panel when a part is forbidden, with a notice naming it', async () => {
    const snapshot = await loadContext(
      fetchRequester(SIM_ISS, token('none', 'patient/Patient.rs patient/Encounter.rs user/Location.rs')),
      launch,
      ALL,
      now,
    );
    assert.equal(snapshot.patient.name, 'Ada Example');
    assert.ok(snapshot.notices.some((n) => n.code === 'fhir-403' && /clinician record/.test(n.title)));
    assert.equal(snapshot.unit?.status === 'known' && snapshot.unit.source, 'encounter');
  });

  it('treats an encounter without location as "unit from your role"', async () => {
    await serve([
      ...hospital().filter((r) => r.resourceType !== 'Encounter'),
      encounter({ location: undefined }),
    ]);
    const snapshot = await loadContext(fetchRequester(SIM_ISS, token()), launch, ALL, now);
    assert.equal(snapshot.unit?.status === 'known' && snapshot.unit.source, 'practitioner-role');
  });

  it('survives a partOf cycle on the server', async () => {
    const seed = [
      patient(),
      encounter({ location: [{ location: { reference: 'Location/x' }, status: 'active' }] }),
      location('x', 'bd', 'y'),
      location('y', 'ro', 'x'),
    ];
    await serve(seed);
    const snapshot = await loadContext(
      fetchRequester(SIM_ISS, token()),
      { ...launch, fhirUser: undefined },
      ALL,
      now,
    );
    assert.equal(snapshot.unit?.status, 'unknown');
  });

  it('refuses an encounter that belongs to another patient', async () => {
    await serve([
      ...hospital().filter((r) => r.resourceType !== 'Encounter'),
      encounter({ subject: { reference: 'Patient/someone-else' } }),
    ]);
    const snapshot = await loadContext(fetchRequester(SIM_ISS, token()), launch, ALL, now);
    assert.equal(snapshot.encounter, undefined);
    assert.ok(snapshot.notices.some((n) => n.code === 'encounter-other-patient'));
  });

  for (const [error, code] of [
    ['fhir-500', 'fhir-5xx'],
    ['fhir-429', 'fhir-429'],
    ['fhir-403', 'fhir-403'],
    ['fhir-down', 'fhir-unreachable'],
  ] as const) {
    it(`stops with a clear message when the patient read fails: ${error}`, async () => {
      await assert.rejects(
        loadContext(fetchRequester(SIM_ISS, token(error)), launch, ALL, now),
        (e: unknown) => {
          assert.ok(e instanceof ContextError);
          assert.equal(e.problem.code, code);
          if (error === 'fhir-429') assert.match(e.problem.action, /in 30 seconds/);
          return true;
        },
      );
    });
  }

  it('says the patient is unknown on a 404', async () => {
    await assert.rejects(
      loadContext(fetchRequester(SIM_ISS, token()), { ...launch, patientId: 'nobody' }, ALL, now),
      (e: unknown) => e instanceof ContextError && e.problem.code === 'fhir-404',
    );
  });

  it('rejects an answer that is not a Patient', async () => {
    server.use(
      http.get(`${SIM_ISS}/Patient/p-1`, () => HttpResponse.json({ resourceType: 'Observation', id: 'p-1' })),
    );
    await assert.rejects(
      loadContext(fetchRequester(SIM_ISS, token()), launch, ALL, now),
      (e: unknown) => e instanceof ContextError && e.problem.code === 'patient-malformed',
    );
  });

  it('says the answer was unreadable when a 200 is not JSON', async () => {
    server.use(
      http.get(`${SIM_ISS}/Patient/p-1`, () => new HttpResponse('<html>login</html>', { status: 200 })),
    );
    await assert.rejects(
      loadContext(fetchRequester(SIM_ISS, token()), launch, ALL, now),
      (e: unknown) => e instanceof ContextError && e.problem.code === 'fhir-malformed',
    );
  });

  it('rejects a request without a valid token (401)', async () => {
    await assert.rejects(
      loadContext(fetchRequester(SIM_ISS, 'garbage'), launch, ALL, now),
      (e: unknown) => e instanceof ContextError && e.problem.code === 'fhir-401',
    );
  });
});
