/**
 * The outbox's IndexedDB store (idb): `events` by an auto-incremented sequence number, `cursors` by
 * sink, `refused` for events set aside. Every operation of one `run` shares one transaction over all
 * three stores, so IndexedDB orders a prune in one tab after a prune in another.
 */
import { openDB, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type { LoopEvent } from './event';
import type { CursorRecord, OutboxStore, OutboxTx, SetAsideRecord, Stored } from './outbox-store';

const STORES = ['events', 'cursors', 'refused'] as const;
type Tx = IDBPTransaction<unknown, typeof STORES, 'readonly' | 'readwrite'>;

function view(tx: Tx): OutboxTx {
  const events = tx.objectStore('events');
  const range = (lo: number, hi?: number) =>
    hi === undefined ? IDBKeyRange.lowerBound(lo, true) : IDBKeyRange.bound(lo, hi, true, false);
  return {
    after: async (seq, limit) => (await events.getAll(range(seq), limit)) as Stored[],
    async lastUpTo(seq) {
      const cursor = await events.openCursor(seq === undefined ? null : IDBKeyRange.upperBound(seq), 'prev');
      return cursor?.value as Stored | undefined;
    },
    count: (lo, hi) => (hi !== undefined && hi <= lo ? Promise.resolve(0) : events.count(range(lo, hi))),
    async append(list: readonly LoopEvent[]) {
      // Not awaited one by one: the transaction keeps them in order, and this is the hot path.
      for (const event of list) void events.add?.({ event });
    },
    async ids() {
      const all = (await events.getAll()) as Stored[];
      return new Set(all.map((s) => s.event.id));
    },
    async deleteUpTo(seq) {
      if (seq > 0) await events.delete?.(IDBKeyRange.upperBound(seq));
    },
    cursors: async () => (await tx.objectStore('cursors').getAll()) as CursorRecord[],
    async putCursor(cursor) {
      await tx.objectStore('cursors').put?.(cursor);
    },
    async deleteCursor(sink) {
      await tx.objectStore('cursors').delete?.(sink);
    },
    async setAside() {
      const out: SetAsideRecord[] = [];
      let cursor = await tx.objectStore('refused').openCursor();
      while (cursor) {
        out.push({ ...(cursor.value as Omit<SetAsideRecord, 'key'>), key: Number(cursor.key) });
        cursor = await cursor.continue();
      }
      return out;
    },
    async addSetAside(record) {
      await tx.objectStore('refused').add?.(record);
    },
    async deleteSetAside(keys) {
      const store = tx.objectStore('refused');
      await Promise.all(keys.map((key) => store.delete?.(key)));
    },
  };
}

/**
 * Opens (or creates) the outbox database `name`.
 *
 * @example const outbox = new StoredOutbox(await idbStore(outboxName(iss)));
 */
export async function idbStore(name: string): Promise<OutboxStore> {
  const db: IDBPDatabase = await openDB(name, 2, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        database.createObjectStore('events', { keyPath: 'seq', autoIncrement: true });
        database.createObjectStore('cursors', { keyPath: 'sink' });
      }
      if (oldVersion < 2) database.createObjectStore('refused', { autoIncrement: true });
    },
  });
  return {
    durable: true,
    name,
    async run(mode, work) {
      const tx = db.transaction([...STORES], mode) as unknown as Tx;
      try {
        const result = await work(view(tx));
        await tx.done;
        return result;
      } catch (error) {
        try {
          tx.abort();
        } catch {
          // already finished
        }
        throw error;
      }
    },
  };
}
