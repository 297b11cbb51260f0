import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../../src/config/load';
import { planLaunch } from '../../../src/launch/plan';
import { LaunchError, classifyLaunchError } from '../../../src/launch/errors';

const config = parseConfig({
  ehrs: [
    { name: 'Sim', iss: 'https://ehr.sim.invalid/fhir/r4', clientId: 'a', standalone: true },
    {
      name: 'Epic',
      iss: 'https://epic.example.org/api/FHIR/R4/',
      clientId: 'b',
      scopeSyntax: 'v1',
      features: { unit: false },
    },
  ],
});

describe('launch plan', () => {
  it('plans an EHR launch for an allowed iss, with that EHR client and scope syntax', () => {
    const plan = planLaunch(
      config,
      new URLSearchParams({ iss: 'https://epic.example.org/api/FHIR/R4', launch: 'abc' }),
    );
    assert.equal(plan.mode, 'ehr');
    assert.equal(plan.ehr.clientId, 'b');
    assert.equal(plan.launch, 'abc');
    assert.ok(plan.scopes.includes('patient/Patient.read'));
    assert.ok(!plan.scopes.some((s) => s.startsWith('user/Location')), 'unit is off for this EHR');
  });

  it('refuses an iss not on the allow-list before any redirect', () => {
    assert.throws(
      () => planLaunch(config, new URLSearchParams({ iss: 'https://evil.example.com/fhir', launch: 'x' })),
      (e: unknown) =>
        e instanceof LaunchError &&
        e.code === 'iss-not-allowed' &&
        /not one Learning Loop is configured/.test(e.title),
    );
  });

  it('treats no parameters as a standalone launch against the standalone EHR', () => {
    const plan = planLaunch(config, new URLSearchParams());
    assert.equal(plan.mode, 'standalone');
    assert.ok(plan.scopes.includes('launch/patient'));
    assert.ok(!plan.scopes.includes('launch'));
  });

  it('refuses a launch without iss', () => {
    assert.throws(
      () => planLaunch(config, new URLSearchParams({ launch: 'x' })),
      (e: unknown) => e instanceof LaunchError && e.code === 'no-iss',
    );
  });
});

describe('launch error messages', () => {
  const cases: [string, 'authorize' | 'ready', string][] = [
    ["No 'state' parameter found. Please (re)launch the app.", 'ready', 'no-state'],
    ['access_denied: The user declined', 'ready', 'authorize-denied'],
    ['Required PKCE code challenge method (`S256`) was not found', 'authorize', 'pkce-unsupported'],
    ['Failed to fetch the well-known json "x". Failed to fetch', 'authorize', 'discovery-failed'],
    ['400 Bad Request\nURL: https://x/token\n{"error":"invalid_grant"}', 'ready', 'token-failed'],
  ];
  for (const [message, phase, code] of cases) {
    it(`maps "${message.slice(0, 40)}" to ${code}, with what to do`, () => {
      const error = classifyLaunchError(new Error(message), phase);
      assert.equal(error.code, code);
      assert.ok(error.action.length > 20);
      assert.equal(error.detail, message);
    });
  }
  it('maps a network failure to unreachable', () => {
    assert.equal(classifyLaunchError(new TypeError('Failed to fetch'), 'ready').code, 'fhir-unreachable');
  });
});
