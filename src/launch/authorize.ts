import FHIR from 'fhirclient';
import type { LoopConfig } from '../config/schema';
import { classifyLaunchError } from './errors';
import type { LaunchPlan } from './plan';

/** Where the launch page leaves the chosen server for the redirect page (no secret in it). */
export const ISS_KEY = 'learning-loop:iss';

/** 256 random bits from Web Crypto, as hex (fhirclient's own `state` comes from Math.random). */
export function randomState(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
}

/**
 * The launch URL as fhirclient may see it: the planned `iss` (in its normal form) and `launch`, nothing
 * else. fhirclient lets the page URL's `iss`, `clientId`, `patientId` and `fhirServiceUrl` override the
 * options the app gives it, so `?clientId=attacker` or a trailing-slash `iss` must not reach it.
 *
 * @example launchUrl(new URL('https://app/launch.html?iss=https://ehr/fhir/&launch=L&clientId=x'), plan)
 * // https://app/launch.html?iss=https%3A%2F%2Fehr%2Ffhir&launch=L
 */
export function launchUrl(url: URL, plan: Pick<LaunchPlan, 'iss' | 'launch'>): URL {
  const clean = new URL(url.pathname, url.origin);
  clean.searchParams.set('iss', plan.iss);
  if (plan.launch) clean.searchParams.set('launch', plan.launch);
  return clean;
}

/**
 * Runs the launch page: plans the launch, then hands over to fhirclient for discovery and the
 * authorize redirect, with PKCE S256 required and a `state` of 256 random bits it checks on return.
 * The redirect page checks fhirclient's saved client, redirect, scopes and server against the config
 * before the code is exchanged (redirect-check.ts).
 */
export async function authorize(
  config: LoopConfig,
  plan: LaunchPlan,
  url: URL,
  inFrame: boolean,
): Promise<void> {
  sessionStorage.setItem(ISS_KEY, plan.iss);
  history.replaceState(history.state, '', launchUrl(url, plan));
  try {
    await FHIR.oauth2.authorize({
      iss: plan.iss,
      ...(plan.launch ? { launch: plan.launch } : {}),
      clientId: plan.ehr.clientId,
      scope: plan.scopes.join(' '),
      redirectUri: new URL(config.redirectUri, url).href,
      stateKey: randomState(),
      pkceMode: 'required',
      // Inside an EHR iframe the whole flow stays in the frame; fhirclient otherwise posts back to a parent.
      completeInTarget: inFrame,
    });
  } catch (error) {
    throw classifyLaunchError(error, 'authorize');
  }
}
