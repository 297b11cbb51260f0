import {
  SIM_CLIENT_ID,
  SIM_ISS,
  encodeHandle,
  decodeHandle,
  grantScopes,
  type SimCode,
  type SimLaunch,
} from '../sim-constants';

export type AuthorizeOutcome =
  | { kind: 'redirect'; url: string }
  /** Client or redirect URI not trusted: OAuth forbids redirecting, so the page shows the error. */
  | { kind: 'invalid'; message: string }
  /** A standalone launch with nobody picked yet: the page asks. */
  | { kind: 'pick-patient' };

const CODE_TTL_MS = 60_000;

/**
 * What the simulated EHR's authorize endpoint does with a request, as RFC 6749 and SMART 2 say:
 * verify client and redirect URI first, then return every other problem to the app as `?error=`.
 */
export function decideAuthorize(
  params: URLSearchParams,
  page: URL,
  standalonePick: SimLaunch | undefined,
  now: number,
): AuthorizeOutcome {
  const clientId = params.get('client_id');
  if (clientId !== SIM_CLIENT_ID)
    return { kind: 'invalid', message: `Unknown client_id ${JSON.stringify(clientId)}.` };
  const redirectUri = params.get('redirect_uri') ?? '';
  let redirect: URL;
  try {
    redirect = new URL(redirectUri);
  } catch {
    return { kind: 'invalid', message: 'redirect_uri is missing or not a URL.' };
  }
  if (redirect.origin !== page.origin || !redirect.pathname.endsWith('/app.html')) {
    return { kind: 'invalid', message: `redirect_uri ${redirectUri} is not registered for this client.` };
  }
  const state = params.get('state');
  const fail = (error: string, description: string) => {
    const url = new URL(redirect);
    url.searchParams.set('error', error);
    url.searchParams.set('error_description', description);
    if (state) url.searchParams.set('state', state);
    return { kind: 'redirect', url: url.href } as const;
  };
  if (params.get('response_type') !== 'code')
    return fail('unsupported_response_type', 'response_type must be code');
  if (!state) return fail('invalid_request', 'state is required');
  const challenge = params.get('code_challenge');
  if (params.get('code_challenge_method') !== 'S256' || !challenge)
    return fail('invalid_request', 'PKCE with code_challenge_method S256 is required');
  if (params.get('aud') !== SIM_ISS) return fail('invalid_request', `aud must be ${SIM_ISS}`);
  const scope = params.get('scope') ?? '';
  const launchHandle = params.get('launch');
  let launch: SimLaunch | undefined;
  if (launchHandle) {
    launch = decodeHandle<SimLaunch>(launchHandle);
    if (!launch?.practitioner)
      return fail('invalid_request', 'The launch parameter is not one this EHR issued');
  } else {
    if (!scope.split(' ').includes('launch/patient'))
      return fail('invalid_scope', 'A standalone launch must ask for launch/patient');
    if (!standalonePick?.patient) return { kind: 'pick-patient' };
    launch = standalonePick;
  }
  if (launch.error === 'authorize-denied')
    return fail('access_denied', 'The user declined to authorize Learning Loop');
  const code: SimCode = {
    launch,
    clientId,
    redirectUri,
    codeChallenge: challenge,
    scope: grantScopes(scope, launch.error),
    exp: now + CODE_TTL_MS,
  };
  const url = new URL(redirect);
  url.searchParams.set('code', encodeHandle(code));
  url.searchParams.set('state', state);
  return { kind: 'redirect', url: url.href };
}
