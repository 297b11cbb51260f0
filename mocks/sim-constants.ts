import { decode, encodeURL } from '../src/launch/base64-shim';
/**
 * Constants shared by the simulator pages, the authorize page and the msw handlers. No msw import
 * here: the authorize page must stay free of it (it is a navigation, which the worker does not see).
 */

/** The simulated EHR's FHIR base. `.invalid` never resolves, so nothing leaves the browser without msw. */
export const SIM_ISS = 'https://ehr.sim.invalid/fhir/r4';
export const SIM_TOKEN_URL = 'https://ehr.sim.invalid/auth/token';
export const SIM_CLIENT_ID = 'learning-loop-local';
/** The simulated EHR's pseudonym key endpoint (see mocks/smart/pseudonym-key.ts and the README). */
export const SIM_PSEUDONYM_KEY_URL = `${SIM_ISS}/learning-loop/pseudonym-key`;
/** The simulator's authorize page, relative to the app's pages. */
export const SIM_AUTHORIZE_PAGE = 'ehr-authorize.html';
/** sessionStorage key: the patient a standalone launch picks without asking (scripted launches). */
export const STANDALONE_PICK_KEY = 'learning-loop-sim:standalone-patient';

/** Failures the simulator can cause, each mapped to the message the app must show. */
export const SIM_ERRORS = {
  none: 'No error',
  'authorize-denied': 'Clinician declines at the authorize step',
  'token-error': 'Token endpoint rejects the code',
  'scope-reduced': 'EHR grants fewer scopes (no Location, PractitionerRole)',
  'no-fhiruser': 'EHR grants no openid fhirUser: the app does not know who is signed in',
  'token-expired': 'Access token expires: first FHIR call gets 401, app refreshes',
  'fhir-down': 'FHIR server does not answer',
  'fhir-500': 'FHIR server answers 500',
  'fhir-429': 'FHIR server answers 429 with Retry-After',
  'fhir-403': 'FHIR server answers 403',
  'no-pkce': 'Server does not advertise PKCE S256',
} as const;
export type SimError = keyof typeof SIM_ERRORS;

/** What the simulated EHR knows at launch; carried inside the opaque launch, code and tokens. */
export interface SimLaunch {
  patient?: string | undefined;
  encounter?: string | undefined;
  practitioner: string;
  error: SimError;
  needPatientBanner: boolean;
  /** A Location id to pass as fhirContext (the first place the app looks for the unit). */
  fhirContextLocation?: string | undefined;
  /** Send fhirUser as an absolute URL, as Epic does. */
  absoluteFhirUser?: boolean | undefined;
  /** Offer SMART Web Messaging: the token response carries a messaging handle and origin. */
  webMessaging?: boolean | undefined;
}

/** The simulated EHR's SMART Web Messaging handle (a real EHR issues one per launch). */
export const SIM_MESSAGING_HANDLE = 'learning-loop-sim-messaging';

/** base64url(JSON): the simulator's opaque handles are readable, which a real EHR's are not. */
export function encodeHandle(value: unknown): string {
  return encodeURL(JSON.stringify(value));
}

export function decodeHandle<T>(handle: string): T | undefined {
  try {
    return JSON.parse(decode(handle)) as T;
  } catch {
    return undefined;
  }
}

/** The authorization code's content: the launch plus what the token endpoint must check. */
export interface SimCode {
  launch: SimLaunch;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scope: string;
  exp: number;
}

/** The access and refresh tokens' content. */
export interface SimToken {
  kind: 'access' | 'refresh';
  launch: SimLaunch;
  scope: string;
  exp: number;
  /** Access tokens of generation 0 are rejected with 401 under `token-expired`, to force a refresh. */
  generation: number;
}

/** Scopes the simulated EHR grants: what was asked, less what `scope-reduced` or `no-fhiruser` takes away. */
export function grantScopes(requested: string, error: SimError): string {
  const scopes = requested.split(/\s+/).filter(Boolean);
  if (error === 'no-fhiruser') return scopes.filter((s) => s !== 'openid' && s !== 'fhirUser').join(' ');
  if (error !== 'scope-reduced') return scopes.join(' ');
  return scopes.filter((s) => !/^(user|patient)\/(Location|PractitionerRole)\./.test(s)).join(' ');
}

/** The data's "now": the start of the current hour, so every page of one session sees the same dates. */
export function dataNow(now = Date.now()): Date {
  return new Date(Math.floor(now / 3_600_000) * 3_600_000);
}
