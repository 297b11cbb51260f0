import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../../tools/temp-dir';
import { openDuckDB } from '../../../src/analytics/engines/duckdb';
import {
  createEvents,
  assignRoles,
  dedupeEvents,
  portableEvents,
  typeDimensions,
  insertEvents,
  setAsideUnknownTypes,
} from '../../../src/analytics/engines/duckdb-load';
import { CREATE_TABLES, insertFlat, insertRoles, type SqlRow } from '../../../src/analytics/engines/engine';
import { openPGlite } from '../../../src/analytics/engines/pglite';
import { FLAT_COLUMNS, flatFromCanonical, flatFromView, type FlatRow } from '../../../src/analytics/flat';
import { appView, lineRow } from '../../../src/analytics/line-row';
import { generateEvents } from '../../../src/analytics/generate';
import { appViewSql } from '../../../src/analytics/load';
import { readMetricSql } from '../../../src/analytics/metric-files';
import { runMetrics } from '../../../src/analytics/metrics';
import { auditSource, canonicalSource } from '../../../src/analytics/sources';
import { toAuditEvent } from '../../../src/telemetry/audit-event';
import type { LoopEvent } from '../../../src/telemetry/event';

const dir = await tempDir('analytics-duckdb-');
const fixture = fileURLToPath(new URL('./fixtures/small.ndjson', import.meta.url));
const small = (await readFile(fixture, 'utf8'))
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as LoopEvent);
const base = small[0] as LoopEvent;
// Fields the fixture lacks: a followed link (its domain only), a latency, a reason without a system,
// the measure of a drill-down, a gap the log recorded.
const extra: LoopEvent[] = [
  {
    ...base,
    id: '0e3f6f64-8c43-4d4e-9a4e-000000000001',
    type: 'link-opened',
    card: 'c9',
    source: 'local:starter',
    url: 'https://User@Guidelines.Example.org:8443/vte?patient=p1#x',
  },
  {
    ...base,
    id: '0e3f6f64-8c43-4d4e-9a4e-000000000002',
    type: 'card-shown',
    card: 'c9',
    source: 'local:starter',
    latencyMs: 412,
    visibleMs: 1500,
  },
  {
    ...base,
    id: '0e3f6f64-8c43-4d4e-9a4e-000000000003',
    type: 'card-overridden',
    card: 'c9',
    source: 'local:starter',
    overrideReason: { code: 'r9' },
  },
  {
    ...base,
    id: '0e3f6f64-8c43-4d4e-9a4e-000000000004',
    type: 'feedback-drilldown',
    measure: { url: 'https://learning-loop.example.org/fhir/Measure/vte-prophylaxis', month: '2026-01' },
  },
  {
    id: '0e3f6f64-8c43-4d4e-9a4e-000000000005',
    type: 'events-dropped',
    at: '2026-02-01T00:00:00.000Z',
    session: base.session,
    app: '0.1.0',
    dropped: {
      count: 9,
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-01-02T00:00:00.000Z',
      reason: 'sink-released',
      sink: 'fhir',
    },
  },
];
const events = [...small, ...extra, ...generateEvents({ count: 600, seed: 5 })];
const write = async (name: string, lines: unknown[]) => {
  const path = join(dir, name);
  await writeFile(path, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return path;
};
/** Each session and card replaced by the first event id that has it: who groups with whom, not the value. */
const groupsAsIds = (rows: SqlRow[]) => {
  const first = new Map<string, string>();
  for (const row of [...rows].sort((a, b) => String(a.event_id).localeCompare(String(b.event_id))))
    for (const column of ['session', 'card'])
      if (row[column] != null && !first.has(`${column}:${String(row[column])}`))
        first.set(`${column}:${String(row[column])}`, String(row.event_id));
  const group = (column: string, value: unknown) =>
    value == null ? null : first.get(`${column}:${String(value)}`);
  return rows.map((r) => ({ ...r, session: group('session', r.session), card: group('card', r.card) }));
};

const byId = (rows: SqlRow[]) =>
  rows
    .map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [
          k,
          v === null || v === undefined ? null : typeof v === 'bigint' ? Number(v) : v,
        ]),
      ),
    )
    .sort((a, b) =>
      `${String(a.event_id)}${String(a.event_type)}`.localeCompare(
        `${String(b.event_id)}${String(b.event_type)}`,
      ),
    );

describe('DuckDB reads NDJSON into the same flat rows as flat.ts', async () => {
  const duck = await openDuckDB();
  const names = FLAT_COLUMNS.map(([n]) => n);
  const asRows = (rows: FlatRow[]) => byId(rows.map((r) => Object.fromEntries(names.map((n) => [n, r[n]]))));

  it('from canonical events (read_json with an explicit schema)', async () => {
    const path = await write('canonical.ndjson', events);
    const rows = await duck.query(canonicalSource([path]));
    assert.deepEqual(byId(rows), asRows(events.map(flatFromCanonical)));
    assert.ok(rows.some((r) => r.url_domain === 'guidelines.example.org' && r.latency_ms === null));
    assert.ok(
      rows.some((r) => r.measure_month === '2026-01' && String(r.measure).endsWith('/vte-prophylaxis')),
    );
    assert.ok(rows.some((r) => Number(r.dropped_count) === 9 && r.dropped_sink === 'fhir'));
  });

  it('reads the same times as UTC and refuses the same odd ones', async () => {
    const times = [
      '2026-01-01T00:00:27Z',
      '2026-01-01T00:00:27.1Z',
      '2026-01-01T00:00:27.123456789Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01T00:00:27.163+02:00Z',
      '2026-01-01T00:00:27ZZ',
      '2026-01-01T00:00:27 Z',
      '2026-01-01T00:00:27.Z',
      '2026-01-01T00:00:27.1x2Z',
      '2026-02-30T00:00:00Z',
      '2026-01-01T00:00:60Z',
      '2026-01-01T00:00:27.163+02:00',
      '2026-01-01 00:00:27Z',
      '2026-01-01T 0:00:27Z',
      ' 026-01-01T00:00:27Z',
      '-026-01-01T00:00:27Z',
      '0000-02-29T00:00:00Z',
    ];
    const odd = times.map((at, i) => ({ ...base, id: `0e3f6f64-8c43-4d4e-9a4e-1000000000${10 + i}`, at }));
    const rows = await duck.query(canonicalSource([await write('times.ndjson', odd)]));
    assert.deepEqual(byId(rows), asRows(odd.map(flatFromCanonical)));
    const read = rows.filter((r) => r.at_ms !== null).map((r) => r.event_time);
    assert.deepEqual(read, [...times.slice(0, 4), '0000-02-29T00:00:00Z']);
  });

  it('reads a number of another JSON type as line-row.ts does, and refuses what neither can take', async () => {
    // Numbers as DuckDB rounds them into BIGINT (half to even), true and false, text of digits.
    const taken: unknown[] = [12.5, 13.5, -2.5, 12.7, true, false, '12', ' 12 ', '-0', null];
    const lines = taken.map((visibleMs, i) => ({
      ...base,
      id: `0e3f6f64-8c43-4d4e-9a4e-2000000000${10 + i}`,
      visibleMs,
    }));
    const rows = await duck.query(canonicalSource([await write('numbers.ndjson', lines)]));
    const read = new Map(
      rows.map((r) => [String(r.event_id), r.visible_ms === null ? null : Number(r.visible_ms)]),
    );
    for (const line of lines) {
      const { row, unread } = lineRow(JSON.stringify(line), undefined);
      assert.deepEqual(
        [row?.visible_ms, unread],
        [read.get(line.id), undefined],
        JSON.stringify(line.visibleMs),
      );
    }
    // What neither takes: DuckDB refuses the file (the loader then reads it in JavaScript), and
    // line-row.ts names the field.
    for (const visibleMs of ['12.5', '+5', '1e3', 1e300, 'abc', [1], { n: 1 }]) {
      const line = { ...base, visibleMs };
      await assert.rejects(duck.query(canonicalSource([await write('refused.ndjson', [line])])), /JSON/);
      assert.match(
        lineRow(JSON.stringify(line), undefined).unread?.[0] ?? '',
        /^visibleMs: .* is not a whole number$/,
      );
    }
  });

  it('from AuditEvents, plain and pseudonymised (the app view compiled to SQL)', async () => {
    const sql = await appViewSql();
    assert.ok(sql, 'the app view compiles to SQL');
    const view = await appView();
    for (const pseudonymous of [false, true]) {
      const audits = events.map((e) => toAuditEvent(e, { pseudonymous }));
      const path = await write(`audit-${pseudonymous}.ndjson`, audits);
      const rows = await duck.query(auditSource([path], sql));
      const expected = audits.map((a) => flatFromView(view.rows(a)[0] ?? {}));
      assert.deepEqual(byId(rows), asRows(expected), `pseudonymous: ${pseudonymous}`);
      // The AuditEvent details reach their columns (a misnamed detail would give nulls on both sides).
      assert.ok(rows.some((r) => r.measure_month === '2026-01' && r.measure !== null));
      assert.ok(rows.some((r) => Number(r.dropped_count) === 9 && r.dropped_reason === 'sink-released'));
    }
  });
});

describe('the events table: DuckDB builds it its own way, PostgreSQL runs the portable 00-events.sql', async () => {
  it('gives the same rows, each event id once, the duplicates removed', async () => {
    // With an event of a type this version does not know, whose id is also a known event's.
    const unknown = { ...(events[5] as LoopEvent), type: 'panel-resized' } as unknown as LoopEvent;
    const stranger = { ...unknown, id: '0e3f6f64-8c43-4d4e-9a4e-300000000001' };
    // A session spelled in capitals: another text, so another session, in both (as PostgreSQL groups).
    const lettered = events.find((e) => e.type === 'card-shown' && /[a-f]/.test(e.session)) as LoopEvent;
    const shouting = {
      ...lettered,
      id: '0e3f6f64-8c43-4d4e-9a4e-300000000002',
      session: lettered.session.toUpperCase(),
    };
    // A gap's fields on an event that is no gap record: kept as they are, as 00-events.sql does.
    const stray = {
      ...(events[9] as LoopEvent),
      id: '0e3f6f64-8c43-4d4e-9a4e-300000000003',
      dropped: { count: 3, reason: 'max-age "x" \\ é', sink: 'fhir', from: null, to: '2026-01-02T00:00:00Z' },
    } as unknown as LoopEvent;
    // A month is a number until every file is in: its text then comes from a list from the first month
    // to the last, or, with the first and the last month a time can have (0000-02, 9999-12), from
    // each row's number.
    const ends = ['0000-02-29T00:00:00Z', '9999-12-31T23:59:59.999Z'].map((at, i) => ({
      ...(events[11] as LoopEvent),
      id: `0e3f6f64-8c43-4d4e-9a4e-30000000001${i}`,
      at,
    }));
    for (const far of [[], ends])
      await sameRows([
        ...events,
        events[3] as LoopEvent,
        events[40] as LoopEvent,
        events[3] as LoopEvent,
        unknown,
        stranger,
        shouting,
        stray,
        ...far,
      ]);
  });
  async function sameRows(lines: LoopEvent[]) {
    const unknown = lines.find((e) => (e.type as string) === 'panel-resized');
    const stranger = lines.findLast((e) => (e.type as string) === 'panel-resized');
    const path = await write(`dupes-${lines.length}.ndjson`, lines);
    const roles = new Map([['Practitioner/p1', 'doctor']]);
    const duck = await openDuckDB();
    const pg = await openPGlite();
    try {
      await duck.exec('CREATE TABLE roles (practitioner VARCHAR, role VARCHAR)');
      await insertRoles(duck, roles);
      await createEvents(duck);
      const { lines: read, dropped } = await insertEvents(duck, canonicalSource([path]));
      assert.deepEqual([read, dropped], [lines.length, 0]);
      const setAside = await setAsideUnknownTypes(duck);
      assert.deepEqual(setAside, [{ type: 'panel-resized', count: 2 }]);
      const removed = await dedupeEvents(duck);
      await assignRoles(duck);
      // Roles, units and rules as ENUMs: the same texts come back.
      await typeDimensions(duck);
      await pg.exec(CREATE_TABLES);
      await insertRoles(pg, roles);
      await insertFlat(
        pg,
        lines.map((e) => flatFromCanonical(e as LoopEvent)),
      );
      await pg.exec((await readMetricSql())['00-events'] ?? '');
      const fromDuck = await duck.query(
        `SELECT * REPLACE (event_id::VARCHAR AS event_id) FROM (${await portableEvents()})`,
      );
      const fromPg = await pg.query('SELECT * FROM events');
      const known = lines.filter((e) => e !== unknown && e !== stranger);
      assert.equal(fromDuck.length, new Set(known.map((e) => e?.id)).size);
      assert.equal(removed, known.length - fromDuck.length);
      // DuckDB keeps sessions and cards as the number of their MD5 (a card id like 'c9' too): the
      // same events must share a session, and a card, in both, and no more.
      assert.ok(fromDuck.some((r) => r.card !== null) && extra.some((e) => e.card === 'c9'));
      assert.deepEqual(byId(groupsAsIds(fromDuck)), byId(groupsAsIds(fromPg)));
    } finally {
      await duck.close();
      await pg.close();
    }
  }
});

describe('units, rules and clinicians as ENUMs (typeDimensions)', async () => {
  /** Every metric of `lines`, with columns of more than `mostValues` values left as text. */
  async function metricsWith(lines: unknown[], mostValues: number) {
    const duck = await openDuckDB();
    try {
      await duck.exec('CREATE TABLE roles (practitioner VARCHAR, role VARCHAR)');
      await insertRoles(duck, new Map([['Practitioner/p1', 'doctor']]));
      await createEvents(duck);
      await insertEvents(duck, canonicalSource([await write(`enum-${mostValues}.ndjson`, lines)]));
      await setAsideUnknownTypes(duck);
      await dedupeEvents(duck);
      await assignRoles(duck);
      const typed = await typeDimensions(duck, mostValues);
      const sql = Object.fromEntries(
        Object.entries(await readMetricSql()).filter(([name]) => name !== '00-events'),
      );
      return { typed, metrics: await runMetrics(duck, sql, { minN: 1, perClinician: true }) };
    } finally {
      await duck.close();
    }
  }

  it('gives the same metrics as text, and leaves a column of too many values as text', async () => {
    // Units that sort differently from the order they arrive in: an ENUM's MIN is its first value.
    const lines = events.map((e, i) => (e.unit ? { ...e, unit: `Location/w-${(i * 7919) % 97}` } : e));
    const asEnums = await metricsWith(lines, 10_000);
    const asText = await metricsWith(lines, 0);
    assert.deepEqual(asEnums.typed, ['unit', 'rule', 'practitioner']);
    assert.deepEqual(asText.typed, [], 'a column above the limit stays text');
    assert.ok(asEnums.metrics.some((m) => m.dimension === 'unit' && m.dimension_value === 'Location/w-0'));
    assert.deepEqual(asEnums.metrics, asText.metrics);
  });

  it('leaves a column with a NUL in a value as text: the metrics neither fail nor cut it', async () => {
    // DuckDB fails a window partitioned by such an ENUM (repeats), and the Node API cuts its values.
    const shown = events.filter((e) => e.type === 'card-shown' && e.rule);
    const nul = shown.slice(0, 2).map((e, i) => ({
      ...e,
      id: `0e3f6f64-8c43-4d4e-9a4e-20000000000${i}`,
      session: `0e3f6f64-8c43-4d4e-9a4e-21000000000${i}`,
      card: 'nul-card',
      practitioner: 'Practitioner/p\u00001',
      rule: { url: 'r\u0000x', version: '1' },
    }));
    const lines = [...events, ...nul];
    const asEnums = await metricsWith(lines, 10_000);
    const asText = await metricsWith(lines, 0);
    assert.deepEqual(asEnums.typed, ['unit']);
    assert.ok(
      asEnums.metrics.some((m) => m.rule === 'r\u0000x'),
      'per clinician, the rule whole',
    );
    assert.deepEqual(asEnums.metrics, asText.metrics);
  });
});
