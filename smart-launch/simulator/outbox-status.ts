/**
 * What the simulator shows of the app's interaction log: per sink, how many events it has taken and
 * how many still wait, read from the app's outbox (same origin) once a second. Never creates the
 * database: the app must be the one to create it, with its stores.
 */
import { openDB } from 'idb';
import { SIM_ISS } from '../../mocks/sim-constants';
import { outboxName } from '../../src/telemetry/outbox';

export interface SinkStatus {
  sink: string;
  /** The outbox position it has reached (events it took, or passed over: not every sink takes every type). */
  delivered: number;
  waiting: number;
}

export async function readOutboxStatus(): Promise<SinkStatus[]> {
  const known = await indexedDB.databases?.().catch(() => []);
  const name = known?.find((d) => d.name === outboxName(SIM_ISS))?.name;
  if (!name) return [];
  const db = await openDB(name);
  try {
    if (!db.objectStoreNames.contains('cursors') || !db.objectStoreNames.contains('events')) return [];
    const cursors = (await db.getAll('cursors')) as { sink: string; seq: number }[];
    return Promise.all(
      cursors.map(async ({ sink, seq }) => ({
        sink,
        delivered: seq,
        waiting: await db.count('events', IDBKeyRange.lowerBound(seq, true)),
      })),
    );
  } finally {
    db.close();
  }
}
