/**
 * Where each running sink stands in the outbox, as the simulator and the panel show it: its delivery
 * figures, how many events it still has to take, whether it refuses and whether it has been released;
 * and how long the oldest event any of them waits for has waited.
 */
import type { SinkDelivery, SinkStats } from './delivery';
import type { Outbox } from './outbox';
import { isReleased, type RetentionPolicy } from './retention';

export interface SinkState extends SinkStats {
  pending: number;
  /** Since when it has refused (401/403, or its scope not granted), ms epoch; undefined when it has not. */
  refusedSince: number | undefined;
  /** It refused past the retention's limit and no longer holds the outbox. */
  released: boolean;
}

export interface SinkStates {
  sinks: Record<string, SinkState>;
  /** When the oldest event a running sink still waits for was emitted (ms epoch); undefined when none. */
  oldest: number | undefined;
  /** Every sink, running or idle, released by the retention policy. */
  released: string[];
}

/**
 * Reads every sink's cursor and what waits after it.
 *
 * @example const { sinks, oldest } = await readSinkStates(outbox, deliveries, Date.now(), policy)
 */
export async function readSinkStates(
  outbox: Outbox,
  deliveries: readonly SinkDelivery[],
  now: number,
  policy: RetentionPolicy,
): Promise<SinkStates> {
  const sinks: Record<string, SinkState> = {};
  let oldest: number | undefined;
  const records = await outbox.cursors().catch(() => []);
  for (const d of deliveries) {
    const record = records.find((c) => c.sink === d.sink.id);
    const cursor = record?.seq ?? 0;
    const pending = await outbox.countAfter(cursor);
    sinks[d.sink.id] = {
      ...d.stats,
      pending,
      refusedSince: record?.refusedSince,
      released: record ? isReleased(record, now, policy) : false,
    };
    const [first] = pending ? await outbox.after(cursor, 1) : [];
    const at = first ? Date.parse(first.event.at) : undefined;
    if (at !== undefined && (oldest === undefined || at < oldest)) oldest = at;
  }
  const released = records.filter((c) => isReleased(c, now, policy)).map((c) => c.sink);
  return { sinks, oldest, released };
}
