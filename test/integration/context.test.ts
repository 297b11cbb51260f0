import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Location, Resource } from '@medplum/fhirtypes';
import { generateDataset } from '../../mocks/data';
import { loadContext } from '../../src/context/loader';
import { fetchRequester, type FhirRequester } from '../../src/fhir/requester';
import type { FeatureId } from '../../src/config/schema';
import { startRealFhirServer, type RealFhirServer } from './real-fhir-server';

/**
 * The context queries against a FHIR server the project did not write (Medplum's router and
 * MemoryRepository, with no shims): it ignores _include and answers _has with nothing, so this also
 * proves the slowest fallback, one wave per partOf level (bed, room, ward: 4 waves in all).
 */
const ALL: FeatureId[] = ['patient', 'encounter', 'clinician', 'unit'];
const dataset = generateDataset();
const now = new Date(dataset.now);
let server: RealFhirServer;
let request: FhirRequester;

describe('context against a real FHIR server (Medplum, no shims)', () => {
  before(async () => {
    server = await startRealFhirServer(dataset.resources as Resource[], { shims: false });
    request = fetchRequester(server.baseUrl);
  });
  after(() => server.stop());

  const inpatients = dataset.patients.filter(
    (p) => p.encounterId && p.unitId && !p.scenarios.includes('edge:encounter-no-location'),
  );

  it('finds every inpatient ward through the encounter location and partOf', async () => {
    assert.ok(inpatients.length >= 30);
    for (const patient of inpatients) {
      const snapshot = await loadContext(
        request,
        { patientId: patient.id, encounterId: patient.encounterId },
        ALL,
        now,
      );
      const expected = dataset.units.find((u) => u.id === patient.unitId);
      assert.equal(snapshot.unit?.status, 'known', `${patient.id}: ${JSON.stringify(snapshot.unit)}`);
      assert.equal(snapshot.unit.status === 'known' && snapshot.unit.ward.id, expected?.id, patient.id);
      assert.equal(snapshot.unit.status === 'known' && snapshot.unit.source, 'encounter');
      assert.ok(snapshot.waves <= 4, `${patient.id} took ${snapshot.waves} waves`);
    }
  });

  it('names the clinician and falls back to their role when the encounter has no location', async () => {
    const clinician = dataset.practitioners[0];
    const patient = dataset.patients.find((p) => p.scenarios.includes('edge:encounter-no-location'));
    assert.ok(clinician && patient);
    const snapshot = await loadContext(
      request,
      {
        patientId: patient.id,
        encounterId: patient.encounterId,
        fhirUser: `${server.baseUrl}/Practitioner/${clinician.id}`,
      },
      ALL,
      now,
    );
    assert.ok(
      snapshot.clinician?.name?.endsWith(clinician.name),
      `${snapshot.clinician?.name} names ${clinician.name}`,
    );
    assert.equal(snapshot.unit?.status === 'known' && snapshot.unit.source, 'practitioner-role');
    assert.equal(snapshot.unit?.status === 'known' && snapshot.unit.ward.id, clinician.unitId);
  });

  it('shows a patient without a name as such, and reports a missing one as 404', async () => {
    const noName = dataset.patients.find((p) => p.scenarios.includes('edge:no-name'));
    assert.ok(noName);
    const snapshot = await loadContext(request, { patientId: noName.id }, ['patient'], now);
    assert.equal(snapshot.patient.name, undefined);
    await assert.rejects(
      loadContext(request, { patientId: 'does-not-exist' }, ['patient'], now),
      /did not find/,
    );
  });

  it('resolves a fhirContext Location to its ward', async () => {
    const bed = dataset.resources.find(
      (r): r is Location => r.resourceType === 'Location' && r.physicalType?.coding?.[0]?.code === 'bd',
    );
    const patient = inpatients[0];
    assert.ok(bed && patient);
    const snapshot = await loadContext(
      request,
      { patientId: patient.id, fhirContext: [{ reference: `Location/${bed.id}` }] },
      ALL,
      now,
    );
    assert.equal(snapshot.unit?.status === 'known' && snapshot.unit.source, 'fhirContext');
  });
});
