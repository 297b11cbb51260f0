/**
 * How long the outbox keeps what it holds (patient references, override comments) on what may be a
 * shared workstation, and how it accounts for what it lets go. One pass, inside one transaction:
 *
 * 1. a cursor of a sink no configuration has named for `sinkExpiryMs` expires (a removed or renamed sink);
 * 2. a sink refusing for longer than `releaseAfterMs` (401/403, or its scope not granted) stops holding
 *    the outbox: what the others have taken is deleted, and what it never had is counted for it;
 * 3. events older than `maxAgeMs`, then the oldest beyond `maxEvents`, are dropped even if a sink has
 *    not taken them (counted for each sink that had not);
 * 4. set-aside events older than `maxAgeMs`, or the oldest beyond `maxSetAside`, are dropped;
 * 5. with no cursor at all (no sink configured anywhere), nothing is kept.
 *
 * Every drop is counted as an `events-dropped` event written in the same transaction, so analysts see
 * the gap and a crash cannot lose the count.
 */
import type { DropReason, LoopEvent } from './event';
import type { CursorRecord, OutboxTx } from './outbox-store';

export interface RetentionPolicy {
  maxAgeMs: number;
  maxEvents: number;
  maxSetAside: number;
  sinkExpiryMs: number;
  releaseAfterMs: number;
}

const HOUR = 3_600_000;

/** Seven days, 20,000 events, 500 set aside; a removed sink forgotten, a refusing one released, after a day. */
export const DEFAULT_RETENTION: RetentionPolicy = {
  maxAgeMs: 7 * 24 * HOUR,
  maxEvents: 20_000,
  maxSetAside: 500,
  sinkExpiryMs: 24 * HOUR,
  releaseAfterMs: 24 * HOUR,
};

/** A run of events dropped together: emitted between `from` and `to`. */
export interface Drop {
  reason: DropReason;
  count: number;
  from: string;
  to: string;
  /** The sink that misses them. */
  sink: string;
}

export interface PruneInput {
  now: number;
  policy: RetentionPolicy;
  /** Sinks this launch's configuration names (running or not): their cursors never expire. */
  configured: ReadonlySet<string>;
  /** The `events-dropped` event for a drop, written in the same transaction. */
  record: (drop: Drop) => LoopEvent | undefined;
}

/** Whether a sink has refused for so long that it no longer holds the outbox. */
export function isReleased(cursor: CursorRecord, now: number, policy: RetentionPolicy): boolean {
  return cursor.refusedSince !== undefined && now - cursor.refusedSince > policy.releaseAfterMs;
}

/**
 * The events in (lo, hi] as one drop for `sink`; undefined when there are none. The counts of earlier
 * gaps (events-dropped) are not counted again: a released sink misses them too, and counting them
 * would make a new count of every count.
 */
async function span(tx: OutboxTx, lo: number, hi: number, reason: DropReason, sink: string) {
  let count = 0;
  let from = '';
  let to = '';
  for (let seq = lo; seq < hi;) {
    const page = await tx.after(seq, 500);
    for (const { seq: at, event } of page) {
      if (at > hi) break;
      if (event.type === 'events-dropped') continue;
      count++;
      // Earliest and latest, not first and last: a write retried after a later one is out of order.
      if (!from || event.at < from) from = event.at;
      if (event.at > to) to = event.at;
    }
    if (page.length < 500) break;
    seq = page.at(-1)?.seq ?? hi;
  }
  return count ? ({ reason, count, from, to, sink } satisfies Drop) : undefined;
}

/** The sequence number of the last event, from the head, emitted before `cutoff` (0 when none). */
async function oldUpTo(tx: OutboxTx, cutoff: string): Promise<number> {
  let seq = 0;
  for (;;) {
    const page = await tx.after(seq, 500);
    const young = page.findIndex((s) => s.event.at >= cutoff);
    const old = young < 0 ? page : page.slice(0, young);
    seq = old.at(-1)?.seq ?? seq;
    if (young >= 0 || page.length < 500) return seq;
  }
}

/**
 * Deletes what every sink holding the outbox has taken, and whatever the policy no longer allows.
 *
 * @example const drops = await store.run('readwrite', (tx) => prune(tx, input));
 */
export async function prune(tx: OutboxTx, input: PruneInput): Promise<Drop[]> {
  const { now, policy, configured } = input;
  const drops: Drop[] = [];
  const cursors: CursorRecord[] = [];
  for (const c of await tx.cursors()) {
    if (c.seenAt === undefined) {
      // A cursor from before expiry existed: its clock starts now.
      c.seenAt = now;
      await tx.putCursor(c);
    }
    if (!configured.has(c.sink) && now - c.seenAt > policy.sinkExpiryMs) await tx.deleteCursor(c.sink);
    else cursors.push(c);
  }
  const held = cursors.filter((c) => !isReleased(c, now, policy));
  const newest = await tx.lastUpTo();
  if (newest) {
    // Taken by every sink that holds the outbox (all of it when none does).
    const taken = held.length ? Math.min(...held.map((c) => c.seq)) : newest.seq;
    const cutoff = new Date(now - policy.maxAgeMs).toISOString();
    const byAge = Math.max(taken, await oldUpTo(tx, cutoff));
    const left = await tx.count(byAge);
    const bySize =
      left > policy.maxEvents
        ? ((await tx.after(byAge, left - policy.maxEvents)).at(-1)?.seq ?? byAge)
        : byAge;
    // Each sink's own gap: what it had not taken of what goes.
    for (const c of cursors) {
      if (c.seq >= bySize) continue;
      const parts: [number, number, DropReason][] = isReleased(c, now, policy)
        ? [[c.seq, bySize, 'sink-released']]
        : [
            [c.seq, Math.max(c.seq, byAge), 'max-age'],
            [Math.max(c.seq, byAge), bySize, 'max-size'],
          ];
      for (const [lo, hi, reason] of parts) {
        const drop = await span(tx, lo, hi, reason, c.sink);
        if (drop) drops.push(drop);
      }
      c.seq = bySize;
      await tx.putCursor(c);
    }
    await tx.deleteUpTo(bySize);
  }
  drops.push(...(await pruneSetAside(tx, now, policy)));
  for (const drop of drops) {
    const event = input.record(drop);
    if (event) await tx.append([event]);
  }
  return drops;
}

async function pruneSetAside(tx: OutboxTx, now: number, policy: RetentionPolicy): Promise<Drop[]> {
  const aside = await tx.setAside();
  const cutoff = new Date(now - policy.maxAgeMs).toISOString();
  const overflow = aside.length - policy.maxSetAside;
  const gone = aside.filter((a, i) => a.at < cutoff || i < overflow);
  if (!gone.length) return [];
  await tx.deleteSetAside(gone.map((a) => a.key));
  const bySink = new Map<string, Drop>();
  for (const { sink, event } of gone) {
    const drop = bySink.get(sink);
    if (!drop)
      bySink.set(sink, { reason: 'set-aside-expired', count: 1, from: event.at, to: event.at, sink });
    else {
      drop.count++;
      if (event.at < drop.from) drop.from = event.at;
      if (event.at > drop.to) drop.to = event.at;
    }
  }
  return [...bySink.values()];
}
