import { expect } from '@open-wc/testing';
import type { LoopEvent } from '../../../src/telemetry/event';
import type { Sink } from '../../../src/telemetry/sink';
import { waitFor } from '../e2e/harness';
import { Telemetry, indexedDbOutbox, ndjsonSink } from './impl';

/**
 * A new workstation's first launch (a fresh IndexedDB) meets one sink that cannot be reached yet
 * while the other delivers: the late sink must still receive every event once it can. Before issue 11
 * a sink had no place in the outbox until its first success, and pruning after the other sink's
 * deliveries deleted what the late one had not taken (14 of 22 events in the chaos run).
 */
const FAST = { batchMs: 20, timeoutMs: 150, baseBackoffMs: 20, maxBackoffMs: 100 };

function receivers(downMs: number, down: 'ndjson' | 'fhir') {
  const started = performance.now();
  const isDown = (which: string) => which === down && performance.now() - started < downMs;
  const stored = { ndjson: new Set<string>(), fhir: new Set<string>() };
  const ndjson = ndjsonSink({
    id: 'ndjson',
    url: 'https://analytics.example/events',
    fetchImpl: async (_url, init) => {
      if (isDown('ndjson')) throw new TypeError('Failed to fetch');
      for (const line of String(init?.body).trim().split('\n'))
        stored.ndjson.add((JSON.parse(line) as LoopEvent).id);
      return new Response(null, { status: 202 });
    },
  });
  const fhir: Sink = {
    id: 'fhir',
    maxBatch: 250,
    accepts: () => true,
    async deliver(events) {
      if (isDown('fhir')) throw new TypeError('Failed to fetch');
      events.forEach((e) => stored.fhir.add(e.id));
    },
  };
  return { sinks: [ndjson, fhir], stored };
}

for (const down of ['ndjson', 'fhir'] as const) {
  it(`the ${down} sink unreachable for the first moments of a fresh profile still gets all 22 events`, async () => {
    const { sinks, stored } = receivers(1500, down);
    const telemetry = new Telemetry(await indexedDbOutbox(`first-launch-${down}-${Date.now()}`), sinks, {
      app: 'test',
      ...FAST,
    });
    telemetry.start();
    try {
      for (let i = 0; i < 22; i++) {
        telemetry.emit({ type: 'card-dismissed', card: `c-${i}`, source: 'local:starter' });
        await new Promise((r) => setTimeout(r, 40));
      }
      await telemetry.flush();
      const other = down === 'ndjson' ? 'fhir' : 'ndjson';
      await waitFor(() => stored[other].size === 22, `the ${other} sink`, 10_000);
      await waitFor(
        () =>
          performance.now() > 0 &&
          telemetry.state.sinks[down]?.pending === 0 &&
          (telemetry.state.sinks[down]?.delivered ?? 0) > 0,
        `the ${down} sink to catch up`,
        10_000,
      ).catch(() => undefined);
      expect(stored[down].size, `events the ${down} sink received`).to.equal(22);
    } finally {
      telemetry.finalize();
    }
  });
}
