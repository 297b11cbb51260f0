/**
 * The event pipeline: emit (validate, enrich with session, app version and context) → the durable
 * outbox → one delivery loop per sink. `emit` is synchronous and cheap (the panel calls it on clicks);
 * events are written to the outbox together a moment later. On `pagehide` and when the page is
 * hidden, pending events are written at once and every sink is told to send what it holds.
 *
 * @example
 * const telemetry = new Telemetry(await openOutbox(), [ndjsonSink({ url })], { app: '0.1.0' });
 * telemetry.setContext({ patient: 'Patient/p-1', practitioner: 'Practitioner/pr-1' });
 * telemetry.start();
 * telemetry.emit({ type: 'card-dismissed', card: uuid, source: 'local:starter' });
 */
import { Model } from '../core/model';
import type { UserFacingError } from '../core/status';
import { validateEvent, type LoopEvent } from './event';
import { SinkDelivery, type DeliveryOptions, type SinkStats } from './delivery';
import type { Outbox } from './outbox';
import type { Sink } from './sink';

type Context = Pick<LoopEvent, 'practitioner' | 'patient' | 'encounter' | 'unit'>;
/** What a caller gives: the type and the event's own fields; the pipeline adds the rest. */
export type EventInput = Omit<LoopEvent, 'id' | 'at' | 'session' | 'app' | keyof Context> & Partial<Context>;

export interface TelemetryState {
  /** False when IndexedDB was unavailable: events last only as long as the tab. */
  durable: boolean;
  sinks: Record<string, SinkStats & { pending: number }>;
  /** Since when the oldest undelivered event has waited (ms epoch), or undefined when none wait. */
  heldSince: number | undefined;
  /** What the panel should say about the log: not durable, or events held back too long. */
  notice: UserFacingError | undefined;
}

export interface TelemetryOptions extends Partial<DeliveryOptions> {
  app: string;
  /** Warn in the panel when events have waited this long, ms (default 5 minutes). */
  warnAfterMs?: number;
  session?: string;
  now?: () => Date;
}

const NOT_DURABLE: UserFacingError = {
  code: 'events-not-durable',
  title: 'This browser does not let Learning Loop store its interaction log.',
  action: 'Your work is unaffected; keep this tab open a moment after your last action so it can be sent.',
};

const heldBack = (ms: number): UserFacingError => ({
  code: 'events-held',
  title: `Interaction records have waited more than ${Math.round(ms / 60_000)} minutes to be sent.`,
  action: 'Nothing is lost: they are kept and sent when the server answers. Tell support if this persists.',
});

export class Telemetry extends Model<TelemetryState> {
  readonly session: string;
  private context: Context = {};
  private pending: LoopEvent[] = [];
  private writing: Promise<void> = Promise.resolve();
  private scheduled = false;
  private readonly deliveries: SinkDelivery[];
  private controller: AbortController | undefined;
  private readonly now: () => Date;
  private readonly unlisten: (() => void)[] = [];

  constructor(
    private readonly outbox: Outbox,
    sinks: readonly Sink[],
    private readonly options: TelemetryOptions,
  ) {
    super({
      durable: outbox.durable,
      sinks: {},
      heldSince: undefined,
      notice: outbox.durable ? undefined : NOT_DURABLE,
    });
    this.session = options.session ?? crypto.randomUUID();
    this.now = options.now ?? (() => new Date());
    const delivery: DeliveryOptions = {
      batchMs: options.batchMs ?? 2000,
      timeoutMs: options.timeoutMs ?? 10_000,
      baseBackoffMs: options.baseBackoffMs ?? 500,
      maxBackoffMs: options.maxBackoffMs ?? 60_000,
      random: options.random ?? Math.random,
      online: options.online ?? (() => globalThis.navigator?.onLine !== false),
    };
    this.deliveries = sinks.map((s) => new SinkDelivery(s, outbox, delivery, () => void this.refresh()));
  }

  setContext(context: Context): void {
    this.context = { ...context };
  }

  /** Validates, enriches and queues one event; false (and a console error) when it is invalid. */
  emit(input: EventInput): boolean {
    const candidate = {
      ...this.context,
      ...input,
      id: crypto.randomUUID(),
      at: this.now().toISOString(),
      session: this.session,
      app: this.options.app,
    };
    const checked = validateEvent(candidate);
    if ('problems' in checked) {
      console.error(`Learning Loop: event "${String(input.type)}" refused: ${checked.problems.join('; ')}`);
      return false;
    }
    this.pending.push(checked.event);
    if (!this.scheduled) {
      this.scheduled = true;
      setTimeout(() => void this.write(), 0);
    }
    return true;
  }

  /** Writes pending events now and resolves when they are in the outbox. */
  write(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (!batch.length) return this.writing;
    const append = () =>
      this.outbox
        .append(batch)
        .then(() => this.deliveries.forEach((d) => d.poke()))
        .catch((error: unknown) => {
          console.error('Learning Loop: events could not be written to the outbox; trying again', error);
          this.pending.unshift(...batch);
          if (!this.scheduled) {
            this.scheduled = true;
            setTimeout(() => void this.write(), 2000);
          }
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

  private idle = true;

  start(
    target: Pick<Window, 'addEventListener' | 'removeEventListener'> | undefined = globalThis.window,
  ): void {
    if (this.controller) return;
    const controller = (this.controller = new AbortController());
    for (const d of this.deliveries) void d.run(controller.signal);
    if (!target) return;
    // The page may be going away: requests sent now must outlive it.
    const flush = () => void this.flush(true);
    const visibility = () => {
      if (globalThis.document?.visibilityState === 'hidden') flush();
    };
    const online = () => this.deliveries.forEach((d) => d.poke());
    target.addEventListener('pagehide', flush);
    target.addEventListener('visibilitychange', visibility);
    target.addEventListener('online', online);
    this.unlisten.push(
      () => target.removeEventListener('pagehide', flush),
      () => target.removeEventListener('visibilitychange', visibility),
      () => target.removeEventListener('online', online),
    );
    void this.refresh();
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

  private finalized = false;

  override finalize(): void {
    this.finalized = true;
    this.stop();
    super.finalize();
  }

  /** Recomputes depths and counts (after each delivery or failure), and drops what all sinks have. */
  private async refresh(): Promise<void> {
    await this.outbox.prune().catch(() => undefined);
    const sinks: TelemetryState['sinks'] = {};
    let oldest: number | undefined;
    for (const d of this.deliveries) {
      const cursor = await this.outbox.cursor(d.sink.id);
      const pending = await this.outbox.countAfter(cursor);
      sinks[d.sink.id] = { ...d.stats, pending };
      const [first] = pending ? await this.outbox.after(cursor, 1) : [];
      const at = first ? Date.parse(first.event.at) : undefined;
      if (at !== undefined && (oldest === undefined || at < oldest)) oldest = at;
    }
    if (this.finalized) return;
    const warnAfter = this.options.warnAfterMs ?? 300_000;
    const held = oldest !== undefined && this.now().getTime() - oldest > warnAfter;
    const notice = !this.outbox.durable ? NOT_DURABLE : held ? heldBack(warnAfter) : undefined;
    this.update({ sinks, heldSince: oldest, notice });
  }
}
