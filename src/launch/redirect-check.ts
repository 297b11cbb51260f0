/**
 * The redirect page's check of the authorization it is completing, against the config: the server is
 * on the allow-list (compared in normal form), the client id is the one configured for it, the
 * redirect URI is this page, and the scopes are the ones the app asks for that EHR. fhirclient keeps
 * what the launch page started in sessionStorage (under the `state` key); reading it before the code
 * exchange means a launch tampered with on the way (`?clientId=` on the launch URL, another client's
 * code) never becomes a token the app uses.
 *
 * @example
 * const wrong = redirectMismatches(config, savedAuthorization(), new URL('app.html', location.href).href);
 * if (wrong.length) throw launchTampered(wrong.join('; '));
 */
import { enabledFeatures, findEhr } from '../config/load';
import type { LoopConfig } from '../config/schema';
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
