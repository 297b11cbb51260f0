/**
 * The pipeline around the outbox, in Node over the memory store: registration before any prune, the
 * page going away, idle and released sinks, and drops the panel and the analysts are told about.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LoopEvent } from '../../../src/telemetry/event';
import { StoredOutbox, type Outbox } from '../../../src/telemetry/outbox';
import { memoryStore } from '../../../src/telemetry/outbox-store';
import { localRescue } from '../../../src/telemetry/rescue';
import type { Sink } from '../../../src/telemetry/sink';
import { SinkError } from '../../../src/telemetry/sink';
import { Telemetry, type TelemetryOptions } from '../../../src/telemetry/telemetry';

const FAST = { batchMs: 5, timeoutMs: 200, baseBackoffMs: 2, maxBackoffMs: 10, random: () => 0.5 };

function storage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (k) => map.get(k) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (k) => void map.delete(k),
    setItem: (k, v) => void map.set(k, v),
  };
}

/** A receiver keeping one copy per id; `fail(n)` answers with that error until told otherwise. */
function receiver(id: string, keepalive = false) {
  const stored = new Map<string, LoopEvent>();
  let failure: SinkError | undefined;
  const sink: Sink = {
    id,
    maxBatch: 100,
    keepalive,
    accepts: () => true,
    async deliver(events) {
      if (failure) throw failure;
      for (const e of events) stored.set(e.id, e);
    },
  };
  return { sink, stored, fail: (e: SinkError | undefined) => (failure = e) };
}

async function until(check: () => boolean, what: string) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > 5000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const card = (i: number) => ({ type: 'card-dismissed' as const, card: `c-${i}`, source: 'local:starter' });

function pipeline(outbox: Outbox, sinks: Sink[], options: Partial<TelemetryOptions> = {}) {
  const page = new EventTarget();
  const telemetry = new Telemetry(outbox, sinks, {
    app: 'test',
    ...FAST,
    rescue: localRescue(outbox.name, storage()),
    ...options,
  });
  telemetry.start(page);
  return { telemetry, page };
}

describe('telemetry pipeline', () => {
  it('a sink failing from the first launch while another delivers still gets every event', async () => {
    const ok = receiver('ok');
    const late = receiver('late');
    late.fail(new SinkError('unreachable', 'retry'));
    const { telemetry } = pipeline(new StoredOutbox(memoryStore()), [ok.sink, late.sink]);
    for (let i = 0; i < 22; i++) telemetry.emit(card(i));
    await telemetry.flush();
    await until(() => ok.stored.size === 22, 'the healthy sink');
    await new Promise((r) => setTimeout(r, 50)); // deliveries and prunes happen meanwhile
    late.fail(undefined);
    await until(() => late.stored.size === 22, 'the late sink');
    telemetry.finalize();
  });

  it('session-ended emitted as the page goes away survives an outbox write that never commits', async () => {
    const shared = storage();
    const store = memoryStore();
    const hanging: Outbox = new StoredOutbox(store);
    hanging.append = () => new Promise(() => undefined); // the transaction begun in pagehide
    const first = pipeline(hanging, [], { rescue: localRescue(hanging.name, shared), sessionEnd: true });
    first.telemetry.emit(card(1));
    first.page.dispatchEvent(new Event('pagehide'));
    first.telemetry.finalize();
    const sink = receiver('ndjson');
    const next = new StoredOutbox(store);
    const second = pipeline(next, [sink.sink], { rescue: localRescue(hanging.name, shared) });
    await until(() => sink.stored.size === 2, 'both events at the next launch');
    assert.deepEqual([...sink.stored.values()].map((e) => e.type).sort(), [
      'card-dismissed',
      'session-ended',
    ]);
    assert.equal(shared.length, 0, 'the rescue copy is forgotten once the outbox has it');
    second.telemetry.finalize();
  });

  it('sends what is not yet in the outbox at once to sinks whose requests outlive the page', async () => {
    const keepalive = receiver('ndjson', true);
    const other = receiver('fhir', false);
    const outbox = new StoredOutbox(memoryStore());
    outbox.append = () => new Promise(() => undefined);
    const { telemetry, page } = pipeline(outbox, [keepalive.sink, other.sink], { sessionEnd: true });
    page.dispatchEvent(new Event('pagehide'));
    await until(() => keepalive.stored.size === 1, 'the keepalive send');
    assert.equal(other.stored.size, 0);
    telemetry.finalize();
  });

  it('a sink configured but not granted holds its place, then is released and the panel says so', async () => {
    let now = Date.parse('2026-03-02T08:00:00Z');
    const clock = () => new Date(now);
    const store = memoryStore();
    const ok = receiver('ndjson');
    const idleSinks = [{ id: 'fhir', why: 'the EHR did not grant AuditEvent create' }];
    const first = pipeline(new StoredOutbox(store), [ok.sink], { now: clock, idleSinks });
    first.telemetry.emit(card(1));
    await first.telemetry.flush();
    await until(() => ok.stored.size === 1, 'delivery');
    await until(() => first.telemetry.state.sinks.ndjson?.pending === 0, 'the count');
    const outbox = new StoredOutbox(store);
    assert.equal(await outbox.countAfter(0), 1, 'kept for the idle FHIR sink');
    first.telemetry.finalize();

    now += 25 * 3_600_000;
    const second = pipeline(outbox, [ok.sink], { now: clock, idleSinks });
    second.telemetry.emit(card(2));
    await second.telemetry.flush();
    await until(
      () => second.telemetry.state.notices.some((n) => n.code === 'events-released'),
      'the released notice',
    );
    await until(() => [...ok.stored.values()].some((e) => e.type === 'events-dropped'), 'the gap delivered');
    const gap = [...ok.stored.values()].find((e) => e.type === 'events-dropped');
    assert.equal(gap?.dropped?.sink, 'fhir');
    assert.equal(gap?.dropped?.reason, 'sink-released');
    assert.equal(gap?.patient, undefined, 'a count, about no one');
    assert.match(second.telemetry.state.notices.map((n) => n.title).join(' '), /deleted unsent/);
    second.telemetry.finalize();
  });

  it('says on the panel while events cannot be saved, and stops saying so once they are', async () => {
    const ok = receiver('ok');
    const outbox = new StoredOutbox(memoryStore());
    const append = outbox.append.bind(outbox);
    let full = true;
    outbox.append = (events) => (full ? Promise.reject(new Error('QuotaExceededError')) : append(events));
    const { telemetry } = pipeline(outbox, [ok.sink]);
    const codes = () => telemetry.state.notices.map((n) => n.code);
    try {
      telemetry.emit(card(1));
      await until(() => codes().includes('events-not-saved'), 'the notice');
      const notice = telemetry.state.notices.find((n) => n.code === 'events-not-saved');
      assert.match(notice?.title ?? '', /cannot be saved on this computer right now \(QuotaExceededError\)/);
      full = false;
      await until(() => ok.stored.size === 1, 'the event, once saved'); // the writer tries again in 2 s
      await until(() => !codes().includes('events-not-saved'), 'the notice gone');
    } finally {
      full = false;
      telemetry.finalize();
    }
  });

  it('says events cannot be saved even while the start itself cannot write (a full disk)', async () => {
    const outbox = new StoredOutbox(memoryStore());
    const [register, append] = [outbox.register.bind(outbox), outbox.append.bind(outbox)];
    let full = true;
    const quota = () => Promise.reject(new Error('QuotaExceededError'));
    outbox.register = (ids, now) => (full ? quota() : register(ids, now));
    outbox.append = (events) => (full ? quota() : append(events));
    const { telemetry } = pipeline(outbox, [receiver('ok').sink]);
    try {
      telemetry.emit(card(1));
      await until(
        () => telemetry.state.notices.some((n) => n.code === 'events-not-saved'),
        'the notice while the start waits',
      );
    } finally {
      full = false;
      telemetry.finalize();
    }
  });

  it('an outbox read that fails once only delays delivery, never ends it', async () => {
    const ok = receiver('ok');
    const outbox = new StoredOutbox(memoryStore());
    const after = outbox.after.bind(outbox);
    let failures = 1;
    outbox.after = (seq, limit) =>
      failures-- > 0 ? Promise.reject(new Error('UnknownError: the database is busy')) : after(seq, limit);
    const { telemetry } = pipeline(outbox, [ok.sink]);
    telemetry.emit(card(1));
    telemetry.emit(card(2));
    await telemetry.flush();
    await until(() => ok.stored.size === 2, 'both events');
    telemetry.finalize();
  });

  it('a start that fails once (registering the sinks) is tried again, and every event is delivered', async () => {
    const ok = receiver('ok');
    const outbox = new StoredOutbox(memoryStore());
    const register = outbox.register.bind(outbox);
    let failures = 1;
    outbox.register = (ids, now) =>
      failures-- > 0 ? Promise.reject(new Error('QuotaExceededError')) : register(ids, now);
    const { telemetry } = pipeline(outbox, [ok.sink]);
    try {
      telemetry.emit(card(1));
      await telemetry.flush();
      await until(() => ok.stored.size === 1, 'the event');
    } finally {
      telemetry.finalize();
    }
  });

  it('a rescue copy holding something that is not an event still gives back the events', async () => {
    const shared = storage();
    const outbox = new StoredOutbox(memoryStore());
    const good = {
      id: '0e3f6f64-8c43-4d4e-9a4e-500000000001',
      type: 'session-ended',
      at: new Date().toISOString(),
      session: '0e3f6f64-8c43-4d4e-9a4e-500000000002',
      app: 'test',
    };
    shared.setItem(`${outbox.name}:rescued`, JSON.stringify([null, { id: 7 }, good]));
    const ok = receiver('ok');
    const { telemetry } = pipeline(outbox, [ok.sink], { rescue: localRescue(outbox.name, shared) });
    try {
      await until(() => ok.stored.has(good.id), 'the rescued event');
      // Forgotten once in the outbox; what this version cannot read is left for one that can.
      await until(() => shared.getItem(`${outbox.name}:rescued`) === '[null,{"id":7}]', 'the rescue copy');
    } finally {
      telemetry.finalize();
    }
  });

  it('a receiver that answers too late gets smaller batches, so its cursor moves on', async () => {
    const stored = new Map<string, LoopEvent>();
    const sizes: number[] = [];
    // It stores every batch, but takes 300 ms over 10 events: longer than the 200 ms time limit.
    const slow: Sink = {
      id: 'slow',
      maxBatch: 40,
      keepalive: false,
      accepts: () => true,
      async deliver(events) {
        sizes.push(events.length);
        for (const e of events) stored.set(e.id, e);
        if (events.length > 10) await new Promise((r) => setTimeout(r, 300));
      },
    };
    const { telemetry } = pipeline(new StoredOutbox(memoryStore()), [slow]);
    try {
      for (let i = 0; i < 40; i++) telemetry.emit(card(i));
      await telemetry.flush();
      await until(() => telemetry.state.sinks.slow?.pending === 0, 'every event taken');
      assert.ok(sizes.some((n) => n > 10) && sizes.some((n) => n <= 10), `batches: ${sizes.join(', ')}`);
    } finally {
      telemetry.finalize();
    }
  });

  it('names a sink in an events-dropped record without its URL query (a signed link’s secret)', async () => {
    let now = Date.parse('2026-03-02T08:00:00Z');
    const clock = () => new Date(now);
    const store = memoryStore();
    const ok = receiver('fhir');
    const idleSinks = [{ id: 'ndjson:https://logs.example/in?sig=SECRET', why: 'not reachable' }];
    const first = pipeline(new StoredOutbox(store), [ok.sink], { now: clock, idleSinks });
    first.telemetry.emit(card(1));
    await first.telemetry.flush();
    await until(() => ok.stored.size === 1, 'delivery');
    first.telemetry.finalize();
    now += 25 * 3_600_000;
    const second = pipeline(new StoredOutbox(store), [ok.sink], { now: clock, idleSinks });
    second.telemetry.emit(card(2));
    await second.telemetry.flush();
    await until(() => [...ok.stored.values()].some((e) => e.type === 'events-dropped'), 'the gap');
    const gap = [...ok.stored.values()].find((e) => e.type === 'events-dropped');
    assert.equal(gap?.dropped?.sink, 'ndjson:https://logs.example/in');
    second.telemetry.finalize();
  });
});

describe('what counts as delivered', () => {
  it('a redirect (a proxy sending the POST to a sign-in page) is not a delivery: the events wait', async () => {
    const { ndjsonSink } = await import('../../../src/telemetry/sinks');
    const inits: RequestInit[] = [];
    const sink = ndjsonSink({
      url: 'https://logs.example/in',
      fetchImpl: async (_url, init) => {
        inits.push(init ?? {});
        return new Response(null, { status: 302, headers: { Location: 'https://sso.example/login' } });
      },
    });
    const error = await sink
      .deliver([{ id: 'e1' } as LoopEvent], { signal: new AbortController().signal })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(error instanceof SinkError);
    assert.deepEqual([error.kind, error.status], ['retry', 302]);
    assert.match(error.message, /redirect \(to a sign-in page\?\): nothing was delivered/);
    assert.equal(inits[0]?.redirect, 'manual', 'a redirect is not followed to its 200');
  });
});
