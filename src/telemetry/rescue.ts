/**
 * Events emitted as the page goes away (`session-ended` on `pagehide`, a click just before a reload)
 * may never reach IndexedDB: a transaction started in `pagehide` is often not committed. They are
 * also written here, synchronously, to localStorage, which survives the unload; the next launch on
 * this browser moves them into the outbox, skipping any whose id the outbox already holds, and only
 * then forgets them. localStorage is per origin (and partitioned per EHR site inside an iframe): the
 * key names the outbox, so one EHR's rescued events go to that EHR's outbox only.
 *
 * @example
 * const rescue = localRescue(outbox.name);
 * addEventListener('pagehide', () => rescue.save(unwritten));
 * const rescued = rescue.take(); await outbox.appendMissing(rescued); rescue.forget(rescued);
 */
import { validateEvent, type LoopEvent } from './event';

export interface Rescue {
  save(events: readonly LoopEvent[]): void;
  take(): LoopEvent[];
  forget(events: readonly LoopEvent[]): void;
}

/** The id of a stored item, which need not be an event (null, another version's, another script's). */
const idOf = (item: unknown) =>
  item !== null && typeof item === 'object' ? (item as { id?: unknown }).id : undefined;

/** A few hundred events at most: the last moments of a page, not a second outbox. */
const KEEP = 500;

export function localRescue(name: string, storage: Storage | undefined = globalThis.localStorage): Rescue {
  const key = `${name}:rescued`;
  const read = (): LoopEvent[] => {
    try {
      const list = JSON.parse(storage?.getItem(key) ?? '[]') as unknown;
      return Array.isArray(list) ? (list as LoopEvent[]) : [];
    } catch {
      return [];
    }
  };
  /**
   * The rescued items that are events to this version. The others stay where they are, not deleted:
   * a newer version's tab may have saved an event of a type this one does not know.
   */
  const take = (): LoopEvent[] => {
    const list = read();
    const valid = list.flatMap((e) => {
      const checked = validateEvent(e);
      return 'event' in checked ? [checked.event] : [];
    });
    if (valid.length !== list.length)
      console.warn(
        `Learning Loop: ${list.length - valid.length} rescued item(s) are not events to this version: left as they are`,
      );
    return valid;
  };
  const write = (list: readonly LoopEvent[]) => {
    try {
      if (list.length) storage?.setItem(key, JSON.stringify(list.slice(-KEEP)));
      else storage?.removeItem(key);
    } catch (error) {
      // Storage full or blocked: the IndexedDB write may still commit, and NDJSON already went keepalive.
      console.warn('Learning Loop: events could not be kept for the next launch', error);
    }
  };
  return {
    save(events) {
      if (!events.length) return;
      const list = read();
      const ids = new Set(list.map(idOf));
      write([...list, ...events.filter((e) => !ids.has(e.id))]);
    },
    take,
    forget(events) {
      if (!events.length) return;
      const gone = new Set<unknown>(events.map((e) => e.id));
      const list = read();
      const kept = list.filter((e) => !gone.has(idOf(e)));
      if (kept.length !== list.length) write(kept);
    },
  };
}

/** For a pipeline with nowhere durable to put them (tests, no localStorage). */
export const noRescue: Rescue = { save: () => undefined, take: () => [], forget: () => undefined };
