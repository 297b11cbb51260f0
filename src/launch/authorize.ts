import FHIR from 'fhirclient';
import type { LoopConfig } from '../config/schema';
import { classifyLaunchError } from './errors';
import type { LaunchPlan } from './plan';

/** Where the launch page leaves the chosen server for the redirect page (no secret in it). */
export const ISS_KEY = 'learning-loop:iss';

/**
 * Runs the launch page: plans the launch, then hands over to fhirclient for discovery and the
 * authorize redirect, with PKCE S256 required and a random `state` it checks on return.
 */
export async function authorize(
  config: LoopConfig,
  plan: LaunchPlan,
  url: URL,
  inFrame: boolean,
): Promise<void> {
  sessionStorage.setItem(ISS_KEY, plan.iss);
  try {
    await FHIR.oauth2.authorize({
      iss: plan.iss,
      ...(plan.launch ? { launch: plan.launch } : {}),
      clientId: plan.ehr.clientId,
      scope: plan.scopes.join(' '),
      redirectUri: new URL(config.redirectUri, url).href,
      pkceMode: 'required',
      // Inside an EHR iframe the whole flow stays in the frame; fhirclient otherwise posts back to a parent.
      completeInTarget: inFrame,
    });
  } catch (error) {
    throw classifyLaunchError(error, 'authorize');
  }
}
