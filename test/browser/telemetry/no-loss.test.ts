/**
 * The telemetry pipeline in Chromium with a real IndexedDB outbox: every event reaches every sink
 * exactly once (receivers keep events by id, as real ones deduplicate), whatever the sinks do.
 */
import { waitFor } from '../e2e/harness';
import { expect } from '@open-wc/testing';
import type { Bundle, AuditEvent } from '@medplum/fhirtypes';
import { EVENT_TAG_SYSTEM } from '../../../src/telemetry/audit-event';
import type { LoopEvent } from '../../../src/telemetry/event';
import { indexedDbOutbox, openOutbox } from '../../../src/telemetry/outbox';
import { fhirSink, ndjsonSink } from '../../../src/telemetry/sinks';
import { Telemetry, type EventInput } from '../../../src/telemetry/telemetry';
import { createRequester } from '../../../src/fhir/requester';

const FAST = { batchMs: 20, timeoutMs: 150, baseBackoffMs: 5, maxBackoffMs: 80 };
let dbCount = 0;
const dbName = () => `loop-outbox-test-${Date.now()}-${dbCount++}`;

/** A seeded random source, so a failing run can be replayed. */
function seeded(seed: number) {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

const event = (i: number): EventInput => ({
  type: 'card-dismissed',
  card: `card-${i}`,
  source: 'local:starter',
  indicator: 'info',
});

/** An NDJSON receiver behind a fetch that fails in every way the issue lists, per `rng`. */
function faultyNdjson(rng: () => number, offline: { now: boolean }) {
  const stored = new Map<string, LoopEvent>();
  let requests = 0;
  const fetchImpl = async (_url: string, init?: RequestInit): Promise<Response> => {
    requests++;
    const signal = init?.signal ?? undefined;
    if (offline.now) throw new TypeError('Failed to fetch');
    const roll = rng();
    if (roll < 0.1) return new Response('', { status: 500 });
    if (roll < 0.18) return new Response('', { status: 503, headers: { 'Retry-After': '0.03' } });
    if (roll < 0.25) return new Response('', { status: 429, headers: { 'Retry-After': '0' } });
    if (roll < 0.3)
      return new Promise((_, reject) =>
        signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      );
    const lines = String(init?.body ?? '')
      .trim()
      .split('\n');
    for (const line of lines) {
      const e = JSON.parse(line) as LoopEvent;
      stored.set(e.id, e);
    }
    // The answer lost after the receiver stored the batch: it will come again.
    if (roll < 0.35) return new Response('', { status: 502 });
    return new Response(null, { status: 202 });
  };
  return { stored, fetchImpl, requests: () => requests };
}

/** A FHIR server that keeps AuditEvents by their event tag (conditional create), with its own faults. */
function faultyFhir(rng: () => number, offline: { now: boolean }) {
  const stored = new Map<string, AuditEvent>();
  let requests = 0;
  const request = async (_path: string, options?: { body?: unknown; signal?: AbortSignal }) => {
    requests++;
    if (offline.now) throw new TypeError('Failed to fetch');
    const roll = rng();
    const { FhirRequestError } = await import('../../../src/fhir/errors');
    if (roll < 0.12) throw new FhirRequestError(500, '', 'server error');
    if (roll < 0.2) throw new FhirRequestError(503, '', 'unavailable', 0.02);
    if (roll < 0.25)
      return new Promise((_, reject) =>
        options?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      );
    for (const entry of (options?.body as Bundle).entry ?? []) {
      const audit = entry.resource as AuditEvent;
      const tag = audit.meta?.tag?.find((t) => t.system === EVENT_TAG_SYSTEM)?.code ?? '';
      if (!stored.has(tag)) stored.set(tag, audit);
    }
    return { resourceType: 'Bundle', type: 'transaction-response' };
  };
  return { stored, request, requests: () => requests };
}

describe('telemetry: nothing lost, nothing doubled (Chromium, IndexedDB)', () => {
  it('10,000 events under random faults from both sinks reach each store exactly once', async () => {
    const offline = { now: false };
    const ndjson = faultyNdjson(seeded(7), offline);
    const fhir = faultyFhir(seeded(11), offline);
    const telemetry = new Telemetry(
      await indexedDbOutbox(dbName()),
      [
        ndjsonSink({ url: 'https://analytics.example/events', fetchImpl: ndjson.fetchImpl }),
        fhirSink({ request: fhir.request }),
      ],
      { app: 'test', ...FAST, online: () => !offline.now, random: seeded(3) },
    );
    telemetry.start();
    const ids = new Set<string>();
    const spy = telemetry.state$; // keep the model alive
    void spy;
    for (let i = 0; i < 10_000; i++) {
      expect(telemetry.emit(event(i))).to.equal(true);
      if (i === 3000) offline.now = true; // an offline period mid-stream
      if (i === 6000) {
        offline.now = false;
        window.dispatchEvent(new Event('online'));
      }
    }
    await telemetry.flush();
    await waitFor(
      () => ndjson.stored.size >= 10_000 && fhir.stored.size >= 10_000,
      'every event in both stores',
      60_000,
    );
    for (const e of ndjson.stored.values()) ids.add(e.id);
    expect(ids.size).to.equal(10_000);
    expect([...ndjson.stored.keys()].sort()).to.deep.equal([...fhir.stored.keys()].sort());
    const cards = new Set([...ndjson.stored.values()].map((e) => e.card));
    expect(cards.size, 'each emitted event, not a copy of one').to.equal(10_000);
    telemetry.finalize();
  });

  it('a healthy sink takes 10,000 events in at most 50 requests', async () => {
    const healthy = faultyNdjson(() => 0.99, { now: false });
    const telemetry = new Telemetry(
      await indexedDbOutbox(dbName()),
      [ndjsonSink({ url: 'https://analytics.example/events', fetchImpl: healthy.fetchImpl })],
      { app: 'test', ...FAST },
    );
    telemetry.start();
    for (let i = 0; i < 10_000; i++) telemetry.emit(event(i));
    await telemetry.flush();
    await waitFor(() => healthy.stored.size >= 10_000, 'delivery', 60_000);
    expect(healthy.requests()).to.be.at.most(50);
    telemetry.finalize();
  });

  it('a new page on the same outbox finishes a flush the old page was in the middle of', async () => {
    const name = dbName();
    const stored = new Map<string, number>();
    let dieAfterStoring = true;
    const fetchImpl = async (_url: string, init?: RequestInit) => {
      for (const line of String(init?.body).trim().split('\n')) {
        const id = (JSON.parse(line) as LoopEvent).id;
        stored.set(id, (stored.get(id) ?? 0) + 1);
      }
      // The page goes away while the answer is on its way: the cursor never moves.
      if (dieAfterStoring) return new Promise<Response>(() => undefined);
      return new Response(null, { status: 204 });
    };
    const first = new Telemetry(
      await indexedDbOutbox(name),
      [ndjsonSink({ id: 'ndjson', url: 'https://a.example/e', fetchImpl })],
      {
        app: 'test',
        ...FAST,
        timeoutMs: 60_000,
      },
    );
    first.start();
    for (let i = 0; i < 300; i++) first.emit(event(i));
    await first.flush();
    await waitFor(() => stored.size === 300, 'the first flush to reach the receiver', 60_000);
    first.finalize(); // the reload
    dieAfterStoring = false;
    const second = new Telemetry(
      await indexedDbOutbox(name),
      [ndjsonSink({ id: 'ndjson', url: 'https://a.example/e', fetchImpl })],
      {
        app: 'test',
        ...FAST,
      },
    );
    second.start();
    second.emit(event(300));
    await second.flush();
    await waitFor(
      () => stored.size === 301 && second.state.sinks.ndjson?.pending === 0,
      'the rest after the reload',
      60_000,
    );
    expect(stored.size, 'each event stored once (the receiver deduplicates by id)').to.equal(301);
    second.finalize();
  });

  it('a 401 from the FHIR sink refreshes the token and delivery goes on', async () => {
    const realFetch = window.fetch;
    let token = 'old';
    const seen: string[] = [];
    window.fetch = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      const auth = new Headers(init?.headers).get('authorization') ?? '';
      seen.push(auth);
      if (auth !== 'Bearer new') return new Response('{}', { status: 401 });
      return new Response(JSON.stringify({ resourceType: 'Bundle', type: 'transaction-response' }), {
        status: 200,
        headers: { 'Content-Type': 'application/fhir+json' },
      });
    }) as typeof fetch;
    try {
      const request = createRequester({
        baseUrl: 'https://ehr.example/fhir',
        accessToken: () => token,
        refresh: async () => void (token = 'new'),
      });
      const telemetry = new Telemetry(await indexedDbOutbox(dbName()), [fhirSink({ request })], {
        app: 'test',
        ...FAST,
      });
      telemetry.start();
      telemetry.emit(event(1));
      await telemetry.flush();
      await waitFor(() => telemetry.state.sinks.fhir?.delivered === 1, 'delivery after refresh', 60_000);
      expect(seen).to.deep.equal(['Bearer old', 'Bearer new']);
      telemetry.finalize();
    } finally {
      window.fetch = realFetch;
    }
  });

  it('refuses an invalid event at emit with a clear console error, and it never enters the outbox', async () => {
    const outbox = await indexedDbOutbox(dbName());
    const telemetry = new Telemetry(outbox, [], { app: 'test' });
    const errors: string[] = [];
    const realError = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.map(String).join(' '));
    try {
      expect(
        telemetry.emit({ type: 'card-overridden', card: 'c1', source: 'local:starter' } as EventInput),
      ).to.equal(false);
      expect(telemetry.emit({ type: 'no-such-type' } as unknown as EventInput)).to.equal(false);
    } finally {
      console.error = realError;
    }
    await telemetry.write();
    expect(errors[0]).to.match(/event "card-overridden" refused: .*overrideReason/);
    expect(errors[1]).to.match(/event "no-such-type" refused: type: expected one of/);
    expect(await outbox.countAfter(0)).to.equal(0);
  });

  it('without IndexedDB, a memory outbox that says it is not durable', async () => {
    const real = Object.getOwnPropertyDescriptor(window, 'indexedDB');
    Object.defineProperty(window, 'indexedDB', { configurable: true, get: () => undefined });
    try {
      const outbox = await openOutbox(dbName());
      expect(outbox.durable).to.equal(false);
      const telemetry = new Telemetry(outbox, [], { app: 'test' });
      expect(telemetry.state.durable).to.equal(false);
    } finally {
      if (real) Object.defineProperty(window, 'indexedDB', real);
    }
  });

  it('an event the receiver refuses is found, kept aside, and does not hold up the others', async () => {
    const name = dbName();
    const stored = new Set<string>();
    let poison = '';
    const fetchImpl = async (_url: string, init?: RequestInit) => {
      const lines = String(init?.body).trim().split('\n');
      const ids = lines.map((l) => (JSON.parse(l) as LoopEvent).id);
      if (ids.includes(poison)) return new Response('bad event', { status: 422 });
      ids.forEach((id) => stored.add(id));
      return new Response(null, { status: 202 });
    };
    const telemetry = new Telemetry(
      await indexedDbOutbox(name),
      [ndjsonSink({ id: 'ndjson', url: 'https://a.example/e', fetchImpl })],
      { app: 'test', ...FAST },
    );
    const emitted: string[] = [];
    telemetry.state$.subscribe(() => undefined);
    for (let i = 0; i < 40; i++) telemetry.emit(event(i));
    await telemetry.write();
    const outbox = await indexedDbOutbox(name);
    const all = await outbox.after(0, 100);
    all.forEach((s) => emitted.push(s.event.id));
    poison = emitted[17] ?? '';
    telemetry.start();
    await telemetry.flush();
    await waitFor(
      () => telemetry.state.sinks.ndjson?.pending === 0 && stored.size === 39,
      'the other 39',
      60_000,
    );
    expect(stored.has(poison)).to.equal(false);
    expect(telemetry.state.sinks.ndjson?.refused).to.equal(1);
    const { openDB } = await import('idb');
    const db = await openDB(name);
    const aside = (await db.getAll('refused')) as { sink: string; event: LoopEvent; reason: string }[];
    expect(aside.map((a) => a.event.id)).to.deep.equal([poison]);
    expect(aside[0]?.reason).to.match(/422/);
    db.close();
    telemetry.finalize();
  });

  it('a launch without a sink deletes nothing another sink has yet to send', async () => {
    const name = dbName();
    const first = new Telemetry(
      await indexedDbOutbox(name),
      [
        ndjsonSink({
          id: 'later',
          url: 'https://a.example/e',
          fetchImpl: () => new Promise<Response>(() => undefined),
        }),
      ],
      { app: 'test', ...FAST },
    );
    first.start();
    for (let i = 0; i < 5; i++) first.emit(event(i));
    await first.write();
    first.finalize();
    const bare = new Telemetry(await indexedDbOutbox(name), [], { app: 'test' });
    bare.start();
    bare.emit(event(99));
    await bare.write();
    await new Promise((r) => setTimeout(r, 100));
    bare.finalize();
    expect(await (await indexedDbOutbox(name)).countAfter(0)).to.equal(6);
  });

  it('a removed sink and a 403-forever sink stop holding the outbox, and the gap is counted', async () => {
    const name = dbName();
    const ok = new Map<string, LoopEvent>();
    const okSink = ndjsonSink({
      id: 'ok',
      url: 'https://a.example/e',
      fetchImpl: async (_url, init) => {
        for (const line of String(init?.body).trim().split('\n')) {
          const e = JSON.parse(line) as LoopEvent;
          ok.set(e.id, e);
        }
        return new Response(null, { status: 202 });
      },
    });
    const denied = ndjsonSink({
      id: 'denied',
      url: 'https://b.example/e',
      fetchImpl: async () => new Response('', { status: 403 }),
    });
    const removed = ndjsonSink({
      id: 'removed',
      url: 'https://c.example/e',
      fetchImpl: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    const retention = { releaseAfterMs: 300, sinkExpiryMs: 300 };
    const first = new Telemetry(await indexedDbOutbox(name), [okSink, denied, removed], {
      app: 'test',
      ...FAST,
      retention,
    });
    first.start();
    for (let i = 0; i < 120; i++) first.emit(event(i));
    await first.flush();
    await waitFor(() => ok.size === 120, 'the healthy sink', 20_000);
    const outbox = await indexedDbOutbox(name);
    expect(await outbox.countAfter(0), 'held for the sinks that have not taken them').to.equal(120);
    first.finalize();
    await new Promise((r) => setTimeout(r, 400));
    const second = new Telemetry(await indexedDbOutbox(name), [okSink, denied], {
      app: 'test',
      ...FAST,
      retention,
    });
    try {
      second.start();
      second.emit(event(120));
      await second.flush();
      await waitFor(
        () => second.state.notices.some((n) => n.code === 'events-released'),
        'the panel saying the denied sink is released',
        20_000,
      );
      const gap = () =>
        [...ok.values()]
          .filter((e) => e.type === 'events-dropped' && e.dropped?.sink === 'denied')
          .reduce((n, e) => n + (e.dropped?.count ?? 0), 0);
      await waitFor(() => gap() >= 121, 'the gap of the denied sink, counted, at the healthy sink', 20_000);
      expect(gap()).to.equal(121);
      expect(
        [...ok.values()].some((e) => e.dropped?.sink === 'removed'),
        'a removed sink has no gap',
      ).to.equal(false);
      expect(await outbox.countAfter(await outbox.cursor('ok'))).to.equal(0);
      expect((await outbox.cursors()).map((c) => c.sink).sort()).to.deep.equal(['denied', 'ok']);
    } finally {
      second.finalize();
    }
  });

  it('beyond maxEvents the oldest undelivered events go, counted, and the outbox stays within its size', async () => {
    const name = dbName();
    const ok = new Map<string, LoopEvent>();
    const okSink = ndjsonSink({
      id: 'ok',
      url: 'https://a.example/e',
      fetchImpl: async (_url, init) => {
        for (const line of String(init?.body).trim().split('\n')) {
          const e = JSON.parse(line) as LoopEvent;
          ok.set(e.id, e);
        }
        return new Response(null, { status: 202 });
      },
    });
    const down = ndjsonSink({
      id: 'down',
      url: 'https://b.example/e',
      fetchImpl: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    const telemetry = new Telemetry(await indexedDbOutbox(name), [okSink, down], {
      app: 'test',
      ...FAST,
      retention: { maxEvents: 100 },
    });
    try {
      telemetry.start();
      const cards = () => [...ok.values()].filter((e) => e.type === 'card-dismissed').length;
      // A healthy sink keeps up; the one that is down has its backlog capped.
      for (let round = 0; round < 6; round++) {
        for (let i = 0; i < 50; i++) telemetry.emit(event(round * 50 + i));
        await telemetry.flush();
        await waitFor(() => cards() === (round + 1) * 50, `round ${round} at the healthy sink`, 20_000);
      }
      const dropped = () =>
        [...ok.values()]
          .filter((e) => e.dropped?.sink === 'down' && e.dropped.reason === 'max-size')
          .reduce((n, e) => n + (e.dropped?.count ?? 0), 0);
      await waitFor(() => dropped() >= 200, 'the count of what the down sink lost', 20_000);
      const outbox = await indexedDbOutbox(name);
      // A drop's record is written with the drop but reaches the healthy sink with its next delivery:
      // the sums are taken once that sink has taken everything (seen 299 of 300 on a loaded machine).
      const started = performance.now();
      while ((await outbox.countAfter(await outbox.cursor('ok'))) > 0) {
        if (performance.now() - started > 20_000) throw new Error('the healthy sink did not catch up');
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(await outbox.countAfter(0)).to.be.at.most(100 + 10);
      const waiting = (await outbox.after(await outbox.cursor('down'), 1000)).filter(
        (s) => s.event.type === 'card-dismissed',
      ).length;
      expect(dropped() + waiting, 'every event the down sink missed is counted or still waits').to.equal(300);
      expect(telemetry.state.notices.map((n) => n.code)).to.include('events-dropped');
    } finally {
      telemetry.finalize();
    }
  });

  it("one EHR's tab holding its sink never holds another EHR's sink of the same id (Web Lock per EHR)", async () => {
    const stuck = new Telemetry(
      await indexedDbOutbox(`learning-loop-outbox:https://ehr-a.example/fhir-${Date.now()}`),
      [fhirSink({ request: () => new Promise(() => undefined) })],
      { app: 'test', ...FAST, timeoutMs: 60_000 },
    );
    const stored = new Set<string>();
    const other = new Telemetry(
      await indexedDbOutbox(`learning-loop-outbox:https://ehr-b.example/fhir-${Date.now()}`),
      [
        fhirSink({
          request: async (_path, options) => {
            for (const entry of (options?.body as Bundle).entry ?? [])
              stored.add((entry.resource as AuditEvent).meta?.tag?.[0]?.code ?? '');
            return { resourceType: 'Bundle', type: 'transaction-response' };
          },
        }),
      ],
      { app: 'test', ...FAST },
    );
    try {
      stuck.start();
      stuck.emit(event(1));
      await stuck.flush();
      await new Promise((r) => setTimeout(r, 100)); // its delivery holds its lock, waiting forever
      other.start();
      other.emit(event(2));
      await other.flush();
      await waitFor(() => stored.size === 1, "the other EHR's FHIR sink", 10_000);
    } finally {
      stuck.finalize();
      other.finalize();
    }
  });
});
