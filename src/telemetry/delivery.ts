/**
 * One sink's delivery loop: reads the outbox after the sink's cursor, sends a batch, moves the cursor
 * only when the receiver has it. Failures back off exponentially with full jitter (never sooner than
 * the server's Retry-After, capped); a batch the receiver refuses is halved until the one event it
 * refuses is found, which is kept in the outbox's `refused` store (logged, counted) so it cannot block
 * the rest, after a pause so a receiver that refuses everything does not drain the outbox at speed.
 * Each sink has its own loop and cursor, and a Web Lock per EHR and sink makes one tab the sender when
 * several share the outbox: one failing sink neither blocks nor duplicates another, and one EHR's tab
 * never holds another EHR's sink. A 401 or 403 is noted in the outbox (its time survives launches), so
 * a sink refused for longer than the retention allows stops holding the outbox; a delivery clears it.
 */
import type { LoopEvent } from './event';
import type { Outbox } from './outbox';
import { SinkError, isRefusal, type Sink } from './sink';
import { messageOf } from '../core/errors';
import { backoffMs, pause } from '../core/retry';

export interface DeliveryOptions {
  /** Wait for more events before sending a batch smaller than the sink's maximum, ms. */
  batchMs: number;
  /** A request that takes longer is abandoned and retried, ms. */
  timeoutMs: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
  random: () => number;
  online: () => boolean;
  now: () => number;
}

export interface SinkStats {
  delivered: number;
  /** Events the receiver refused even alone: kept aside in the outbox, logged. */
  refused: number;
  failures: number;
  lastError: string | undefined;
}

/** A request that got no answer in time (the next batch is smaller). */
class SinkTimeout extends SinkError {}

export class SinkDelivery {
  readonly stats: SinkStats = { delivered: 0, refused: 0, failures: 0, lastError: undefined };
  private wake: (() => void) | undefined;
  private waitingForBatch = false;
  private flushing = false;
  private keepalive = false;
  private limit: number;
  /** Whether the outbox may still hold a refusal for this sink (from this run or an earlier launch). */
  private refusalNoted = true;

  constructor(
    readonly sink: Sink,
    private readonly outbox: Outbox,
    private readonly options: DeliveryOptions,
    private readonly changed: () => void,
  ) {
    this.limit = sink.maxBatch;
  }

  /**
   * New events are in the outbox (or the network is back): stop idling. While a batch is filling up,
   * only a flush ends the wait early, so batching by time holds under a stream of events.
   */
  poke(flush = false, keepalive = false): void {
    if (flush) this.flushing = true;
    if (keepalive) this.keepalive = true;
    if (!this.waitingForBatch || flush) this.wake?.();
  }

  /** Runs until `signal` aborts; with Web Locks, only while this tab holds the sink's lock. */
  run(signal: AbortSignal): Promise<void> {
    const locks = globalThis.navigator?.locks;
    if (!locks) return this.loop(signal);
    return locks
      .request(`${this.outbox.name}|sink:${this.sink.id}`, { signal }, () => this.loop(signal))
      .then(
        () => undefined,
        () => undefined, // aborted while waiting for the lock
      );
  }

  /**
   * Delivers until `signal` aborts. The outbox failing (an IndexedDB error, the database closed under
   * it) is waited out and tried again like a failed request: it must never end delivery unseen.
   */
  private async loop(signal: AbortSignal): Promise<void> {
    let attempt = 0;
    while (!signal.aborted) {
      try {
        attempt = await this.step(signal, attempt);
      } catch (error) {
        if (signal.aborted) return;
        this.stats.failures++;
        this.stats.lastError = `the outbox could not be read or written: ${messageOf(error)}`;
        attempt++;
        this.changed();
        await pause(this.options.random() * this.backoff(attempt), signal);
      }
    }
  }

  private backoff(attempt: number): number {
    return backoffMs(attempt, this.options.baseBackoffMs, this.options.maxBackoffMs);
  }

  /** One batch (or one wait): returns the count of failed attempts in a row. */
  private async step(signal: AbortSignal, attempt: number): Promise<number> {
    if (!this.options.online()) {
      await this.idle(signal, 60_000);
      return attempt;
    }
    const cursor = await this.outbox.cursor(this.sink.id);
    let batch = await this.outbox.after(cursor, this.limit);
    if (signal.aborted) return attempt;
    if (!batch.length) {
      this.flushing = false;
      await this.idle(signal, 60_000);
      return attempt;
    }
    if (batch.length < this.limit && !this.flushing) {
      // Batch by time: give the next events a moment to join this request.
      this.waitingForBatch = true;
      await this.idle(signal, this.options.batchMs);
      this.waitingForBatch = false;
      if (signal.aborted) return attempt;
      batch = await this.outbox.after(cursor, this.limit);
    }
    const last = batch[batch.length - 1]?.seq ?? cursor;
    const events = batch.map((s) => s.event).filter((e) => this.sink.accepts(e));
    try {
      if (events.length) await this.send(events, signal);
      await this.outbox.advance(this.sink.id, last);
      if (events.length && this.refusalNoted) {
        await this.outbox.clearRefusal(this.sink.id);
        this.refusalNoted = false;
      }
      this.stats.delivered += events.length;
      this.limit = this.sink.maxBatch;
      attempt = 0;
      this.changed();
    } catch (error) {
      if (signal.aborted) return attempt;
      this.stats.failures++;
      this.stats.lastError = messageOf(error);
      attempt++;
      if (error instanceof SinkError && isRefusal(error.status)) {
        await this.outbox.noteRefusal(this.sink.id, this.options.now(), this.stats.lastError);
        this.refusalNoted = true;
      }
      const backoff = this.backoff(attempt);
      const refused = error instanceof SinkError && error.kind === 'refused';
      // Halved: a refused batch until its one bad event is found; one that timed out too, since a
      // receiver that stores a batch but answers too late would get the same one again forever.
      if ((refused || error instanceof SinkTimeout) && batch.length > 1)
        this.limit = Math.max(1, Math.floor(batch.length / 2));
      if (refused) {
        if (batch.length === 1 && batch[0]) {
          console.error(
            `Learning Loop: ${this.sink.id} refused event ${batch[0].event.id}: kept aside`,
            error,
          );
          this.stats.refused++;
          await this.outbox.setAside(this.sink.id, batch[0], this.stats.lastError, this.options.now());
          await this.outbox.advance(this.sink.id, last);
        }
        this.changed();
        await pause(this.options.random() * backoff, signal);
        return attempt;
      }
      // Never sooner than Retry-After, never longer than ten times the longest backoff.
      const retryAfter = error instanceof SinkError ? (error.retryAfterMs ?? 0) : 0;
      const wait = Math.min(
        Math.max(this.options.random() * backoff, retryAfter),
        this.options.maxBackoffMs * 10,
      );
      this.changed();
      await pause(wait, signal);
    }
    return attempt;
  }

  /**
   * Sends events straight from memory, with `keepalive`, as the page goes away: they may not reach the
   * outbox before it does. Fire and forget; the outbox (or the rescue copy) sends them again later, and
   * receivers keep one copy per id.
   */
  sendNow(events: readonly LoopEvent[]): void {
    const taken = events.filter((e) => this.sink.accepts(e));
    if (!this.sink.keepalive || !taken.length) return;
    const signal = new AbortController().signal;
    this.sink.deliver(taken, { signal, keepalive: true }).catch(() => undefined);
  }

  private async send(events: Parameters<Sink['deliver']>[0], signal: AbortSignal): Promise<void> {
    const controller = new AbortController();
    const stop = () => controller.abort();
    signal.addEventListener('abort', stop, { once: true });
    const timer = setTimeout(stop, this.options.timeoutMs);
    try {
      const keepalive = this.keepalive;
      this.keepalive = false;
      // Raced with the abort, so a stop or a time limit ends the wait even if a sink ignores its signal.
      const aborted = new Promise<never>((_, reject) =>
        controller.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')), {
          once: true,
        }),
      );
      await Promise.race([
        this.sink.deliver(events, { signal: controller.signal, ...(keepalive ? { keepalive } : {}) }),
        aborted,
      ]);
    } catch (error) {
      if (controller.signal.aborted && !signal.aborted)
        throw new SinkTimeout(`${this.sink.id} did not answer within ${this.options.timeoutMs} ms`, 'retry');
      throw error;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', stop);
    }
  }

  private idle(signal: AbortSignal, ms: number): Promise<void> {
    return pause(ms, signal, (resume) => {
      this.wake = () => {
        this.wake = undefined;
        resume();
      };
    });
  }
}
