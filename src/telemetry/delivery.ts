/**
 * One sink's delivery loop: reads the outbox after the sink's cursor, sends a batch, moves the cursor
 * only when the receiver has it. Failures back off exponentially with full jitter (never sooner than
 * the server's Retry-After); a batch the receiver refuses is halved until the one event it refuses is
 * found, which is then set aside (logged, counted) so it cannot block the others. Each sink has its
 * own loop and cursor: one failing sink neither blocks nor duplicates another.
 */
import type { Outbox } from './outbox';
import { SinkError, type Sink } from './sink';

export interface DeliveryOptions {
  /** Wait for more events before sending a batch smaller than the sink's maximum, ms. */
  batchMs: number;
  /** A request that takes longer is abandoned and retried, ms. */
  timeoutMs: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
  random: () => number;
  online: () => boolean;
}

export interface SinkStats {
  delivered: number;
  /** Events the receiver refused even alone: logged and skipped. */
  refused: number;
  failures: number;
  lastError: string | undefined;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

export class SinkDelivery {
  readonly stats: SinkStats = { delivered: 0, refused: 0, failures: 0, lastError: undefined };
  private wake: (() => void) | undefined;
  private flushing = false;
  private keepalive = false;
  private limit: number;

  constructor(
    readonly sink: Sink,
    private readonly outbox: Outbox,
    private readonly options: DeliveryOptions,
    private readonly changed: () => void,
  ) {
    this.limit = sink.maxBatch;
  }

  /** New events are in the outbox (or the network is back): stop waiting. */
  poke(flush = false, keepalive = false): void {
    if (flush) this.flushing = true;
    if (keepalive) this.keepalive = true;
    this.wake?.();
  }

  async run(signal: AbortSignal): Promise<void> {
    let attempt = 0;
    while (!signal.aborted) {
      if (!this.options.online()) {
        await this.idle(signal, 60_000);
        continue;
      }
      const cursor = await this.outbox.cursor(this.sink.id);
      let batch = await this.outbox.after(cursor, this.limit);
      if (!batch.length) {
        this.flushing = false;
        await this.idle(signal, 60_000);
        continue;
      }
      if (batch.length < this.limit && !this.flushing) {
        // Batch by time: give the next events a moment to join this request.
        await this.idle(signal, this.options.batchMs);
        batch = await this.outbox.after(cursor, this.limit);
      }
      const last = batch[batch.length - 1]?.seq ?? cursor;
      const events = batch.map((s) => s.event).filter((e) => this.sink.accepts(e));
      try {
        if (events.length) await this.send(events, signal);
        await this.outbox.advance(this.sink.id, last);
        this.stats.delivered += events.length;
        this.limit = this.sink.maxBatch;
        attempt = 0;
        this.changed();
      } catch (error) {
        if (signal.aborted) return;
        this.stats.failures++;
        this.stats.lastError = error instanceof Error ? error.message : String(error);
        if (error instanceof SinkError && error.kind === 'refused') {
          if (batch.length > 1) {
            this.limit = Math.max(1, Math.floor(batch.length / 2));
          } else {
            console.error(
              `Learning Loop: ${this.sink.id} refused event ${batch[0]?.event.id}: set aside`,
              error,
            );
            this.stats.refused++;
            await this.outbox.advance(this.sink.id, last);
          }
          this.changed();
          continue;
        }
        attempt++;
        const backoff = Math.min(this.options.maxBackoffMs, this.options.baseBackoffMs * 2 ** (attempt - 1));
        const wait = Math.max(
          this.options.random() * backoff,
          error instanceof SinkError ? (error.retryAfterMs ?? 0) : 0,
        );
        this.changed();
        await sleep(wait, signal);
      }
    }
  }

  private async send(events: Parameters<Sink['deliver']>[0], signal: AbortSignal): Promise<void> {
    const controller = new AbortController();
    const stop = () => controller.abort();
    signal.addEventListener('abort', stop, { once: true });
    const timer = setTimeout(stop, this.options.timeoutMs);
    try {
      const keepalive = this.keepalive;
      this.keepalive = false;
      await this.sink.deliver(events, { signal: controller.signal, ...(keepalive ? { keepalive } : {}) });
    } catch (error) {
      if (controller.signal.aborted && !signal.aborted)
        throw new SinkError(`${this.sink.id} did not answer within ${this.options.timeoutMs} ms`, 'retry');
      throw error;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', stop);
    }
  }

  private idle(signal: AbortSignal, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
