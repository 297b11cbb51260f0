/**
 * The durable outbox: events in IndexedDB (idb) in the order they were emitted, and one cursor per
 * sink (the last sequence number it has delivered). Every sink ever registered keeps a cursor, and an
 * event is removed only once all of them are past it: a sink missing from one launch (a scope not
 * granted this time) still gets its events later. A reload, a closed tab or a crash loses nothing:
 * delivery resumes from the cursors, and a batch sent but not yet marked is sent again (receivers
 * deduplicate by event id). Events a receiver refuses even one at a time are kept in `refused`, not
 * dropped. Where IndexedDB is unavailable, `memoryOutbox` keeps events for the session (the panel says so).
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { LoopEvent } from './event';

export interface Stored {
  seq: number;
  event: LoopEvent;
}

export interface Outbox {
  readonly durable: boolean;
  /** Gives these sinks a cursor (at the start) if they have none yet. */
  register(sinks: readonly string[]): Promise<void>;
  append(events: readonly LoopEvent[]): Promise<void>;
  /** Up to `limit` events after `seq`, oldest first. */
  after(seq: number, limit: number): Promise<Stored[]>;
  cursor(sink: string): Promise<number>;
  advance(sink: string, seq: number): Promise<void>;
  /** Keeps an event a sink refused, with why, for the support team. */
  setAside(sink: string, stored: Stored, reason: string): Promise<void>;
  /** Events after `seq`. */
  countAfter(seq: number): Promise<number>;
  /** Drops the events every registered sink has delivered. */
  prune(): Promise<void>;
}

/** One outbox per EHR: events of one EHR never go to another's FHIR server. */
export const outboxName = (iss: string) => `learning-loop-outbox:${iss}`;

export async function indexedDbOutbox(name: string): Promise<Outbox> {
  const db: IDBPDatabase = await openDB(name, 2, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        database.createObjectStore('events', { keyPath: 'seq', autoIncrement: true });
        database.createObjectStore('cursors', { keyPath: 'sink' });
      }
      if (oldVersion < 2) database.createObjectStore('refused', { autoIncrement: true });
    },
  });
  const cursor = async (sink: string) =>
    ((await db.get('cursors', sink)) as { seq: number } | undefined)?.seq ?? 0;
  return {
    durable: true,
    async register(sinks) {
      const tx = db.transaction('cursors', 'readwrite');
      for (const sink of sinks) if (!(await tx.store.getKey(sink))) await tx.store.put({ sink, seq: 0 });
      await tx.done;
    },
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
    async setAside(sink, stored, reason) {
      await db.add('refused', { sink, reason, at: new Date().toISOString(), ...stored });
    },
    async countAfter(seq) {
      return db.count('events', IDBKeyRange.lowerBound(seq, true));
    },
    async prune() {
      const cursors = (await db.getAll('cursors')) as { seq: number }[];
      if (!cursors.length) return;
      const upTo = Math.min(...cursors.map((c) => c.seq));
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
    async register(sinks) {
      for (const sink of sinks) if (!cursors.has(sink)) cursors.set(sink, 0);
    },
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
    async setAside() {
      // Kept only in the console for a session without IndexedDB.
    },
    async countAfter(seq) {
      return events.filter((s) => s.seq > seq).length;
    },
    async prune() {
      if (!cursors.size) return;
      const upTo = Math.min(...cursors.values());
      events = events.filter((s) => s.seq > upTo);
    },
  };
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
