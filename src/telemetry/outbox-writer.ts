/**
 * Events on their way into the outbox: `emit` is synchronous and cheap, so events are gathered and
 * written together a moment later, in the order they were emitted, and written again when a write
 * fails. Until then they are `unsent()`: what the pipeline keeps elsewhere when the page goes away.
 *
 * @example
 * const writer = new OutboxWriter(outbox, (batch) => deliveries.forEach((d) => d.poke()));
 * writer.add(event);
 * await writer.write(); // in the outbox
 */
import type { LoopEvent } from './event';
import type { Outbox } from './outbox';

export class OutboxWriter {
  private pending: LoopEvent[] = [];
  /** Events in a write that has not finished: not yet safe in the outbox. */
  private readonly inFlight = new Map<string, LoopEvent>();
  private writing: Promise<void> = Promise.resolve();
  private idle = true;
  private scheduled = false;

  private failing = false;

  /**
   * `written` is called with each batch once it is in the outbox; `writeError` with the error of a
   * failed write, and with undefined when a write works again after one failed.
   */
  constructor(
    private readonly outbox: Outbox,
    private readonly written: (batch: LoopEvent[]) => void,
    private readonly writeError: (error: unknown) => void = () => undefined,
  ) {}

  /** Queues one event; it is written on the next turn of the event loop with the others. */
  add(event: LoopEvent): void {
    this.pending.push(event);
    this.schedule(0);
  }

  /** What is not yet in the outbox: being written first, then queued, in emission order. */
  unsent(): LoopEvent[] {
    return [...this.inFlight.values(), ...this.pending];
  }

  /** Writes the queued events now; resolves when they (and every write before them) are in the outbox. */
  write(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (!batch.length) return this.writing;
    for (const e of batch) this.inFlight.set(e.id, e);
    const append = () =>
      this.outbox
        .append(batch)
        .then(() => {
          batch.forEach((e) => this.inFlight.delete(e.id));
          this.written(batch);
          if (this.failing) this.writeError(undefined);
          this.failing = false;
        })
        .catch((error: unknown) => {
          console.error('Learning Loop: events could not be written to the outbox; trying again', error);
          this.failing = true;
          this.writeError(error);
          batch.forEach((e) => this.inFlight.delete(e.id));
          this.pending.unshift(...batch);
          this.schedule(2000);
        });
    // Start the transaction now when nothing is being written (a page being hidden may not get
    // another turn of the event loop); otherwise after the write in flight, to keep the order.
    this.writing = this.idle ? append() : this.writing.then(append);
    this.idle = false;
    const mine = this.writing;
    void mine.then(() => {
      if (this.writing === mine) this.idle = true;
    });
    return this.writing;
  }

  private schedule(ms: number): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setTimeout(() => void this.write(), ms);
  }
}
