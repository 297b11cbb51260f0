import { HttpResponse, http, type HttpHandler } from 'msw';
import {
  SIM_ISS,
  SIM_MESSAGING_HANDLE,
  SIM_TOKEN_URL,
  decodeHandle,
  encodeHandle,
  type SimCode,
  type SimLaunch,
  type SimToken,
} from '../sim-constants';
import { verifyPkce } from './pkce';
import { pseudonymKeyHandlers } from './pseudonym-key';
import type { MockServerOptions } from '../server-options';

const ACCESS_TTL_S = 3600;

/**
 * The SMART authorization server: discovery and the token endpoint (authorize is a page), and the
 * deployment's pseudonym key endpoint, which a real organisation serves beside its EHR.
 */
export function smartHandlers(options: MockServerOptions): HttpHandler[] {
  const { authorizeUrl, now } = options;
  return [
    ...pseudonymKeyHandlers(now),
    http.get(`${SIM_ISS}/.well-known/smart-configuration`, () => {
      const noPkce = options.flags().noPkce === true;
      return HttpResponse.json({
        issuer: SIM_ISS,
        authorization_endpoint: authorizeUrl,
        token_endpoint: SIM_TOKEN_URL,
        grant_types_supported: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_methods_supported: ['none'],
        scopes_supported: [
          'openid',
          'fhirUser',
          'launch',
          'launch/patient',
          'online_access',
          'patient/*.rs',
          'user/*.rs',
        ],
        response_types_supported: ['code'],
        code_challenge_methods_supported: noPkce ? [] : ['S256'],
        capabilities: [
          'launch-ehr',
          'launch-standalone',
          'client-public',
          'context-ehr-patient',
          'context-ehr-encounter',
          'context-standalone-patient',
          'context-banner',
          'context-style',
          'sso-openid-connect',
          'permission-v2',
          'permission-v1',
          'permission-patient',
          'permission-user',
          'permission-online',
        ],
      });
    }),
    http.post(SIM_TOKEN_URL, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      const grant = form.get('grant_type');
      if (grant === 'authorization_code') return exchangeCode(form, now());
      if (grant === 'refresh_token') return refresh(form, now());
      return tokenError('unsupported_grant_type', `grant_type ${grant ?? '(missing)'} is not supported`);
    }),
  ];
}

async function exchangeCode(form: URLSearchParams, nowMs: number) {
  const code = decodeHandle<SimCode>(form.get('code') ?? '');
  if (!code || code.exp < nowMs)
    return tokenError('invalid_grant', 'The authorization code is invalid or expired.');
  if (code.launch.error === 'token-error')
    return tokenError('invalid_grant', 'Simulated: the EHR rejected the authorization code.');
  if (form.get('redirect_uri') !== code.redirectUri)
    return tokenError('invalid_grant', 'redirect_uri does not match the authorize request.');
  if (form.get('client_id') !== code.clientId)
    return tokenError('invalid_client', 'client_id does not match the authorize request.');
  if (!(await verifyPkce(form.get('code_verifier'), code.codeChallenge))) {
    return tokenError(
      'invalid_grant',
      'PKCE verification failed: code_verifier does not match the S256 code_challenge.',
    );
  }
  return tokenResponse(code.launch, code.scope, nowMs, 0);
}

function refresh(form: URLSearchParams, nowMs: number) {
  const token = decodeHandle<SimToken>(form.get('refresh_token') ?? '');
  if (!token || token.kind !== 'refresh') return tokenError('invalid_grant', 'The refresh token is invalid.');
  return tokenResponse(token.launch, token.scope, nowMs, token.generation + 1);
}

function tokenResponse(launch: SimLaunch, scope: string, nowMs: number, generation: number) {
  const access: SimToken = { kind: 'access', launch, scope, exp: nowMs + ACCESS_TTL_S * 1000, generation };
  const refreshToken: SimToken = { ...access, kind: 'refresh', exp: nowMs + 8 * 3600 * 1000 };
  const fhirUserRef = `Practitioner/${launch.practitioner}`;
  const claims = {
    iss: SIM_ISS,
    sub: launch.practitioner,
    aud: 'learning-loop',
    fhirUser: launch.absoluteFhirUser ? `${SIM_ISS}/${fhirUserRef}` : fhirUserRef,
    iat: Math.floor(nowMs / 1000),
    exp: Math.floor(nowMs / 1000) + ACCESS_TTL_S,
  };
  // An unsigned id_token: fhirclient only decodes it. A real EHR signs it (RS256) and publishes JWKS.
  const idToken = `${encodeHandle({ alg: 'none', typ: 'JWT' })}.${encodeHandle(claims)}.`;
  const granted = scope.split(' ');
  return HttpResponse.json(
    {
      access_token: encodeHandle(access),
      token_type: 'Bearer',
      expires_in: ACCESS_TTL_S,
      scope,
      refresh_token: encodeHandle(refreshToken),
      ...(granted.includes('openid') ? { id_token: idToken } : {}),
      patient: launch.patient,
      ...(launch.encounter ? { encounter: launch.encounter } : {}),
      ...(launch.fhirContextLocation
        ? { fhirContext: [{ reference: `Location/${launch.fhirContextLocation}` }] }
        : {}),
      need_patient_banner: launch.needPatientBanner,
      ...(launch.webMessaging && globalThis.location
        ? {
            smart_web_messaging_handle: SIM_MESSAGING_HANDLE,
            smart_web_messaging_origin: globalThis.location.origin,
          }
        : {}),
      smart_style_url: new URL('sim-style.json', globalThis.location?.href ?? 'https://ehr.sim.invalid/')
        .href,
    },
    { headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' } },
  );
}

function tokenError(error: string, description: string) {
  return HttpResponse.json(
    { error, error_description: description },
    { status: 400, headers: { 'Cache-Control': 'no-store' } },
  );
}
