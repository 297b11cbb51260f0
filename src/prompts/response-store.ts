import { openDB, type IDBPDatabase } from 'idb';
import type { ResponseScope, StandingResponse } from './responses';

/**
 * Where a clinician's snoozes and overrides are kept: IndexedDB, one record per EHR, clinician,
 * patient and card, so two clinicians on one ward workstation never hide prompts from each other.
 * Where IndexedDB is unavailable (a locked-down browser), or the clinician is unknown, they last for
 * the launch only (`persistent` says which).
 */
export interface ResponseStore {
  /** Whether answers outlive this launch. */
  readonly persistent: boolean;
  load(scope: ResponseScope): Promise<StandingResponse[]>;
  save(scope: ResponseScope, response: StandingResponse): Promise<void>;
  remove(scope: ResponseScope, cardUuid: string): Promise<void>;
}

interface ResponseRecord {
  key: string;
  iss: string;
  practitioner: string;
  patientId: string;
  response: StandingResponse;
}

const DB = 'learning-loop-responses';
const STORE = 'responses';
const keyOf = (s: ResponseScope, cardUuid: string) => `${s.iss}|${s.practitioner}|${s.patientId}|${cardUuid}`;

/**
 * The IndexedDB store. The snoozes of earlier versions were kept per browser: their database is
 * deleted rather than carried over, since nothing says whose they were.
 */
export function indexedDbResponses(): ResponseStore {
  let db: Promise<IDBPDatabase | undefined> | undefined;
  const open = () =>
    (db ??= openDB(DB, 1, {
      upgrade(database) {
        database
          .createObjectStore(STORE, { keyPath: 'key' })
          .createIndex('by-scope', ['iss', 'practitioner', 'patientId']);
        indexedDB.deleteDatabase('learning-loop-snoozes');
      },
    }).catch(() => undefined));
  return {
    persistent: true,
    async load(scope) {
      const database = await open();
      if (!database) throw new Error('IndexedDB is not available');
      const records = (await database.getAllFromIndex(STORE, 'by-scope', [
        scope.iss,
        scope.practitioner,
        scope.patientId,
      ])) as ResponseRecord[];
      return records.map((r) => r.response);
    },
    async save(scope, response) {
      const database = await open();
      if (!database) throw new Error('IndexedDB is not available');
      const record: ResponseRecord = { key: keyOf(scope, response.cardUuid), ...scope, response };
      await database.put(STORE, record);
    },
    async remove(scope, cardUuid) {
      await (await open())?.delete(STORE, keyOf(scope, cardUuid));
    },
  };
}

/** Answers held in memory for this launch only: for tests, and where no clinician or no IndexedDB is known. */
export function memoryResponses(): ResponseStore {
  const byKey = new Map<string, StandingResponse>();
  return {
    persistent: false,
    async load(scope) {
      const prefix = keyOf(scope, '');
      return [...byKey].filter(([key]) => key.startsWith(prefix)).map(([, r]) => r);
    },
    async save(scope, response) {
      byKey.set(keyOf(scope, response.cardUuid), response);
    },
    async remove(scope, cardUuid) {
      byKey.delete(keyOf(scope, cardUuid));
    },
  };
}
