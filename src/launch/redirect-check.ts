/**
 * The redirect page's check of the authorization it is completing, against the config: the server is
 * on the allow-list (compared in normal form), the client id is the one configured for it, the
 * redirect URI is this page, and the scopes are the ones the app asks for that EHR. fhirclient keeps
 * what the launch page started in sessionStorage (under the `state` key); reading it before the code
 * exchange means a launch tampered with on the way (`?clientId=` on the launch URL, another client's
 * code) never becomes a token the app uses.
 *
 * @example checkAuthorization(config, savedAuthorization(), new URL('app.html', location.href).href);
 */
import { enabledFeatures, findEhr } from '../config/load';
import type { LoopConfig } from '../config/schema';
import { LaunchError, RELAUNCH, issNotAllowed } from './errors';
import { requestedScopes } from './scopes';

/** The part of fhirclient's saved state this check reads. */
export interface SavedAuthorization {
  serverUrl?: unknown;
  clientId?: unknown;
  redirectUri?: unknown;
  scope?: unknown;
}

/** fhirclient's state for the authorization in progress (or completed, on a reload); undefined if none. */
export function savedAuthorization(
  url: URL = new URL(location.href),
  storage: Storage = sessionStorage,
): SavedAuthorization | undefined {
  try {
    const key =
      url.searchParams.get('state') ?? (JSON.parse(storage.getItem('SMART_KEY') ?? 'null') as unknown);
    if (typeof key !== 'string') return undefined;
    return (JSON.parse(storage.getItem(key) ?? 'null') as SavedAuthorization | null) ?? undefined;
  } catch {
    return undefined;
  }
}

/** What in the saved authorization differs from the config; empty when all holds. */
export function redirectMismatches(
  config: LoopConfig,
  saved: SavedAuthorization,
  redirectUri: string,
): string[] {
  const ehr = findEhr(config, String(saved.serverUrl));
  if (!ehr) return [`server ${String(saved.serverUrl).slice(0, 200)} is not in the config`];
  const features = enabledFeatures(config, ehr);
  const scopes = (['ehr', 'standalone'] as const).map((mode) =>
    requestedScopes(features, mode, ehr.scopeSyntax).join(' '),
  );
  const wrong: string[] = [];
  // `aud` was the saved server URL: it must be the normal form itself, not a spelling of it.
  if (saved.serverUrl !== ehr.iss) wrong.push(`server ${JSON.stringify(saved.serverUrl)}`);
  if (saved.clientId !== ehr.clientId) wrong.push(`client id ${JSON.stringify(saved.clientId)}`);
  if (saved.redirectUri !== redirectUri) wrong.push(`redirect URI ${JSON.stringify(saved.redirectUri)}`);
  if (!scopes.includes(String(saved.scope))) wrong.push(`scopes ${JSON.stringify(saved.scope)}`);
  return wrong;
}

/** The sign-in did not match the app's registration (client, redirect, scopes, server): stopped. */
export function launchTampered(detail: string): LaunchError {
  return new LaunchError(
    'launch-tampered',
    'The sign-in did not match how Learning Loop is registered, so it was stopped.',
    `${RELAUNCH} If it happens again, give your EHR support team the detail below.`,
    detail,
  );
}

/** Throws the LaunchError a clinician sees when the saved authorization is not the configured one. */
export function checkAuthorization(config: LoopConfig, saved: SavedAuthorization, redirectUri: string): void {
  if (!findEhr(config, String(saved.serverUrl))) throw issNotAllowed(String(saved.serverUrl));
  const wrong = redirectMismatches(config, saved, redirectUri);
  if (wrong.length) throw launchTampered(`Not as configured: ${wrong.join('; ')}`);
}
