/**
 * The redirect page's check of the authorization it is completing: the server is exactly the
 * configured `iss` (its normal form, which was the `aud`), the client id is the one configured for it,
 * the redirect URI is this page, and the scopes are the ones the app asks for that EHR. fhirclient
 * keeps what the launch page started in sessionStorage (under the `state` key); reading it before the
 * code exchange means a launch tampered with on the way (`?clientId=` on the launch URL, another
 * client's code) never becomes a token the app uses.
 *
 * It imports nothing, so the redirect page fetches it on its own while the config loads (session.ts):
 * its few hundred bytes stay out of the panel's initial JavaScript.
 *
 * @example
 * const saved = savedAuthorization();
 * const wrong = saved ? authorizationMismatches(saved, { iss, clientId, redirectUri, scopes }) : [];
 */

/** The part of fhirclient's saved state this check reads. */
export interface SavedAuthorization {
  serverUrl?: unknown;
  clientId?: unknown;
  redirectUri?: unknown;
  scope?: unknown;
}

/** What the config says the authorization must be, for the EHR it names. */
export interface ExpectedAuthorization {
  iss: string;
  clientId: string;
  redirectUri: string;
  /** The scope strings the app would ask for (one per launch mode). */
  scopes: readonly string[];
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

/** What in the saved authorization differs from the expected one; empty when all holds. */
export function authorizationMismatches(
  saved: SavedAuthorization,
  expected: ExpectedAuthorization,
): string[] {
  const wrong: string[] = [];
  // `aud` was the saved server URL: it must be the normal form itself, not a spelling of it.
  if (saved.serverUrl !== expected.iss) wrong.push(`server ${JSON.stringify(saved.serverUrl)}`);
  if (saved.clientId !== expected.clientId) wrong.push(`client id ${JSON.stringify(saved.clientId)}`);
  if (saved.redirectUri !== expected.redirectUri)
    wrong.push(`redirect URI ${JSON.stringify(saved.redirectUri)}`);
  if (!expected.scopes.includes(String(saved.scope))) wrong.push(`scopes ${JSON.stringify(saved.scope)}`);
  return wrong;
}
