/**
 * The deployment's pseudonym key, fetched at launch from its key endpoint (the sink's
 * `pseudonymKeyUrl`), never from a static file. The endpoint answers `GET` with
 * `{"key": "<at least 32 characters>"}` and `Cache-Control: no-store`, to a signed-in user only:
 *
 * - on the EHR's FHIR server (the URL is under `iss`), the request carries the SMART access token,
 *   through the app's requester (refreshed on 401, never sent to any other host);
 * - anywhere else, it carries the browser's cookies for that host (`credentials: 'include'`, the
 *   organisation's own sign-on) and no token; that host must allow this origin with credentials (CORS).
 *
 * The key stays in memory for the session. Whoever can sign in to the app can read it; what it keeps
 * from the analytics store's readers is in the README ("Privacy").
 *
 * @example
 * const key = pseudonymKeySource('https://ehr.example.org/fhir/R4/learning-loop/pseudonym-key', session);
 * const sink = ndjsonSink({ url, pseudonymKey: key });
 */
import type { FhirRequester } from '../fhir/requester';

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** The shortest key accepted: 256 bits written as hex or base64 are longer. */
export const MIN_KEY_LENGTH = 32;

/** Whether `url` is on the FHIR server at `iss` (in its normal form): same origin, under its path. */
export function onEhr(url: string, iss: string): boolean {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`.startsWith(`${iss}/`);
  } catch {
    return false;
  }
}

/** The key out of an endpoint's answer, or an error that says what was wrong. */
export function keyOf(body: unknown, url: string): string {
  const key = (body as { key?: unknown } | null)?.key;
  if (typeof key !== 'string' || key.length < MIN_KEY_LENGTH)
    throw new Error(`${url} did not answer {"key": "<at least ${MIN_KEY_LENGTH} characters>"}`);
  return key;
}

/** How a sink gets the key: a function the privacy transform calls (and calls again after a failure). */
export function pseudonymKeySource(
  url: string,
  access: { iss: string; request: FhirRequester },
  fetchImpl: Fetch = (input, init) => fetch(input, init),
): () => Promise<string> {
  return async () => {
    if (onEhr(url, access.iss)) return keyOf(await access.request(url), url);
    const response = await fetchImpl(url, {
      credentials: 'include',
      cache: 'no-store',
      headers: { Accept: 'application/json' },
    });
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    return keyOf(await response.json(), url);
  };
}
