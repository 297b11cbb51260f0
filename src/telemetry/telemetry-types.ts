/** The interaction log's types: what a caller gives, what the panel reads, and the options with their defaults. */
import type { UserFacingError } from '../core/status';
import type { DeliveryOptions } from './delivery';
import type { DropReason, LoopEvent } from './event';
import type { Rescue } from './rescue';
import type { RetentionPolicy } from './retention';
import type { SinkState } from './sink-states';

export type Context = Pick<LoopEvent, 'practitioner' | 'patient' | 'encounter' | 'unit'>;
/** What a caller gives: the type and the event's own fields; the pipeline adds the rest. */
export type EventInput = Omit<LoopEvent, 'id' | 'at' | 'session' | 'app' | keyof Context> & Partial<Context>;

export interface TelemetryState {
  /** False when IndexedDB was unavailable: events last only as long as the tab. */
  durable: boolean;
  sinks: Record<string, SinkState>;
  /** Since when the oldest undelivered event has waited (ms epoch), or undefined when none wait. */
  heldSince: number | undefined;
  /** Events the retention policy dropped unsent during this session, counted. */
  dropped: { count: number; reasons: DropReason[] };
  /** What the panel should say about the log (not durable, held back, dropped, released); [] for nothing. */
  notices: UserFacingError[];
  /** The first of `notices`. */
  notice: UserFacingError | undefined;
}

export interface TelemetryOptions extends Partial<Omit<DeliveryOptions, 'now'>> {
  app: string;
  /** Warn in the panel when events have waited this long, ms (default 5 minutes). */
  warnAfterMs?: number;
  session?: string;
  now?: () => Date;
  retention?: Partial<RetentionPolicy>;
  /** Sinks the configuration names that do not run this launch (scope not granted): they hold their place. */
  idleSinks?: readonly { id: string; why: string }[];
  /** Emit `session-ended` when the page goes away (before the last flush). */
  sessionEnd?: boolean;
  /** Where events survive the page going away; localStorage under the outbox's name by default. */
  rescue?: Rescue;
}

/** Backoff after a failed request or start: from half a second, doubling, to a minute. */
export const DEFAULT_BACKOFF = { baseBackoffMs: 500, maxBackoffMs: 60_000 } as const;

/** Each sink's delivery options: the caller's, else batches every 2 s, 10 s to answer, the backoff above. */
export function deliveryOptions(options: TelemetryOptions, now: () => number): DeliveryOptions {
  return {
    batchMs: options.batchMs ?? 2000,
    timeoutMs: options.timeoutMs ?? 10_000,
    baseBackoffMs: options.baseBackoffMs ?? DEFAULT_BACKOFF.baseBackoffMs,
    maxBackoffMs: options.maxBackoffMs ?? DEFAULT_BACKOFF.maxBackoffMs,
    random: options.random ?? Math.random,
    online: options.online ?? (() => globalThis.navigator?.onLine !== false),
    now,
  };
}
