import { FhirRequestError, parseRetryAfter } from './errors';

/**
 * How every module reads FHIR: a path relative to the server base (`Patient/1`, `Encounter?_id=2`)
 * in, parsed JSON out, a FhirRequestError on failure. The launch module implements it over fhirclient
 * (token, refresh on 401); tests and the integration tier implement it over plain fetch.
 */
export type FhirRequester = (path: string, options?: { signal?: AbortSignal }) => Promise<unknown>;

/** A requester over `fetch` for an open server or a given bearer token (tests, integration tier). */
export function fetchRequester(baseUrl: string, token?: string, timeoutMs = 15_000): FhirRequester {
  const base = baseUrl.replace(/\/+$/, '');
  return async (path, options = {}) => {
    const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])];
    let response: Response;
    try {
      response = await fetch(`${base}/${path}`, {
        headers: { Accept: 'application/fhir+json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        signal: AbortSignal.any(signals),
      });
    } catch (error) {
      throw new FhirRequestError(0, path, `No answer for ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!response.ok) {
      throw new FhirRequestError(
        response.status,
        path,
        `${response.status} ${response.statusText} for ${path}: ${await outcomeText(response)}`,
        parseRetryAfter(response.headers.get('Retry-After'), Date.now()),
      );
    }
    return response.json();
  };
}

/** The diagnostics of an OperationOutcome body, or the start of whatever else came back. */
export async function outcomeText(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { issue?: { diagnostics?: string; details?: { text?: string } }[] };
    const messages = (body.issue ?? []).map((i) => i.diagnostics ?? i.details?.text).filter(Boolean);
    if (messages.length) return messages.join('; ');
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 200);
}
