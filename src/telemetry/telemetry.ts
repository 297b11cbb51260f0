/**
 * The event pipeline: emit (validate, enrich with session, app version and context) → the durable
 * outbox → one delivery loop per sink. `emit` is synchronous and cheap (the panel calls it on clicks);
 * events are written to the outbox together a moment later. Before any delivery or pruning, every
 * configured sink is registered in the outbox, and events rescued from a page that went away are put
 * back. When the page is hidden or goes away, what is not yet in the outbox is also kept in
 * localStorage (rescue.ts) and sent at once to the sinks whose requests outlive the page.
 *
 * @example
 * const telemetry = new Telemetry(await openOutbox(name), [ndjsonSink({ url })], { app: '0.1.0' });
 * telemetry.setContext({ patient: 'Patient/p-1', practitioner: 'Practitioner/pr-1' });
 * telemetry.start();
 * telemetry.emit({ type: 'card-dismissed', card: uuid, source: 'local:starter' });
 */
import { messageOf } from '../core/errors';
import { Model } from '../core/model';
import { untilDone } from '../core/retry';
import { validateEvent, type LoopEvent } from './event';
import { SinkDelivery } from './delivery';
import type { Outbox } from './outbox';
import { OutboxWriter } from './outbox-writer';
import {
  DEFAULT_BACKOFF,
  deliveryOptions,
  type Context,
  type EventInput,
  type TelemetryOptions,
  type TelemetryState,
} from './telemetry-types';
import { followPage } from './page-events';
import { localRescue, type Rescue } from './rescue';
import { DEFAULT_RETENTION, type Drop, type RetentionPolicy } from './retention';
import { readSinkStates, type SinkState } from './sink-states';
import { sinkLabel, type Sink } from './sink';
import { LogStatus, NOT_DURABLE } from './telemetry-notices';

export type { SinkState };
export type { EventInput, TelemetryOptions, TelemetryState } from './telemetry-types';

export class Telemetry extends Model<TelemetryState> {
  readonly session: string;
  private context: Context = {};
  private readonly deliveries: SinkDelivery[];
  private readonly writer: OutboxWriter;
  private controller: AbortController | undefined;
  private readonly now: () => Date;
  private readonly unlisten: (() => void)[] = [];
  private readonly policy: RetentionPolicy;
  private readonly rescue: Rescue;
  private ready: Promise<void> = Promise.resolve();
  private pruning: Promise<unknown> = Promise.resolve();
  private finalized = false;
  private readonly status = new LogStatus();

  constructor(
    private readonly outbox: Outbox,
    sinks: readonly Sink[],
    private readonly options: TelemetryOptions,
  ) {
    super({
      durable: outbox.durable,
      sinks: {},
      heldSince: undefined,
      dropped: { count: 0, reasons: [] },
      notices: outbox.durable ? [] : [NOT_DURABLE],
      notice: outbox.durable ? undefined : NOT_DURABLE,
    });
    this.session = options.session ?? crypto.randomUUID();
    this.now = options.now ?? (() => new Date());
    this.policy = { ...DEFAULT_RETENTION, ...options.retention };
    this.rescue = options.rescue ?? localRescue(outbox.name);
    const delivery = deliveryOptions(options, () => this.now().getTime());
    this.deliveries = sinks.map((s) => new SinkDelivery(s, outbox, delivery, () => void this.refresh()));
    this.writer = new OutboxWriter(
      outbox,
      (batch) => {
        this.rescue.forget(batch);
        this.deliveries.forEach((d) => d.poke());
      },
      (error) => {
        // Said on the panel while writes fail; gone with the first one that works.
        this.status.writeError = error === undefined ? undefined : messageOf(error);
        this.notify();
      },
    );
  }

  setContext(context: Context): void {
    this.context = { ...context };
  }

  /** Validates, enriches and queues one event; false (and a console error) when it is invalid. */
  emit(input: EventInput): boolean {
    const event = this.complete({ ...this.context, ...input });
    if (!event) return false;
    this.writer.add(event);
    return true;
  }

  private complete(input: Omit<LoopEvent, 'id' | 'at' | 'session' | 'app'>): LoopEvent | undefined {
    const checked = validateEvent({
      ...input,
      id: crypto.randomUUID(),
      at: this.now().toISOString(),
      session: this.session,
      app: this.options.app,
    });
    if ('event' in checked) return checked.event;
    console.error(`Learning Loop: event "${String(input.type)}" refused: ${checked.problems.join('; ')}`);
    return undefined;
  }

  /** Writes pending events now and resolves when they are in the outbox. */
  write(): Promise<void> {
    return this.writer.write();
  }

  start(
    target: Pick<Window, 'addEventListener' | 'removeEventListener'> | undefined = globalThis.window,
  ): void {
    if (this.controller) return;
    const controller = (this.controller = new AbortController());
    // Tried again until it works: one failed write here would otherwise leave every sink idle.
    this.ready = untilDone(() => this.prepare(), {
      baseMs: this.options.baseBackoffMs ?? DEFAULT_BACKOFF.baseBackoffMs,
      maxMs: this.options.maxBackoffMs ?? DEFAULT_BACKOFF.maxBackoffMs,
      signal: controller.signal,
      what: 'preparing the interaction log',
    });
    void this.ready.then(() => {
      if (!controller.signal.aborted) for (const d of this.deliveries) void d.run(controller.signal);
    });
    if (!target) return;
    this.unlisten.push(
      followPage(target, {
        hidden: (stays) => this.pageHidden(stays),
        online: () => this.deliveries.forEach((d) => d.poke()),
      }),
    );
    void this.refresh();
  }

  /** Every configured sink holds its place before anything is pruned; rescued events go back in. */
  private async prepare(): Promise<void> {
    const now = this.now().getTime();
    const idle = this.options.idleSinks ?? [];
    await this.outbox.register([...this.deliveries.map((d) => d.sink.id), ...idle.map((s) => s.id)], now);
    for (const { id, why } of idle) await this.outbox.noteRefusal(id, now, why);
    const rescued = this.rescue.take();
    if (rescued.length) {
      await this.outbox.appendMissing(rescued);
      this.rescue.forget(rescued);
    }
  }

  /**
   * The page is being hidden (it may be frozen or discarded) or is going away: what is not yet in the
   * outbox is kept in localStorage and sent at once where a request can outlive the page.
   */
  private pageHidden(stays: boolean): void {
    if (!stays && this.options.sessionEnd) this.emit({ type: 'session-ended' });
    const unsent = this.writer.unsent();
    this.rescue.save(unsent);
    void this.flush(true);
    for (const d of this.deliveries) d.sendNow(unsent);
  }

  /** Writes what is pending and asks every sink to send what it holds without waiting to batch. */
  async flush(keepalive = false): Promise<void> {
    await this.write();
    this.deliveries.forEach((d) => d.poke(true, keepalive));
  }

  /** Called on stop: for what the owner set up around the pipeline (listeners, subscriptions). */
  addTeardown(teardown: () => void): void {
    this.unlisten.push(teardown);
  }

  stop(): void {
    this.controller?.abort();
    this.controller = undefined;
    this.unlisten.splice(0).forEach((f) => f());
  }

  override finalize(): void {
    this.finalized = true;
    this.stop();
    super.finalize();
  }

  /** Prunes (counting drops), then recomputes depths and notices; after each delivery or failure. */
  private async refresh(): Promise<void> {
    await this.ready.catch(() => undefined);
    let drops: Drop[];
    let states: Awaited<ReturnType<typeof readSinkStates>>;
    try {
      drops = await this.prune();
      // The count of a gap is an event too: send it.
      if (drops.length) this.deliveries.forEach((d) => d.poke());
      states = await readSinkStates(this.outbox, this.deliveries, this.now().getTime(), this.policy);
    } catch (error) {
      // The outbox could not be read (closed, site data cleared): the notices say what is known.
      console.warn('Learning Loop: the interaction log could not be read', error);
      return this.notify();
    }
    if (this.finalized) return;
    this.status.count(drops);
    Object.assign(this.status, { oldest: states.oldest, released: states.released });
    this.update({ sinks: states.sinks, heldSince: states.oldest, dropped: this.status.drops });
    this.notify();
  }

  /**
   * The panel's notices from what is known now: without waiting for the outbox, so a write failing
   * while the start still waits on it (a full disk) is said at once.
   */
  private notify(): void {
    if (this.finalized) return;
    const notices = this.status.notices({
      durable: this.outbox.durable,
      now: this.now().getTime(),
      warnAfterMs: this.options.warnAfterMs ?? 300_000,
      releaseAfterMs: this.policy.releaseAfterMs,
    });
    this.update({ notices, notice: notices[0] });
  }

  /** One prune at a time in this tab (IndexedDB orders them across tabs). */
  private prune(): Promise<Drop[]> {
    const configured = new Set([
      ...this.deliveries.map((d) => d.sink.id),
      ...(this.options.idleSinks ?? []).map((s) => s.id),
    ]);
    const run = this.pruning.then(() =>
      this.outbox.prune({
        now: this.now().getTime(),
        policy: this.policy,
        configured,
        record: (drop) =>
          this.complete({
            type: 'events-dropped',
            dropped: drop.sink ? { ...drop, sink: sinkLabel(drop.sink) } : drop,
          }),
      }),
    );
    this.pruning = run.catch(() => undefined);
    return run.catch(() => []);
  }
}
