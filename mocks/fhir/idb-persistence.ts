import type { Resource } from '@medplum/fhirtypes';
import { openDB, type IDBPDatabase } from 'idb';
import type { StorePersistence } from './store';

const DB_NAME = 'learning-loop-mock-ehr';
const STORE = 'resources';

/** The mock EHR's writes in IndexedDB, keyed `Type/id`. */
export function idbPersistence(): StorePersistence {
  let db: Promise<IDBPDatabase> | undefined;
  const open = () =>
    (db ??= openDB(DB_NAME, 1, {
      upgrade(database) {
        database.createObjectStore(STORE);
      },
    }));
  return {
    async loadAll() {
      return (await (await open()).getAll(STORE)) as Resource[];
    },
    async put(resource) {
      await (await open()).put(STORE, resource, `${resource.resourceType}/${resource.id}`);
    },
  };
}

/** Forgets every write: the simulator's "reset data" button. */
export async function clearPersistedWrites(): Promise<void> {
  const db = await openDB(DB_NAME, 1, {
    upgrade(database) {
      database.createObjectStore(STORE);
    },
  });
  await db.clear(STORE);
  db.close();
}
