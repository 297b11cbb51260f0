import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fillPrefetch, resolveTemplate } from '../../../src/cds/prefetch';
import { toUserId } from '../../../src/fhir/reference';
import { normaliseQuery } from '../../../src/fhir/search';
import { patient } from '../../factories/fhir';
import { context } from './helpers';

describe('prefetch tokens', () => {
  it('replaces context and user tokens', () => {
    assert.equal(resolveTemplate('Patient/{{context.patientId}}', context), 'Patient/p-1');
    assert.equal(resolveTemplate('Encounter/{{ context.encounterId }}', context), 'Encounter/enc-1');
    assert.equal(resolveTemplate('{{context.userId}}', context), 'Practitioner/pr-1');
    assert.equal(
      resolveTemplate('Practitioner?_id={{userPractitionerId}}&x={{context.patientId}}', context),
      'Practitioner?_id=pr-1&x=p-1',
    );
  });

  it('leaves a template unresolved when a token has no value or is unknown', () => {
    const noEncounter = { userId: 'Practitioner/pr-1', patientId: 'p-1' };
    assert.equal(resolveTemplate('Encounter/{{context.encounterId}}', noEncounter), undefined);
    assert.equal(resolveTemplate('PractitionerRole?_id={{userPractitionerRoleId}}', context), undefined);
    assert.equal(resolveTemplate('Patient/{{userPatientId}}', context), undefined);
    assert.equal(resolveTemplate('Medication/{{context.medication.id}}', context), undefined);
    assert.equal(resolveTemplate('Patient/{{Patient.id}}', context), undefined);
  });

  it('turns an absolute fhirUser into a userId', () => {
    assert.equal(toUserId('https://ehr.example/fhir/Practitioner/pr-1'), 'Practitioner/pr-1');
    assert.equal(toUserId('PractitionerRole/r.2'), 'PractitionerRole/r.2');
    assert.equal(toUserId('https://ehr.example/fhir/Organization/o'), undefined);
  });

  it('normalises parameter order and leading slashes', () => {
    assert.equal(
      normaliseQuery('/Observation?code=4548-4&patient=p-1'),
      'Observation?code=4548-4&patient=p-1',
    );
    assert.equal(
      normaliseQuery('Observation?patient=p-1&code=4548-4'),
      'Observation?code=4548-4&patient=p-1',
    );
    assert.equal(normaliseQuery('Patient/p-1'), 'Patient/p-1');
  });
});

describe('fillPrefetch', () => {
  const bundle = { resourceType: 'Bundle', type: 'searchset', entry: [] };
  const practitioner = { resourceType: 'Practitioner', id: 'pr-1' };
  const available = new Map<string, unknown>([
    ['Patient/p-1', patient()],
    ['Observation?patient=p-1&code=4548-4', bundle],
    ['Practitioner/pr-1', practitioner],
    ['Encounter/enc-1', null],
  ]);

  it('fills keys from loaded data and omits the rest', () => {
    const result = fillPrefetch(
      {
        patient: 'Patient/{{context.patientId}}',
        a1c: 'Observation?code=4548-4&patient={{context.patientId}}',
        user: '{{context.userId}}',
        encounter: 'Encounter/{{context.encounterId}}',
        conditions: 'Condition?patient={{context.patientId}}',
        role: 'PractitionerRole?_id={{userPractitionerRoleId}}',
      },
      context,
      available,
    );
    assert.deepEqual(result.prefetch, {
      patient: patient(),
      a1c: bundle,
      user: practitioner,
      encounter: null,
    });
    assert.deepEqual(result.omitted, ['conditions', 'role']);
  });

  it('sends nothing for another patient', () => {
    const result = fillPrefetch(
      { patient: 'Patient/{{context.patientId}}' },
      { ...context, patientId: 'p-2' },
      available,
    );
    assert.deepEqual(result, { prefetch: {}, omitted: ['patient'] });
  });
});
