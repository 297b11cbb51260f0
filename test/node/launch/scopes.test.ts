import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canCreate, canRead, missingScopes, requestedScopes } from '../../../src/launch/scopes';

describe('scopes', () => {
  it('asks for SMART v2 read/search scopes for an EHR launch, least privilege', () => {
    assert.deepEqual(requestedScopes(['patient', 'encounter', 'clinician', 'unit'], 'ehr', 'v2'), [
      'launch',
      'online_access',
      'patient/Patient.rs',
      'patient/Encounter.rs',
      'openid',
      'fhirUser',
      'user/Practitioner.rs',
      'user/Location.rs',
      'user/PractitionerRole.rs',
    ]);
  });

  it('uses v1 names where the EHR needs them, and launch/patient when standalone', () => {
    const scopes = requestedScopes(['patient'], 'standalone', 'v1');
    assert.deepEqual(scopes, ['launch/patient', 'online_access', 'patient/Patient.read']);
  });

  it('reads v1, v2, wildcard and narrowed grants', () => {
    assert.ok(canRead(['patient/Patient.read'], 'Patient'));
    assert.ok(canRead(['patient/*.rs'], 'Encounter'));
    assert.ok(canRead(['user/Location.cruds'], 'Location'));
    assert.ok(canRead(['patient/Observation.rs?category=laboratory'], 'Observation'));
    assert.ok(!canRead(['patient/Patient.r'], 'Patient'), 'read without search is not enough to search');
    assert.ok(!canRead(['patient/Patient.write'], 'Patient'));
    assert.ok(!canRead(['system/*.read'], 'Patient'));
    assert.ok(!canRead(['patient/Encounter.rs'], 'Location'));
  });

  it('asks for create scopes only for placing orders, and checks them as creates', () => {
    assert.deepEqual(requestedScopes(['patient', 'orders'], 'ehr', 'v2').slice(-2), [
      'patient/MedicationRequest.c',
      'patient/ServiceRequest.c',
    ]);
    assert.deepEqual(requestedScopes(['patient', 'orders'], 'ehr', 'v1').slice(-2), [
      'patient/MedicationRequest.write',
      'patient/ServiceRequest.write',
    ]);
    assert.deepEqual(missingScopes(['patient/*.rs'], 'orders', 'v2'), [
      'patient/MedicationRequest.c',
      'patient/ServiceRequest.c',
    ]);
    assert.deepEqual(missingScopes(['patient/*.cruds'], 'orders', 'v2'), []);
    assert.deepEqual(missingScopes(['patient/*.write'], 'orders', 'v1'), []);
    assert.ok(canCreate(['user/ServiceRequest.c'], 'ServiceRequest'));
    assert.ok(!canCreate(['patient/ServiceRequest.read'], 'ServiceRequest'));
  });

  it('the registration kit asks for exactly what the app requests', () => {
    const metadata = JSON.parse(
      readFileSync(
        new URL('../../../smart-launch/registration/client-metadata.json', import.meta.url),
        'utf8',
      ),
    ) as { scope: string };
    const all = requestedScopes(
      ['patient', 'encounter', 'clinician', 'unit', 'prompts', 'orders', 'events'],
      'ehr',
      'v2',
    );
    assert.equal(metadata.scope, all.join(' '));
  });

  it('names what is missing for a feature', () => {
    assert.deepEqual(missingScopes(['patient/Patient.rs', 'patient/Encounter.rs'], 'unit', 'v2'), [
      'user/Location.rs',
      'user/PractitionerRole.rs',
    ]);
    assert.deepEqual(missingScopes(['user/Practitioner.rs'], 'clinician', 'v2'), ['openid', 'fhirUser']);
    assert.deepEqual(missingScopes(['patient/*.read', 'user/*.read'], 'unit', 'v1'), []);
  });
});
