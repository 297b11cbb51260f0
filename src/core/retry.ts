/**
 * Waiting and trying again: a pause an abort ends at once, exponential backoff, and work tried again
 * until it succeeds (the interaction log's start and its delivery loops).
 */

/** Resolves after `ms`, or at once when `signal` aborts (and leaves no listener behind). */
export function pause(ms: number, signal: AbortSignal, wake?: (resume: () => void) => void): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    wake?.(done);
  });
}

/** The wait before try number `attempt` + 1: `baseMs` doubled each time, at most `maxMs`. */
export const backoffMs = (attempt: number, baseMs: number, maxMs: number) =>
  Math.min(maxMs, baseMs * 2 ** (attempt - 1));

/**
 * Work tried again, with exponential backoff, until it succeeds or `signal` aborts: for a start-up
 * step whose one failure (an IndexedDB error) must not leave a whole session without it.
 *
 * @example await untilDone(() => outbox.register(ids, now), { baseMs: 500, maxMs: 60_000, signal, what: 'the log' })
 */
export async function untilDone(
  work: () => Promise<void>,
  options: { baseMs: number; maxMs: number; signal: AbortSignal; what: string },
): Promise<void> {
  for (let attempt = 1; !options.signal.aborted; attempt++) {
    try {
      return await work();
    } catch (error) {
      console.warn(`Learning Loop: ${options.what} failed; trying again`, error);
      // Ended early by the abort: no timer outlives the pipeline.
      await pause(backoffMs(attempt, options.baseMs, options.maxMs), options.signal);
    }
  }
}
