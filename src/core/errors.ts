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
 * Runs `work` against the server at `url`; a request that got no answer at all (Node's fetch rejects
 * with a bare "fetch failed") becomes an error naming the server and the system's reason, which is
 * what the person at the command line can act on.
 *
 * @example await reaching('https://ehr.example.org/fhir', exportForMeasures(base, options))
 * // Error: cannot reach https://ehr.example.org/fhir (ECONNREFUSED): check the URL, the network ...
 */
export async function reaching<T>(url: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (!(error instanceof TypeError) || error.message !== 'fetch failed') throw error;
    const cause = error.cause as { code?: string; message?: string } | undefined;
    throw new Error(
      `cannot reach ${url} (${cause?.code ?? cause?.message ?? 'no answer'}): check the URL, the network and that the server is up`,
      { cause: error },
    );
  }
}
