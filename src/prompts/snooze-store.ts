import { openDB, type IDBPDatabase } from 'idb';

/**
 * Snoozed prompts, per EHR, patient and card, remembered across launches in IndexedDB. The card uuid
 * is stable for a rule and a patient (see the engine), so a snoozed prompt stays quiet until `until`.
 * Where IndexedDB is unavailable (a locked-down browser) snoozes last for the session only.
 */
export interface SnoozeStore {
  /** Loads the snoozes of one patient; call before asking `isSnoozed`. */
  load(scope: string, patientId: string): Promise<void>;
  isSnoozed(cardUuid: string, now: Date): boolean;
  snooze(cardUuid: string, until: Date): Promise<void>;
}

interface SnoozeRecord {
  key: string;
  scope: string;
  patientId: string;
  cardUuid: string;
  until: string;
}

const DB = 'learning-loop-snoozes';
const STORE = 'snoozes';

export function indexedDbSnoozes(): SnoozeStore {
  let db: Promise<IDBPDatabase | undefined> | undefined;
  const open = () =>
    (db ??= openDB(DB, 1, {
      upgrade(database) {
        database
          .createObjectStore(STORE, { keyPath: 'key' })
          .createIndex('by-patient', ['scope', 'patientId']);
      },
    }).catch(() => undefined));
  const loaded = new Map<string, Date>();
  let current = { scope: '', patientId: '' };
  return {
    async load(scope, patientId) {
      current = { scope, patientId };
      loaded.clear();
      const database = await open();
      const records = ((await database?.getAllFromIndex(STORE, 'by-patient', [scope, patientId])) ??
        []) as SnoozeRecord[];
      for (const r of records) loaded.set(r.cardUuid, new Date(r.until));
    },
    isSnoozed(cardUuid, now) {
      const until = loaded.get(cardUuid);
      return until !== undefined && until.getTime() > now.getTime();
    },
    async snooze(cardUuid, until) {
      loaded.set(cardUuid, until);
      const record: SnoozeRecord = {
        key: `${current.scope}|${current.patientId}|${cardUuid}`,
        ...current,
        cardUuid,
        until: until.toISOString(),
      };
      await (await open())?.put(STORE, record);
    },
  };
}

/** Snoozes held in memory only: for tests, and where no IndexedDB exists. */
export function memorySnoozes(): SnoozeStore {
  const byCard = new Map<string, Date>();
  return {
    async load() {
      // nothing to load: memory only
    },
    isSnoozed: (cardUuid, now) => (byCard.get(cardUuid)?.getTime() ?? 0) > now.getTime(),
    async snooze(cardUuid, until) {
      byCard.set(cardUuid, until);
    },
  };
}
