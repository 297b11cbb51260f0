/**
 * The durable outbox: events in IndexedDB (idb) in the order they were emitted, and one cursor per
 * sink (the last sequence number it has delivered). An event is removed once every sink is past it.
 * A reload, a closed tab or a crash loses nothing: delivery resumes from the cursors, and a batch sent
 * but not yet marked is sent again (receivers deduplicate by event id). Where IndexedDB is unavailable
 * (a locked-down browser), `memoryOutbox` keeps events for the session and the panel says so.
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { LoopEvent } from './event';

export interface Stored {
  seq: number;
  event: LoopEvent;
}

export interface Outbox {
  readonly durable: boolean;
  append(events: readonly LoopEvent[]): Promise<void>;
  /** Up to `limit` events after `seq`, oldest first. */
  after(seq: number, limit: number): Promise<Stored[]>;
  cursor(sink: string): Promise<number>;
  advance(sink: string, seq: number): Promise<void>;
  /** Events after `seq`. */
  countAfter(seq: number): Promise<number>;
  /** Drops events every listed sink has delivered (all of them when no sink is listed). */
  prune(sinks: readonly string[]): Promise<void>;
}

const DB = 'learning-loop-outbox';

export async function indexedDbOutbox(name = DB): Promise<Outbox> {
  const db: IDBPDatabase = await openDB(name, 1, {
    upgrade(database) {
      database.createObjectStore('events', { keyPath: 'seq', autoIncrement: true });
      database.createObjectStore('cursors', { keyPath: 'sink' });
    },
  });
  const cursor = async (sink: string) =>
    ((await db.get('cursors', sink)) as { seq: number } | undefined)?.seq ?? 0;
  return {
    durable: true,
    async append(events) {
      const tx = db.transaction('events', 'readwrite');
      for (const event of events) void tx.store.add({ event });
      await tx.done;
    },
    async after(seq, limit) {
      return (await db.getAll('events', IDBKeyRange.lowerBound(seq, true), limit)) as Stored[];
    },
    cursor,
    async advance(sink, seq) {
      await db.put('cursors', { sink, seq });
    },
    async countAfter(seq) {
      return db.count('events', IDBKeyRange.lowerBound(seq, true));
    },
    async prune(sinks) {
      if (!sinks.length) return void (await db.clear('events')); // no sink will ever take them
      const upTo = Math.min(...(await Promise.all(sinks.map(cursor))));
      if (upTo > 0) await db.delete('events', IDBKeyRange.upperBound(upTo));
    },
  };
}

export function memoryOutbox(): Outbox {
  let events: Stored[] = [];
  let next = 1;
  const cursors = new Map<string, number>();
  return {
    durable: false,
    async append(list) {
      for (const event of list) events.push({ seq: next++, event });
    },
    async after(seq, limit) {
      return events.filter((s) => s.seq > seq).slice(0, limit);
    },
    async cursor(sink) {
      return cursors.get(sink) ?? 0;
    },
    async advance(sink, seq) {
      cursors.set(sink, seq);
    },
    async countAfter(seq) {
      return events.filter((s) => s.seq > seq).length;
    },
    async prune(sinks) {
      const upTo = sinks.length ? Math.min(...sinks.map((s) => cursors.get(s) ?? 0)) : Infinity;
      events = events.filter((s) => s.seq > upTo);
    },
  };
}

/** The IndexedDB outbox, or the memory one (with `durable: false`) when IndexedDB cannot be opened. */
export async function openOutbox(name = DB): Promise<Outbox> {
  try {
    return await indexedDbOutbox(name);
  } catch (error) {
    console.warn('Learning Loop: IndexedDB is unavailable; events are kept for this session only', error);
    return memoryOutbox();
  }
}
