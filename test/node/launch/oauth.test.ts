/**
 * The OAuth details a review checks: the launch URL cannot change the client, scopes or redirect; the
 * redirect page refuses an authorization that is not the configured one before the code exchange;
 * `iss` has one normal form; `state` is from Web Crypto; scopes with a query are restrictions.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig, findEhr } from '../../../src/config/load';
import { normalIss } from '../../../src/config/schema';
import { launchUrl, randomState } from '../../../src/launch/authorize';
import { planLaunch } from '../../../src/launch/plan';
import { authorizationMismatches, savedAuthorization } from '../../../src/launch/redirect-check';
import { requestedScopes, restrictedScopes } from '../../../src/launch/scopes';

const config = parseConfig({
  ehrs: [{ name: 'Sim', iss: 'https://ehr.sim.invalid/fhir/r4', clientId: 'learning-loop-local' }],
  features: { prompts: true },
});
const REDIRECT = 'https://app.example/app.html';

describe('iss in one normal form', () => {
  it('allows a trailing-slash, upper-case or default-port iss as the configured EHR, in its one form', () => {
    for (const variant of [
      'https://ehr.sim.invalid/fhir/r4/',
      'HTTPS://EHR.SIM.INVALID/fhir/r4',
      'https://ehr.sim.invalid:443/fhir/r4//',
    ]) {
      const plan = planLaunch(config, new URLSearchParams({ iss: variant, launch: 'L' }));
      assert.equal(plan.iss, 'https://ehr.sim.invalid/fhir/r4', variant);
      assert.equal(findEhr(config, variant)?.clientId, 'learning-loop-local');
    }
    assert.equal(
      normalIss('https://ehr.sim.invalid/FHIR/r4'),
      'https://ehr.sim.invalid/FHIR/r4',
      'paths keep case',
    );
    assert.equal(findEhr(config, 'https://ehr.sim.invalid/fhir/r4x'), undefined);
  });
});

describe('the authorize request', () => {
  it('sees only the planned iss and launch: URL overrides of client, patient and server are gone', () => {
    const url = new URL(
      'https://app.example/launch.html?iss=https%3A%2F%2Fehr.sim.invalid%2Ffhir%2Fr4%2F&launch=L' +
        '&clientId=attacker&patientId=p-999&fhirServiceUrl=https%3A%2F%2Fevil.example%2Ffhir&scope=user%2F*.*',
    );
    const plan = planLaunch(config, url.searchParams);
    const clean = launchUrl(url, plan);
    assert.equal(clean.origin + clean.pathname, 'https://app.example/launch.html');
    assert.deepEqual(Object.fromEntries(clean.searchParams), {
      iss: 'https://ehr.sim.invalid/fhir/r4',
      launch: 'L',
    });
    const standalone = launchUrl(
      new URL('https://app.example/launch.html?clientId=x'),
      planLaunch(config, new URLSearchParams({ iss: 'https://ehr.sim.invalid/fhir/r4' })),
    );
    assert.deepEqual([...standalone.searchParams.keys()], ['iss']);
  });

  it('carries a state of 256 random bits from Web Crypto', () => {
    const states = new Set(Array.from({ length: 200 }, randomState));
    assert.equal(states.size, 200);
    for (const s of states) assert.match(s, /^[0-9a-f]{64}$/);
  });
});

describe('the redirect page', () => {
  const features = ['patient', 'encounter', 'clinician', 'unit', 'prompts', 'orders'] as const;
  const scope = requestedScopes([...features], 'ehr', 'v2').join(' ');
  const expected = {
    iss: 'https://ehr.sim.invalid/fhir/r4',
    clientId: 'learning-loop-local',
    redirectUri: REDIRECT,
    scopes: [scope, requestedScopes([...features], 'standalone', 'v2').join(' ')],
  };
  const saved = { serverUrl: expected.iss, clientId: expected.clientId, redirectUri: REDIRECT, scope };

  it('accepts the configured client, redirect and scopes (either launch mode)', () => {
    assert.deepEqual(authorizationMismatches(saved, expected), []);
    assert.deepEqual(authorizationMismatches({ ...saved, scope: expected.scopes[1] }, expected), []);
  });

  it('refuses another client id, redirect, scope set or server spelling before any code exchange', () => {
    assert.deepEqual(
      authorizationMismatches(
        { ...saved, clientId: 'attacker', redirectUri: 'https://evil.example/', scope: 'user/*.*' },
        expected,
      ),
      ['client id "attacker"', 'redirect URI "https://evil.example/"', 'scopes "user/*.*"'],
    );
    assert.deepEqual(
      authorizationMismatches({ ...saved, serverUrl: 'https://ehr.sim.invalid/fhir/r4/' }, expected),
      ['server "https://ehr.sim.invalid/fhir/r4/"'],
      'the aud sent was a spelling of the iss, not its normal form',
    );
  });

  it("reads fhirclient's saved state by the URL's state, or by SMART_KEY on a reload", () => {
    const map = new Map<string, string>([
      ['k1', JSON.stringify(saved)],
      ['SMART_KEY', JSON.stringify('k1')],
    ]);
    const storage = { getItem: (k: string) => map.get(k) ?? null } as Storage;
    assert.deepEqual(savedAuthorization(new URL(`${REDIRECT}?state=k1&code=c`), storage), saved);
    assert.deepEqual(savedAuthorization(new URL(REDIRECT), storage), saved);
    assert.equal(savedAuthorization(new URL(`${REDIRECT}?state=nope`), storage), undefined);
  });
});

describe('scopes with a query', () => {
  it('are read as the restriction they are', () => {
    const granted = [
      'patient/Patient.rs',
      'patient/Observation.rs?category=laboratory',
      'patient/Condition.rs',
      'patient/MedicationRequest.rs',
    ];
    assert.deepEqual(restrictedScopes(granted, 'prompts'), ['patient/Observation.rs?category=laboratory']);
    assert.deepEqual(
      restrictedScopes([...granted, 'patient/Observation.rs'], 'prompts'),
      [],
      'a full grant too',
    );
    assert.deepEqual(restrictedScopes(['patient/*.rs'], 'prompts'), []);
    assert.deepEqual(restrictedScopes(['patient/MedicationRequest.c?intent=order'], 'orders'), [
      'patient/MedicationRequest.c?intent=order',
    ]);
  });
});
