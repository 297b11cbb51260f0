import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setupServer } from 'msw/node';
import { createMockEhr } from '../../../mocks/handlers';
import { decideAuthorize } from '../../../mocks/smart/authorize-decision';
import { s256 } from '../../../mocks/smart/pkce';
import {
  SIM_CLIENT_ID,
  SIM_ISS,
  SIM_PSEUDONYM_KEY_URL,
  SIM_TOKEN_URL,
  type SimLaunch,
} from '../../../mocks/sim-constants';
import { fetchRequester } from '../../../src/fhir/requester';
import { pseudonymKeySource } from '../../../src/telemetry/pseudonym-key';
import { hospital } from '../../factories/fhir';

/** The simulated authorization server: it must hold the app to SMART 2, or the tests prove little. */
const server = setupServer();
const page = new URL('https://app.example/ehr-authorize.html');
const redirectUri = 'https://app.example/app.html';
const verifier = 'a'.repeat(43);
const launch: SimLaunch = { patient: 'p-1', practitioner: 'pr-1', error: 'none', needPatientBanner: true };

async function authorizeParams(overrides: Record<string, string> = {}) {
  return new URLSearchParams({
    response_type: 'code',
    client_id: SIM_CLIENT_ID,
    redirect_uri: redirectUri,
    scope: 'launch openid fhirUser online_access patient/Patient.rs',
    state: 'st-1',
    aud: SIM_ISS,
    code_challenge: await s256(verifier),
    code_challenge_method: 'S256',
    launch: Buffer.from(JSON.stringify(launch)).toString('base64url'),
    ...overrides,
  });
}

function redirectOf(outcome: ReturnType<typeof decideAuthorize>): URL {
  assert.equal(outcome.kind, 'redirect');
  return new URL(outcome.kind === 'redirect' ? outcome.url : 'x:');
}

async function token(form: Record<string, string>) {
  const response = await fetch(SIM_TOKEN_URL, { method: 'POST', body: new URLSearchParams(form) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('simulated SMART authorization server', () => {
  before(async () => {
    const { handlers } = await createMockEhr(hospital(), {
      authorizeUrl: page.href,
      now: Date.now,
      flags: () => ({}),
    });
    server.listen({ onUnhandledRequest: 'error' });
    server.use(...handlers);
  });
  after(() => server.close());

  it('advertises S256 only and the SMART capabilities', async () => {
    const config = (await (await fetch(`${SIM_ISS}/.well-known/smart-configuration`)).json()) as Record<
      string,
      unknown
    >;
    assert.deepEqual(config.code_challenge_methods_supported, ['S256']);
    assert.ok((config.capabilities as string[]).includes('launch-ehr'));
  });

  it('shows (never redirects) an unknown client or an unregistered redirect URI', async () => {
    assert.equal(
      decideAuthorize(await authorizeParams({ client_id: 'evil' }), page, undefined, Date.now()).kind,
      'invalid',
    );
    assert.equal(
      decideAuthorize(
        await authorizeParams({ redirect_uri: 'https://evil.example/app.html' }),
        page,
        undefined,
        Date.now(),
      ).kind,
      'invalid',
    );
  });

  it('returns an error to the app for plain PKCE, a missing state or a wrong aud', async () => {
    const plain = redirectOf(
      decideAuthorize(await authorizeParams({ code_challenge_method: 'plain' }), page, undefined, Date.now()),
    );
    assert.equal(plain.searchParams.get('error'), 'invalid_request');
    assert.equal(plain.searchParams.get('state'), 'st-1');
    const noState = redirectOf(
      decideAuthorize(await authorizeParams({ state: '' }), page, undefined, Date.now()),
    );
    assert.equal(noState.searchParams.get('error'), 'invalid_request');
    const wrongAud = redirectOf(
      decideAuthorize(await authorizeParams({ aud: 'https://other/fhir' }), page, undefined, Date.now()),
    );
    assert.equal(wrongAud.searchParams.get('error'), 'invalid_request');
  });

  it('asks for a patient in a standalone launch, and requires launch/patient', async () => {
    const standalone = await authorizeParams({ scope: 'launch/patient patient/Patient.rs' });
    standalone.delete('launch');
    assert.equal(decideAuthorize(standalone, page, undefined, Date.now()).kind, 'pick-patient');
    const noPatientScope = await authorizeParams({ scope: 'patient/Patient.rs' });
    noPatientScope.delete('launch');
    assert.equal(
      redirectOf(decideAuthorize(noPatientScope, page, undefined, Date.now())).searchParams.get('error'),
      'invalid_scope',
    );
  });

  it('exchanges the code only with the right PKCE verifier, then refreshes', async () => {
    const code =
      redirectOf(decideAuthorize(await authorizeParams(), page, undefined, Date.now())).searchParams.get(
        'code',
      ) ?? '';
    const base = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: SIM_CLIENT_ID,
    };
    const wrong = await token({ ...base, code_verifier: 'b'.repeat(43) });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error, 'invalid_grant');
    const ok = await token({ ...base, code_verifier: verifier });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.patient, 'p-1');
    assert.equal(ok.body.need_patient_banner, true);
    assert.equal(ok.body.token_type, 'Bearer');
    const refreshed = await token({
      grant_type: 'refresh_token',
      refresh_token: String(ok.body.refresh_token),
    });
    assert.equal(refreshed.status, 200);
    assert.notEqual(refreshed.body.access_token, ok.body.access_token);
  });

  it('grants fewer scopes under scope-reduced', async () => {
    const reduced = Buffer.from(JSON.stringify({ ...launch, error: 'scope-reduced' })).toString('base64url');
    const params = await authorizeParams({
      launch: reduced,
      scope: 'launch patient/Patient.rs user/Location.rs user/PractitionerRole.rs',
    });
    const code =
      redirectOf(decideAuthorize(params, page, undefined, Date.now())).searchParams.get('code') ?? '';
    const ok = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: SIM_CLIENT_ID,
      code_verifier: verifier,
    });
    assert.equal(ok.body.scope, 'launch patient/Patient.rs');
  });

  it('serves the pseudonym key to a signed-in app only, the same key every time, never cached', async () => {
    const code =
      redirectOf(decideAuthorize(await authorizeParams(), page, undefined, Date.now())).searchParams.get(
        'code',
      ) ?? '';
    const ok = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: SIM_CLIENT_ID,
      code_verifier: verifier,
    });
    const anonymous = await fetch(SIM_PSEUDONYM_KEY_URL);
    assert.equal(anonymous.status, 401);
    const forged = await fetch(SIM_PSEUDONYM_KEY_URL, { headers: { Authorization: 'Bearer forged' } });
    assert.equal(forged.status, 401);
    const request = fetchRequester(SIM_ISS, String(ok.body.access_token));
    const source = pseudonymKeySource(SIM_PSEUDONYM_KEY_URL, { iss: SIM_ISS, request });
    const [first, second] = [await source(), await source()];
    assert.match(first, /^[0-9a-f]{64}$/);
    assert.equal(second, first);
    const answer = await fetch(SIM_PSEUDONYM_KEY_URL, {
      headers: { Authorization: `Bearer ${String(ok.body.access_token)}` },
    });
    assert.equal(answer.headers.get('Cache-Control'), 'no-store');
  });
});
