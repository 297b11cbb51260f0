/**
 * The outbox's bookkeeping, on both of its stores (IndexedDB through fake-indexeddb, and memory):
 * every configured sink holds its place from the start, and what the retention policy lets go is
 * counted for each sink that had not taken it.
 */
import 'fake-indexeddb/auto';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { LoopEvent } from '../../../src/telemetry/event';
import { StoredOutbox, type Outbox } from '../../../src/telemetry/outbox';
import { idbStore } from '../../../src/telemetry/outbox-idb';
import { memoryStore } from '../../../src/telemetry/outbox-store';
import { DEFAULT_RETENTION, type Drop } from '../../../src/telemetry/retention';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-02T08:00:00Z');
const at = (ms: number) => new Date(ms).toISOString();
const event = (i: number, when = T0): LoopEvent => ({
  id: randomUUID(),
  type: 'card-dismissed',
  at: at(when),
  session: randomUUID(),
  app: 'test',
  card: `c-${i}`,
  source: 'local:starter',
});
const events = (n: number, when = T0) => Array.from({ length: n }, (_, i) => event(i, when));

let count = 0;
const stores: [string, () => Promise<Outbox>][] = [
  ['IndexedDB', async () => new StoredOutbox(await idbStore(`outbox-test-${count++}`))],
  ['memory', async () => new StoredOutbox(memoryStore())],
];

for (const [kind, open] of stores) {
  describe(`outbox (${kind})`, () => {
    it('a sink that has never delivered keeps every event another sink has taken', async () => {
      const outbox = await open();
      await outbox.register(['ndjson', 'fhir'], T0);
      await outbox.append(events(22));
      await outbox.advance('fhir', 22);
      await outbox.prune({ now: T0, configured: new Set(['ndjson', 'fhir']) });
      assert.equal(await outbox.countAfter(await outbox.cursor('ndjson')), 22);
    });

    it('never moves a cursor back, and appends rescued events only once', async () => {
      const outbox = await open();
      await outbox.advance('a', 5);
      await outbox.advance('a', 3);
      assert.equal(await outbox.cursor('a'), 5);
      const list = events(3);
      await outbox.append(list.slice(0, 2));
      assert.equal(await outbox.appendMissing(list), 1);
      assert.equal(await outbox.countAfter(0), 3);
    });

    it('forgets the cursor of a sink no longer configured, after sinkExpiryMs', async () => {
      const outbox = await open();
      await outbox.register(['old', 'new'], T0);
      await outbox.append(events(5));
      await outbox.advance('new', 5);
      const configured = new Set(['new']);
      await outbox.prune({ now: T0 + HOUR, configured });
      assert.equal(await outbox.countAfter(0), 5, 'within the expiry, the removed sink still holds');
      await outbox.prune({ now: T0 + 25 * HOUR, configured });
      assert.deepEqual(
        (await outbox.cursors()).map((c) => c.sink),
        ['new'],
      );
      assert.equal(await outbox.countAfter(0), 0);
    });

    it('spans a drop from the earliest to the latest event, whatever order they were written in', async () => {
      const outbox = await open();
      const configured = new Set(['ndjson', 'fhir']);
      await outbox.register([...configured], T0);
      await outbox.noteRefusal('fhir', T0, 'the FHIR server answered 403');
      // A write retried after a later one: the outbox holds them out of order.
      await outbox.append([event(1, T0 + 2 * HOUR), event(2, T0), event(3, T0 + HOUR)]);
      await outbox.advance('ndjson', 3);
      const drops = await outbox.prune({ now: T0 + 26 * HOUR, configured, record: () => undefined });
      assert.deepEqual(
        drops.map((d) => [d.count, d.from, d.to]),
        [[3, at(T0), at(T0 + 2 * HOUR)]],
      );
    });

    it('releases a sink refused (403) past releaseAfterMs, and counts what it never had', async () => {
      const outbox = await open();
      const configured = new Set(['ndjson', 'fhir']);
      await outbox.register([...configured], T0);
      await outbox.noteRefusal('fhir', T0, 'the FHIR server answered 403');
      await outbox.noteRefusal('fhir', T0 + HOUR, 'again'); // the first refusal's time stands
      await outbox.append(events(10, T0));
      await outbox.advance('ndjson', 10);
      const dropped: LoopEvent[] = [];
      const record = (drop: Drop) => {
        const e: LoopEvent = { ...event(0, T0), type: 'events-dropped', dropped: drop };
        delete e.card;
        delete e.source;
        dropped.push(e);
        return e;
      };
      assert.deepEqual(await outbox.prune({ now: T0 + 2 * HOUR, configured, record }), []);
      assert.equal(await outbox.countAfter(0), 10, 'held while the refusal is recent');
      const drops = await outbox.prune({ now: T0 + 25 * HOUR, configured, record });
      assert.deepEqual(drops, [
        { reason: 'sink-released', count: 10, from: at(T0), to: at(T0), sink: 'fhir' },
      ]);
      const left = await outbox.after(0, 100);
      assert.deepEqual(
        left.map((s) => s.event.type),
        ['events-dropped'],
        'only the count of the gap is left, for both sinks to deliver',
      );
      assert.equal(left[0]?.event.id, dropped[0]?.id);
      await outbox.clearRefusal('fhir');
      assert.equal((await outbox.cursors()).find((c) => c.sink === 'fhir')?.refusedSince, undefined);
    });

    it('drops events past maxAgeMs and beyond maxEvents, counted per sink that had not taken them', async () => {
      const outbox = await open();
      const configured = new Set(['a', 'b']);
      await outbox.register([...configured], T0);
      await outbox.append(events(4, T0)); // old
      await outbox.append(events(10, T0 + 8 * 24 * HOUR)); // young
      await outbox.advance('a', 2);
      const policy = { ...DEFAULT_RETENTION, maxEvents: 6 };
      const drops = await outbox.prune({ now: T0 + 8 * 24 * HOUR, policy, configured });
      assert.deepEqual(
        drops.map((d) => [d.sink, d.reason, d.count]),
        [
          ['a', 'max-age', 2],
          ['a', 'max-size', 4],
          ['b', 'max-age', 4],
          ['b', 'max-size', 4],
        ],
      );
      assert.equal(await outbox.countAfter(0), 6);
      assert.equal(await outbox.cursor('a'), 8);
      assert.equal(await outbox.cursor('b'), 8);
    });

    it('keeps set-aside events within maxSetAside and maxAgeMs, counting what goes', async () => {
      const outbox = await open();
      await outbox.register(['a'], T0);
      await outbox.append(events(5));
      for (const stored of await outbox.after(0, 5)) await outbox.setAside('a', stored, '422', T0);
      const policy = { ...DEFAULT_RETENTION, maxSetAside: 3 };
      const drops = await outbox.prune({ now: T0, policy, configured: new Set(['a']) });
      assert.deepEqual(
        drops.filter((d) => d.reason === 'set-aside-expired').map((d) => d.count),
        [2],
      );
      const later = await outbox.prune({ now: T0 + 8 * 24 * HOUR, policy, configured: new Set(['a']) });
      assert.equal(later.find((d) => d.reason === 'set-aside-expired')?.count, 3);
    });

    it('with no sink configured anywhere, keeps nothing', async () => {
      const outbox = await open();
      await outbox.append(events(3));
      await outbox.prune({ now: T0 });
      assert.equal(await outbox.countAfter(0), 0);
    });
  });
}
