/**
 * Runs in Chromium (bundled by telemetry.ts): the interaction log's budgets on a real IndexedDB.
 * Exposes `benchTelemetry()` on window.
 */
import { indexedDbOutbox } from '../../src/telemetry/outbox';
import { ndjsonSink } from '../../src/telemetry/sinks';
import { Telemetry, type EventInput } from '../../src/telemetry/telemetry';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const event = (i: number): EventInput => ({
  type: 'card-shown',
  card: `card-${i}`,
  source: 'local:starter',
  indicator: 'warning',
  rule: { url: 'https://learning-loop.example.org/fhir/PlanDefinition/aki', version: '1.0.0' },
  visibleMs: 1000 + (i % 500),
});

async function bench() {
  // Emit: the main-thread cost of one call (validation and enrichment; the write is deferred).
  const quiet = new Telemetry(await indexedDbOutbox(`bench-emit-${Date.now()}`), [], { app: 'bench' });
  quiet.setContext({ patient: 'Patient/p-1', practitioner: 'Practitioner/pr-1', encounter: 'Encounter/e-1' });
  // The browser's clock is coarse (0.1 ms): time rounds of 100 emits, and report per emit.
  const emitUs: number[] = [];
  for (let round = 0; round < 40; round++) {
    const t = performance.now();
    for (let i = 0; i < 100; i++) quiet.emit(event(round * 100 + i));
    emitUs.push(((performance.now() - t) * 1000) / 100);
  }
  await quiet.write();
  quiet.finalize();

  // Outbox throughput: 10,000 events written (in batches of 500, as emit groups them) and read back.
  const outbox = await indexedDbOutbox(`bench-outbox-${Date.now()}`);
  const probe = new Telemetry(outbox, [], { app: 'bench' });
  const events: Parameters<typeof outbox.append>[0][number][] = [];
  for (let i = 0; i < 10_000; i++) {
    events.push({
      id: crypto.randomUUID(),
      type: 'card-shown',
      at: new Date().toISOString(),
      session: probe.session,
      app: 'bench',
      card: `c-${i}`,
      source: 'local:starter',
    });
  }
  let t = performance.now();
  for (let i = 0; i < events.length; i += 500) await outbox.append(events.slice(i, i + 500));
  const writeMs = performance.now() - t;
  t = performance.now();
  let read = 0;
  let cursor = 0;
  for (;;) {
    const batch = await outbox.after(cursor, 500);
    if (!batch.length) break;
    read += batch.length;
    cursor = batch[batch.length - 1]?.seq ?? cursor;
  }
  const readMs = performance.now() - t;

  // Delivery: 10,000 events to a healthy NDJSON sink (a local fetch that answers at once).
  let requests = 0;
  let received = 0;
  const sink = ndjsonSink({
    url: 'https://analytics.example/events',
    fetchImpl: async (_u, init) => {
      requests++;
      received += String(init?.body).split('\n').filter(Boolean).length;
      return new Response(null, { status: 202 });
    },
  });
  const telemetry = new Telemetry(await indexedDbOutbox(`bench-deliver-${Date.now()}`), [sink], {
    app: 'bench',
    batchMs: 50,
  });
  telemetry.start();
  t = performance.now();
  for (let i = 0; i < 10_000; i++) telemetry.emit(event(i));
  await telemetry.flush();
  while (received < 10_000) await new Promise((r) => setTimeout(r, 5));
  const deliverMs = performance.now() - t;
  telemetry.finalize();
  return {
    emitMedianUs: median(emitUs),
    emitP95Us: [...emitUs].sort((a, b) => a - b)[Math.floor(emitUs.length * 0.95)] ?? NaN, // of rounds
    writePerSecond: Math.round(10_000 / (writeMs / 1000)),
    readPerSecond: Math.round(read / (readMs / 1000)),
    requests,
    deliverMs: Math.round(deliverMs),
  };
}

(window as unknown as { benchTelemetry: typeof bench }).benchTelemetry = bench;
