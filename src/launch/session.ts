import FHIR from 'fhirclient';
import type Client from 'fhirclient/lib/Client';
import { findEhr, enabledFeatures } from '../config/load';
import type { EhrConfig, FeatureId, LoopConfig } from '../config/schema';
import type { FeatureOff } from '../core/status';
import { createRequester, type FhirRequester } from '../fhir/requester';
import type { LaunchContext } from '../fhir/context-queries';
import { LaunchError, classifyLaunchError, issNotAllowed } from './errors';
import type { SavedAuthorization } from './redirect-check';
import {
  FEATURE_SCOPES,
  missingScopes,
  requestedScopes,
  restrictedScopes,
  type FeatureRestricted,
} from './scopes';

/** A signed-in SMART session: what the EHR granted, the launch context, and a way to read FHIR. */
export interface SmartSession {
  /** The EHR's FHIR base in its normal form (the config's), whatever form the launch URL used. */
  iss: string;
  ehr: EhrConfig;
  launch: LaunchContext;
  /** Features on in the config and granted by the EHR. */
  features: FeatureId[];
  /** Features on in the config whose scopes the EHR did not grant. */
  featuresOff: FeatureOff[];
  /** Features on and granted, but only through scopes with a query: what they will not fully see. */
  featuresRestricted?: FeatureRestricted[];
  grantedScopes: string[];
  needPatientBanner: boolean;
  smartStyleUrl: string | undefined;
  intent: string | undefined;
  tenant: string | undefined;
  request: FhirRequester;
  /**
   * The token response's SMART Web Messaging handle and origin, unchecked (the prompts chunk checks
   * them with `webMessagingFrom`, keeping that code out of the launch bundle).
   */
  messaging: { smart_web_messaging_handle?: unknown; smart_web_messaging_origin?: unknown };
}

const REQUEST_TIMEOUT_MS = 15_000;

// Fetched as soon as the redirect page runs, while its config loads: needed before the code exchange.
let redirectCheck = globalThis.location ? import('./redirect-check') : undefined;
const loadRedirectCheck = () => (redirectCheck ??= import('./redirect-check'));

/**
 * Throws when fhirclient's saved authorization is not the configured one: an `iss` off the allow-list,
 * or a client id, redirect URI, scope set or server spelling the config does not give for that EHR.
 */
async function checkAuthorization(config: LoopConfig, saved: SavedAuthorization | undefined, here: string) {
  if (!saved) return;
  const ehr = findEhr(config, String(saved.serverUrl));
  if (!ehr) throw issNotAllowed(String(saved.serverUrl));
  const features = enabledFeatures(config, ehr);
  const { authorizationMismatches } = await loadRedirectCheck();
  const wrong = authorizationMismatches(saved, {
    iss: ehr.iss,
    clientId: ehr.clientId,
    redirectUri: here,
    scopes: (['ehr', 'standalone'] as const).map((m) =>
      requestedScopes(features, m, ehr.scopeSyntax).join(' '),
    ),
  });
  if (wrong.length)
    throw new LaunchError(
      'launch-tampered',
      'The sign-in did not match how Learning Loop is registered, so it was stopped.',
      'Open Learning Loop again from the patient chart. If it happens again, give your EHR support team the detail below.',
      `Not as configured: ${wrong.join('; ')}`,
    );
}

/** Completes the redirect: state check, code exchange (PKCE), then what was granted and for whom. */
export async function completeLaunch(config: LoopConfig): Promise<SmartSession> {
  const here = new URL(config.redirectUri, location.href).href;
  // Before the code exchange: a tampered launch never becomes a token.
  await checkAuthorization(
    config,
    (await (redirectCheck ?? import('./redirect-check'))).savedAuthorization(),
    here,
  );
  let client: Client;
  try {
    client = await FHIR.oauth2.ready();
  } catch (error) {
    throw classifyLaunchError(error, 'ready');
  }
  await checkAuthorization(config, client.state, here);
  const ehr = findEhr(config, String(client.state.serverUrl));
  if (!ehr) throw issNotAllowed(String(client.state.serverUrl));
  const iss = ehr.iss;
  const token = client.state.tokenResponse ?? {};
  const grantedScopes = String(token.scope ?? client.state.scope ?? '')
    .split(/\s+/)
    .filter(Boolean);
  const wanted = enabledFeatures(config, ehr);
  const featuresOff: FeatureOff[] = wanted
    .map((feature) => ({
      feature,
      label: FEATURE_SCOPES[feature].label,
      missingScopes: missingScopes(grantedScopes, feature, ehr.scopeSyntax),
    }))
    .filter((f) => f.missingScopes.length > 0);
  if (featuresOff.some((f) => FEATURE_SCOPES[f.feature as FeatureId].required)) {
    throw new LaunchError(
      'scope-missing',
      "The EHR did not allow Learning Loop to read the patient's record.",
      'Ask your EHR administrator to grant patient/Patient.rs (or patient/Patient.read) to Learning Loop.',
      `Granted: ${grantedScopes.join(' ') || '(nothing)'}`,
    );
  }
  const patientId = typeof token.patient === 'string' ? token.patient : undefined;
  if (!patientId) {
    throw new LaunchError(
      'patient-missing',
      'The EHR did not say which patient is open.',
      "Open a patient's chart, then start Learning Loop from it.",
      'The token response had no patient.',
    );
  }
  const off = new Set(featuresOff.map((f) => f.feature));
  const features = wanted.filter((f) => !off.has(f));
  const featuresRestricted = features.flatMap((feature) => {
    const scopes = restrictedScopes(grantedScopes, feature);
    return scopes.length ? [{ feature, label: FEATURE_SCOPES[feature].label, scopes }] : [];
  });
  return {
    iss,
    ehr,
    launch: {
      patientId,
      encounterId: typeof token.encounter === 'string' ? token.encounter : undefined,
      fhirUser: client.getFhirUser() ?? undefined,
      fhirContext: Array.isArray(token.fhirContext) ? token.fhirContext : [],
    },
    features,
    featuresOff,
    featuresRestricted,
    grantedScopes,
    needPatientBanner: token.need_patient_banner === true,
    smartStyleUrl: typeof token.smart_style_url === 'string' ? token.smart_style_url : undefined,
    intent: typeof token.intent === 'string' ? token.intent : undefined,
    tenant: typeof token.tenant === 'string' ? token.tenant : undefined,
    request: clientRequester(client, iss),
    messaging: {
      smart_web_messaging_handle: token.smart_web_messaging_handle,
      smart_web_messaging_origin: token.smart_web_messaging_origin,
    },
  };
}

/**
 * FHIR requests with fhirclient's token. fhirclient 2.6's own `request` clears the session on a 401
 * instead of refreshing, so requests go through our fetch requester and only the token refresh is
 * fhirclient's (`client.refresh()`, which updates its sessionStorage state).
 */
export function clientRequester(client: Client, baseUrl = String(client.state.serverUrl)): FhirRequester {
  return createRequester({
    baseUrl,
    accessToken: () => client.state.tokenResponse?.access_token,
    refresh: client.state.tokenResponse?.refresh_token
      ? async () => void (await client.refresh())
      : undefined,
    expiresSoon: () =>
      typeof client.state.expiresAt === 'number' && client.state.expiresAt - 10 < Date.now() / 1000,
    timeoutMs: REQUEST_TIMEOUT_MS,
  });
}
