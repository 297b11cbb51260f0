import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  FEATURE_SCOPES,
  LAUNCH_SCOPES,
  canCreate,
  canRead,
  missingScopes,
  requestedScopes,
  resourceScope,
} from '../../../src/launch/scopes';
import { SCOPE_REASONS } from '../../../src/launch/scope-reasons';

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
      'user/PractitionerRole.rs',
      'user/Location.rs',
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

  it('asks for create scopes only for placing orders (and reads back its own test drafts), checked as creates', () => {
    assert.deepEqual(requestedScopes(['patient', 'orders'], 'ehr', 'v2').slice(-3), [
      'patient/MedicationRequest.c',
      'patient/ServiceRequest.c',
      'patient/ServiceRequest.rs',
    ]);
    assert.deepEqual(requestedScopes(['patient', 'orders'], 'ehr', 'v1').slice(-3), [
      'patient/MedicationRequest.write',
      'patient/ServiceRequest.write',
      'patient/ServiceRequest.read',
    ]);
    assert.deepEqual(missingScopes(['patient/*.rs'], 'orders', 'v2'), [
      'patient/MedicationRequest.c',
      'patient/ServiceRequest.c',
    ]);
    assert.deepEqual(missingScopes(['patient/*.cruds'], 'orders', 'v2'), []);
    assert.deepEqual(missingScopes(['patient/*.write', 'patient/ServiceRequest.read'], 'orders', 'v1'), []);
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
      ['patient', 'encounter', 'clinician', 'unit', 'prompts', 'orders', 'events', 'feedback'],
      'ehr',
      'v2',
    );
    assert.equal(metadata.scope, all.join(' '));
  });

  it("a patient grant does not reach the clinician's other patients (user context)", () => {
    assert.ok(canRead(['patient/Patient.rs'], 'Patient'));
    assert.ok(!canRead(['patient/Patient.rs'], 'Patient', 'user'));
    assert.ok(canRead(['user/Patient.rs'], 'Patient', 'user'));
    assert.ok(
      missingScopes(
        ['patient/*.rs', 'user/MeasureReport.rs', 'user/Measure.rs', 'user/Group.rs', 'openid', 'fhirUser'],
        'feedback',
        'v2',
      ).includes('user/Patient.rs'),
    );
  });

  it('names what is missing for a feature', () => {
    assert.deepEqual(missingScopes(['patient/Patient.rs', 'patient/Encounter.rs'], 'unit', 'v2'), [
      'user/Location.rs',
      'user/PractitionerRole.rs',
    ]);
    assert.deepEqual(missingScopes(['user/Practitioner.rs'], 'clinician', 'v2'), [
      'user/PractitionerRole.rs',
      'openid',
      'fhirUser',
    ]);
    assert.deepEqual(missingScopes(['patient/*.read', 'user/*.read'], 'unit', 'v1'), []);
  });

  it('every scope the app can ask for has its reason, and the registration kit shows it', () => {
    const kit = readFileSync(
      new URL('../../../smart-launch/registration/README.md', import.meta.url),
      'utf8',
    );
    const rows = kit.split('\n').filter((l) => l.startsWith('| `'));
    const expected: [string, string][] = [];
    for (const [mode, scopes] of Object.entries(LAUNCH_SCOPES))
      for (const scope of scopes) expected.push([`${mode}|${scope}`, scope]);
    for (const [feature, spec] of Object.entries(FEATURE_SCOPES)) {
      for (const need of spec.resources)
        expected.push([
          `${feature}|${need.context}/${need.resource}.${need.access ?? 'read'}`,
          resourceScope(need, 'v2'),
        ]);
      for (const scope of spec.plain) expected.push([`${feature}|${scope}`, scope]);
    }
    assert.equal(Object.keys(SCOPE_REASONS).length, expected.length, 'no reason without a scope');
    for (const [key, scope] of expected) {
      const why = SCOPE_REASONS[key];
      assert.ok(why, `no reason for ${key}`);
      assert.ok(
        rows.some((r) => r.startsWith(`| \`${scope}\``) && r.includes(why)),
        `the registration kit has no row for ${scope} with "${why}"`,
      );
    }
  });
});
