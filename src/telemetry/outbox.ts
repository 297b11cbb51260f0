/**
 * The durable outbox: events in the order they were emitted, and one cursor per sink (the last
 * sequence number it has taken). Every sink the configuration names is registered at each launch,
 * before anything is pruned, so it holds its place from the moment it is configured, not from its first
 * success; an event is deleted only once every sink holding the outbox is past it, or when the
 * retention policy (retention.ts) lets it go, counted. A reload, a closed tab or a crash loses nothing:
 * delivery resumes from the cursors, and a batch sent but not yet marked is sent again (receivers
 * deduplicate by event id). Where IndexedDB is unavailable the same logic runs over memory
 * (`durable: false`, and the panel says so).
 *
 * @example
 * const outbox = await openOutbox(outboxName(session.iss));
 * await outbox.register(['fhir', 'ndjson:https://analytics.example.org/events']);
 */
import type { LoopEvent } from './event';
import { idbStore } from './outbox-idb';
import { memoryStore, type CursorRecord, type OutboxStore, type Stored } from './outbox-store';
import { DEFAULT_RETENTION, prune, type Drop, type PruneInput } from './retention';

export type { Stored } from './outbox-store';

export interface Outbox {
  readonly durable: boolean;
  /** Names the sinks' Web Locks: one per EHR, so one EHR's tab never holds another EHR's sink. */
  readonly name: string;
  /** Gives these sinks a cursor (at the start) if they have none yet, and marks them seen now. */
  register(sinks: readonly string[], now?: number): Promise<void>;
  append(events: readonly LoopEvent[]): Promise<void>;
  /** Appends the events whose id the outbox does not hold yet (rescued events, possibly written twice). */
  appendMissing(events: readonly LoopEvent[]): Promise<number>;
  /** Up to `limit` events after `seq`, oldest first. */
  after(seq: number, limit: number): Promise<Stored[]>;
  cursor(sink: string): Promise<number>;
  cursors(): Promise<CursorRecord[]>;
  /** Moves a sink's cursor forward (never back: a prune in another tab may have moved it further). */
  advance(sink: string, seq: number): Promise<void>;
  /** Notes that a sink refuses (401/403, scope not granted) since `now`, unless it already was. */
  noteRefusal(sink: string, now: number, why: string): Promise<void>;
  clearRefusal(sink: string): Promise<void>;
  /** Keeps an event a sink refused, with why, for the support team. */
  setAside(sink: string, stored: Stored, reason: string, now?: number): Promise<void>;
  /** Events after `seq`. */
  countAfter(seq: number): Promise<number>;
  /** Deletes what every holding sink has taken, and what the retention policy lets go (counted). */
  prune(input?: Partial<PruneInput>): Promise<Drop[]>;
}

/**
 * One outbox per EHR: events of one EHR never go to another's server. `iss` in its normal form (the
 * session's, see normalIss in the config), so every spelling of one EHR shares one outbox.
 */
export const outboxName = (iss: string) => `learning-loop-outbox:${iss}`;

/**
 * The outbox's logic over a store.
 *
 * @example const outbox = new StoredOutbox(memoryStore());
 */
export class StoredOutbox implements Outbox {
  readonly durable: boolean;
  readonly name: string;

  constructor(private readonly store: OutboxStore) {
    this.durable = store.durable;
    this.name = store.name;
  }

  register(sinks: readonly string[], now = Date.now()): Promise<void> {
    return this.store.run('readwrite', async (tx) => {
      const known = new Map((await tx.cursors()).map((c) => [c.sink, c]));
      for (const sink of sinks) await tx.putCursor({ ...(known.get(sink) ?? { sink, seq: 0 }), seenAt: now });
    });
  }

  append(events: readonly LoopEvent[]): Promise<void> {
    return this.store.run('readwrite', (tx) => tx.append(events));
  }

  appendMissing(events: readonly LoopEvent[]): Promise<number> {
    return this.store.run('readwrite', async (tx) => {
      const ids = await tx.ids();
      const missing = events.filter((e) => !ids.has(e.id));
      await tx.append(missing);
      return missing.length;
    });
  }

  after(seq: number, limit: number): Promise<Stored[]> {
    return this.store.run('readonly', (tx) => tx.after(seq, limit));
  }

  async cursor(sink: string): Promise<number> {
    return (await this.cursors()).find((c) => c.sink === sink)?.seq ?? 0;
  }

  cursors(): Promise<CursorRecord[]> {
    return this.store.run('readonly', (tx) => tx.cursors());
  }

  advance(sink: string, seq: number): Promise<void> {
    return this.update(sink, (c) => (c.seq < seq ? { ...c, seq } : undefined));
  }

  noteRefusal(sink: string, now: number, why: string): Promise<void> {
    return this.update(sink, (c) =>
      c.refusedSince === undefined ? { ...c, refusedSince: now, refusedWhy: why } : undefined,
    );
  }

  clearRefusal(sink: string): Promise<void> {
    return this.update(sink, ({ refusedSince, refusedWhy, ...rest }) =>
      refusedSince === undefined && refusedWhy === undefined ? undefined : rest,
    );
  }

  setAside(sink: string, stored: Stored, reason: string, now = Date.now()): Promise<void> {
    return this.store.run('readwrite', (tx) =>
      tx.addSetAside({ sink, reason, at: new Date(now).toISOString(), ...stored }),
    );
  }

  countAfter(seq: number): Promise<number> {
    return this.store.run('readonly', (tx) => tx.count(seq));
  }

  prune(input: Partial<PruneInput> = {}): Promise<Drop[]> {
    const full: PruneInput = {
      now: input.now ?? Date.now(),
      policy: input.policy ?? DEFAULT_RETENTION,
      configured: input.configured ?? new Set(),
      record: input.record ?? (() => undefined),
    };
    return this.store.run('readwrite', (tx) => prune(tx, full));
  }

  /** Changes one cursor (creating it at 0 if absent); `change` returns undefined for no write. */
  private update(sink: string, change: (c: CursorRecord) => CursorRecord | undefined): Promise<void> {
    return this.store.run('readwrite', async (tx) => {
      const current = (await tx.cursors()).find((c) => c.sink === sink) ?? { sink, seq: 0 };
      const next = change(current);
      if (next) await tx.putCursor(next);
    });
  }
}

/** The IndexedDB outbox `name`. */
export async function indexedDbOutbox(name: string): Promise<Outbox> {
  return new StoredOutbox(await idbStore(name));
}

/** An outbox that lasts as long as the tab. */
export function memoryOutbox(): Outbox {
  return new StoredOutbox(memoryStore());
}

/** The IndexedDB outbox, or the memory one (with `durable: false`) when IndexedDB cannot be opened. */
export async function openOutbox(name: string): Promise<Outbox> {
  try {
    return await indexedDbOutbox(name);
  } catch (error) {
    console.warn('Learning Loop: IndexedDB is unavailable; events are kept for this session only', error);
    return memoryOutbox();
  }
}
