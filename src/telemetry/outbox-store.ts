/**
 * What the outbox keeps, and the few operations its logic (outbox.ts, retention.ts) needs from a
 * store, each run inside one transaction so two tabs never prune or count the same events twice.
 * Two stores: IndexedDB (outbox-idb.ts) and, where IndexedDB cannot be opened, memory (below).
 */
import type { LoopEvent } from './event';

export interface Stored {
  seq: number;
  event: LoopEvent;
}

/**
 * A sink's place in the outbox: the last sequence number it has taken. `seenAt` is when a launch last
 * had it configured (a cursor not seen for the retention's `sinkExpiryMs` expires); `refusedSince` is
 * when it started refusing (401/403, or its scope not granted), cleared by its next delivery.
 */
export interface CursorRecord {
  sink: string;
  seq: number;
  seenAt?: number;
  refusedSince?: number;
  refusedWhy?: string;
}

/** An event a sink refused even alone (its content), kept aside with why, for the support team. */
export interface SetAsideRecord {
  key: number;
  sink: string;
  reason: string;
  /** When it was set aside (RFC 3339). */
  at: string;
  seq: number;
  event: LoopEvent;
}

/** One transaction's view of the stores: events by sequence number, cursors by sink, set-aside events. */
export interface OutboxTx {
  /** Up to `limit` events after `seq`, oldest first. */
  after(seq: number, limit: number): Promise<Stored[]>;
  /** The newest event at or below `seq` (the newest of all without `seq`). */
  lastUpTo(seq?: number): Promise<Stored | undefined>;
  /** Events with `lo < seq` (and `seq <= hi` when given). */
  count(lo: number, hi?: number): Promise<number>;
  append(events: readonly LoopEvent[]): Promise<void>;
  /** Every event id in the outbox (only to reconcile rescued events: the outbox is bounded). */
  ids(): Promise<Set<string>>;
  deleteUpTo(seq: number): Promise<void>;
  cursors(): Promise<CursorRecord[]>;
  putCursor(cursor: CursorRecord): Promise<void>;
  deleteCursor(sink: string): Promise<void>;
  setAside(): Promise<SetAsideRecord[]>;
  addSetAside(record: Omit<SetAsideRecord, 'key'>): Promise<void>;
  deleteSetAside(keys: readonly number[]): Promise<void>;
}

export interface OutboxStore {
  readonly durable: boolean;
  /** Unique per EHR (and per tab for the memory store): names the sinks' Web Locks too. */
  readonly name: string;
  run<T>(mode: 'readonly' | 'readwrite', work: (tx: OutboxTx) => Promise<T>): Promise<T>;
}

/**
 * The store of a session without IndexedDB: same logic, nothing survives the tab. Its name is unique
 * to the tab, so its delivery locks never wait for another tab's.
 *
 * @example const outbox = new StoredOutbox(memoryStore());
 */
export function memoryStore(): OutboxStore {
  let events: Stored[] = [];
  let next = 1;
  let nextKey = 1;
  const cursors = new Map<string, CursorRecord>();
  let aside: SetAsideRecord[] = [];
  const tx: OutboxTx = {
    after: async (seq, limit) => events.filter((s) => s.seq > seq).slice(0, limit),
    lastUpTo: async (seq = Infinity) => events.filter((s) => s.seq <= seq).at(-1),
    count: async (lo, hi = Infinity) => events.filter((s) => s.seq > lo && s.seq <= hi).length,
    async append(list) {
      for (const event of list) events.push({ seq: next++, event });
    },
    ids: async () => new Set(events.map((s) => s.event.id)),
    async deleteUpTo(seq) {
      events = events.filter((s) => s.seq > seq);
    },
    cursors: async () => [...cursors.values()].map((c) => ({ ...c })),
    async putCursor(cursor) {
      cursors.set(cursor.sink, { ...cursor });
    },
    async deleteCursor(sink) {
      cursors.delete(sink);
    },
    setAside: async () => aside.map((a) => ({ ...a })),
    async addSetAside(record) {
      aside.push({ ...record, key: nextKey++ });
    },
    async deleteSetAside(keys) {
      aside = aside.filter((a) => !keys.includes(a.key));
    },
  };
  return {
    durable: false,
    name: `learning-loop-outbox:memory:${crypto.randomUUID()}`,
    run: (_mode, work) => work(tx),
  };
}
