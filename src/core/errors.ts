import { withoutQuery } from './printable';

/**
 * The message of anything thrown: an Error's message, or the thrown value as text (a string, a
 * rejected fetch's reason, a DOMException from IndexedDB).
 *
 * @example
 * messageOf(new Error('timed out')); // 'timed out'
 * messageOf('quota exceeded'); // 'quota exceeded'
 */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * `fetch`, with a request that got no answer at all named: Node's fetch rejects with a bare "fetch
 * failed" (the reason only in its cause), which says neither which server nor why. The error names the
 * URL actually requested (a token endpoint, a download host: not always the server the user gave),
 * without its query or fragment, where a signed link carries its secret.
 *
 * @example await namedFetch('https://ehr.example.org/fhir/$export')
 * // Error: cannot reach https://ehr.example.org/fhir/$export (ECONNREFUSED): check the URL, ...
 */
export const namedFetch: typeof fetch = (input, init) =>
  fetch(input, init).catch((error: unknown) => {
    if (!(error instanceof TypeError) || error.message !== 'fetch failed') throw error;
    const url = input instanceof Request ? input.url : String(input);
    const cause = error.cause as { code?: string; message?: string } | undefined;
    throw new Error(
      `cannot reach ${withoutQuery(url)} (${cause?.code ?? cause?.message ?? 'no answer'}): check the URL, the network and that the server is up`,
    );
  });
