import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, enabledFeatures, parseConfig } from '../../../src/config/load';
import { missingScopes, requestedScopes } from '../../../src/launch/scopes';

const ehr = { name: 'EHR', iss: 'https://ehr.example.org/fhir', clientId: 'loop' };
const problems = (json: unknown) => {
  try {
    parseConfig(json);
    return [];
  } catch (error) {
    return error instanceof ConfigError ? error.problems : [String(error)];
  }
};

describe('the feedback feature in the config', () => {
  it('is on by default, with a minimum of 5 patients, and can be switched off per EHR', () => {
    const config = parseConfig({ ehrs: [ehr] });
    assert.equal(config.feedback.minCases, 5);
    assert.ok(enabledFeatures(config, config.ehrs[0] as never).includes('feedback'));
    const off = parseConfig({ ehrs: [{ ...ehr, features: { feedback: false } }] });
    assert.ok(!enabledFeatures(off, off.ehrs[0] as never).includes('feedback'));
  });

  it('takes another minimum and names what is wrong with a bad one', () => {
    assert.equal(parseConfig({ ehrs: [ehr], feedback: { minCases: 11 } }).feedback.minCases, 11);
    assert.deepEqual(problems({ ehrs: [ehr], feedback: { minCases: 0 } }), [
      'feedback.minCases: expected at least 1 patient',
    ]);
    assert.deepEqual(problems({ ehrs: [ehr], feedback: { minCases: 2.5 } }), [
      'feedback.minCases: expected a whole number of patients',
    ]);
    assert.match(
      problems({ ehrs: [ehr], feedback: { mincases: 3 } })[0] ?? '',
      /unknown field "mincases": expected only minCases/,
    );
  });

  it('asks for its read scopes in user context, and says which are missing', () => {
    const scopes = requestedScopes(['patient', 'feedback'], 'ehr', 'v2');
    for (const s of [
      'user/MeasureReport.rs',
      'user/Measure.rs',
      'user/Group.rs',
      'user/Patient.rs',
      'openid',
      'fhirUser',
    ])
      assert.ok(scopes.includes(s), s);
    assert.deepEqual(missingScopes(['user/MeasureReport.rs', 'openid', 'fhirUser'], 'feedback', 'v1'), [
      'user/Measure.read',
      'user/Group.read',
      'user/Patient.read',
    ]);
  });
});
