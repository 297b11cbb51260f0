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
      const wait = Math.min(options.maxMs, options.baseMs * 2 ** (attempt - 1));
      // Ended early by the abort: no timer outlives the pipeline.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, wait);
        options.signal.addEventListener('abort', done, { once: true });
        function done() {
          clearTimeout(timer);
          options.signal.removeEventListener('abort', done);
          resolve();
        }
      });
    }
  }
}
