import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../../tools/temp-dir';
import { analyzeFiles } from '../../../src/analytics/analyze';
import { CREATE_TABLES, insertFlat, insertRoles } from '../../../src/analytics/engines/engine';
import { openDuckDB } from '../../../src/analytics/engines/duckdb';
import { openPGlite } from '../../../src/analytics/engines/pglite';
import { flatFromCanonical } from '../../../src/analytics/flat';
import { generateEvents } from '../../../src/analytics/generate';
import { readMetricSql } from '../../../src/analytics/metric-files';
import { runMetrics, type MetricRow } from '../../../src/analytics/metrics';
import { readRoles } from '../../../src/analytics/roles';
import { toAuditEvent } from '../../../src/telemetry/audit-event';
import type { LoopEvent } from '../../../src/telemetry/event';
import { privacy } from '../../../src/telemetry/sinks';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const dir = await tempDir('analytics-inputs-');
const events = (await readFile(fixture('small.ndjson'), 'utf8'))
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as LoopEvent);
const write = async (name: string, lines: unknown[]) => {
  const path = join(dir, name);
  await writeFile(path, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return path;
};
const KEY = 'test-pseudonym-key';
const roles = fixture('roles.ndjson');

describe('one flat table from every input', async () => {
  const canonical = await analyzeFiles([fixture('small.ndjson')], { roles, minN: 1, perClinician: true });

  it('gives the same metrics from AuditEvents (through the ViewDefinition) as from canonical events', async () => {
    const audit = await write(
      'audit.ndjson',
      events.map((e) => toAuditEvent(e)),
    );
    const result = await analyzeFiles([audit], { roles, minN: 1, perClinician: true });
    assert.equal(result.files[0]?.format, 'audit');
    assert.equal(result.files[0]?.loaded, 25);
    assert.deepEqual(result.metrics, canonical.metrics);
  });

  it('gives the same metrics from pseudonymised events (Patient/<hex>), canonical and AuditEvent, roles keyed alike', async () => {
    const hidden = await privacy({ pseudonymKey: KEY })(events);
    assert.match(hidden[0]?.patient ?? '', /^Patient\/[0-9a-f]{64}$/);
    const asCanonical = await write('pseudo.ndjson', hidden);
    const asAudit = await write(
      'pseudo-audit.ndjson',
      hidden.map((e) => toAuditEvent(e, { pseudonymous: true })),
    );
    // Per-clinician rows name the clinician by pseudonym: the same rows once renamed.
    const pseudonym = new Map(events.map((e, i) => [e.practitioner, hidden[i]?.practitioner]));
    const renamed = canonical.metrics.map((r) =>
      r.dimension === 'practitioner' ? { ...r, dimension_value: pseudonym.get(r.dimension_value) ?? '' } : r,
    );
    const byKey = (rows: MetricRow[]) =>
      [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    for (const path of [asCanonical, asAudit]) {
      const result = await analyzeFiles([path], { roles, pseudonymKey: KEY, minN: 1, perClinician: true });
      assert.deepEqual(byKey(result.metrics), byKey(renamed), path);
    }
    // Without the key no role can match: said, not silently "unknown" everywhere.
    const keyless = await analyzeFiles([asCanonical], { roles, minN: 1 });
    assert.match(keyless.warnings.join(), /no clinician matched --roles: .*--pseudonym-key/);
    assert.deepEqual(canonical.warnings, []);
  });

  it('runs the same SQL unchanged on PGlite (PostgreSQL) with the same results as DuckDB', async () => {
    const generated = [...generateEvents({ count: 4000, seed: 11 })];
    const path = await write('generated.ndjson', generated);
    const duck = await analyzeFiles([path], { minN: 1, perClinician: true });
    const pg = await openPGlite();
    try {
      await pg.exec(CREATE_TABLES);
      await insertFlat(pg, generated.map(flatFromCanonical));
      await insertRoles(pg, (await readRoles(roles)).roles);
      const rows = await runMetrics(pg, await readMetricSql(), { minN: 1, perClinician: true });
      assert.ok(rows.length > 100);
      assert.deepEqual(rows, duck.metrics);
    } finally {
      await pg.close();
    }
  });
});

describe('bad input', () => {
  it('names a role with a NUL character and reads the rest, rather than fail the analysis', async () => {
    const good = (await readFile(roles, 'utf8')).trim().split('\n');
    const nul = good[0]?.replace('"doctor"', '"doc\\u0000tor"').replace('Practitioner/p1', 'Practitioner/p9');
    const path = join(dir, 'nul-roles.ndjson');
    await writeFile(path, [...good, nul].join('\n') + '\n');
    const analysis = await analyzeFiles([fixture('small.ndjson')], { roles: path, minN: 1 });
    assert.deepEqual(analysis.rolesSkipped, [
      { line: good.length + 1, reason: 'a NUL character in the practitioner reference or the role' },
    ]);
    assert.ok(analysis.metrics.some((m) => m.dimension === 'role' && m.dimension_value === 'doctor'));
  });

  it('skips and reports bad lines by number, counts the rest', async () => {
    const lines = events.slice(0, 6).map((e) => JSON.stringify(e));
    lines.splice(2, 0, 'not json at all', '[1, 2]', '');
    const path = await write('bad.ndjson', lines);
    const [file] = (await analyzeFiles([path], { format: 'canonical' })).files;
    assert.deepEqual(
      file?.skipped.map((s) => s.line),
      [3, 4],
    );
    assert.equal(file?.loaded, 6);
  });

  it('reports a truncated last line, in canonical and AuditEvent files alike', async () => {
    const text = events
      .slice(0, 4)
      .map((e) => JSON.stringify(e))
      .join('\n');
    const canonical = join(dir, 'truncated.ndjson');
    await writeFile(canonical, text.slice(0, -30));
    const audit = join(dir, 'truncated-audit.ndjson');
    const auditText = events
      .slice(0, 4)
      .map((e) => JSON.stringify(toAuditEvent(e)))
      .join('\n');
    await writeFile(audit, auditText.slice(0, -30));
    const result = await analyzeFiles([canonical, audit]);
    assert.deepEqual(
      result.files.map((f) => [f.format, f.loaded, f.skipped.map((s) => s.line)]),
      [
        ['canonical', 3, [4]],
        ['audit', 3, [4]],
      ],
    );
  });

  it('takes an empty file and says so', async () => {
    const path = join(dir, 'empty.ndjson');
    await writeFile(path, '');
    const result = await analyzeFiles([path]);
    assert.deepEqual(
      result.files.map((f) => [f.format, f.loaded]),
      [['empty', 0]],
    );
    assert.ok(result.metrics.every((m) => m.suppressed));
  });
});

describe("lines that DuckDB's JSON reader would misread", () => {
  // A line cut off after ':' or '[' runs on into the next line in DuckDB's reader (one bad row for
  // two lines); a pretty-printed object or a bad line that completes with the next stops the reader.
  const shapes: Record<string, (good: [string, string, string]) => string[]> = {
    'a line cut after a colon': ([a, b, c]) => [a, '{"id":', b, c],
    'a line cut after a bracket': ([a, b, c]) => [a, '{"a":[', b, c],
    'two cut lines in a row': ([a, b, c]) => [a, '{"id":', '{"a":[', b, c],
    'a cut line the next completes': ([a, b, c]) => [a, '{"x":', '1}', b, c],
    'a pretty-printed event': ([a, b, c]) => [a, JSON.stringify(JSON.parse(b), null, 2), c],
    'a byte order mark': ([a, b, c]) => [`\uFEFF${a}`, b, c],
  };
  const [first, second, third] = events as [LoopEvent, LoopEvent, LoopEvent];
  for (const format of ['canonical', 'audit'] as const)
    for (const [name, shape] of Object.entries(shapes))
      it(`${format}: ${name} loses no good event and lists every bad line`, async () => {
        const good = [first, second, third].map((e) =>
          JSON.stringify(format === 'audit' ? toAuditEvent(e) : e),
        ) as [string, string, string];
        const text = shape(good).join('\n');
        const path = await write(`runon-${format}-${name.replaceAll(' ', '-')}.ndjson`, [text]);
        const [file] = (await analyzeFiles([path])).files;
        const all = text.split('\n');
        const isGood = (l: string) => good.includes(l.replace(/^\uFEFF/, ''));
        const bad = all.flatMap((l, i) => (isGood(l) ? [] : [i + 1]));
        // Every whole good line counted (a pretty-printed event is not NDJSON: its lines are bad).
        assert.deepEqual(
          [file?.format, file?.loaded, file?.skipped.map((s) => s.line)],
          [format, all.filter(isGood).length, bad],
        );
      });

  it("takes back only the misread file's rows: the files read before it keep theirs", async () => {
    const lines = events.map((e) => JSON.stringify(e));
    const earlier = await write('earlier.ndjson', lines.slice(0, 12));
    const runOn = await write('run-on.ndjson', [lines[12], '{"id":', ...lines.slice(13)]);
    const clean = await write('clean.ndjson', lines.slice(12));
    const misread = await analyzeFiles([earlier, runOn], { roles, minN: 1 });
    const expected = await analyzeFiles([earlier, clean], { roles, minN: 1 });
    assert.deepEqual(
      misread.files.map((f) => [f.loaded, f.skipped.map((s) => s.line)]),
      [
        [12, []],
        [lines.length - 12, [2]],
      ],
    );
    assert.deepEqual([misread.metrics, misread.duplicates], [expected.metrics, expected.duplicates]);
    // The same with the tables in a scratch file (large inputs), where checkpoints compact the table.
    const onDisk = await analyzeFiles([earlier, runOn], { roles, minN: 1, onDisk: true });
    assert.deepEqual([onDisk.metrics, onDisk.duplicates], [expected.metrics, expected.duplicates]);
  });

  it('loses no event when a run-on line and a line only DuckDB reads cancel out', async () => {
    // DuckDB: the cut line runs on and takes `second` with it; the trailing comma is JSON to it.
    // Line by line: the cut line and the comma line are bad. The same counts (five, two bad), but
    // DuckDB's rows would have lost `second` (found by trying every short mix of such lines).
    const fourth = events[3] as LoopEvent;
    const trailingComma = `${JSON.stringify(third).slice(0, -1)},}`;
    const lines = [
      JSON.stringify(first),
      '{"id":',
      JSON.stringify(second),
      trailingComma,
      JSON.stringify(fourth),
    ];
    const misread = await analyzeFiles([await write('cancel-out.ndjson', lines)], { roles, minN: 1 });
    const clean = await analyzeFiles([await write('cancel-out-clean.ndjson', [first, second, fourth])], {
      roles,
      minN: 1,
    });
    const [file] = misread.files;
    assert.deepEqual([file?.loaded, file?.skipped.map((s) => s.line)], [3, [2, 4]]);
    assert.deepEqual(misread.metrics, clean.metrics);
  });

  it('skips a canonical event with an empty type, as it skips one with none', async () => {
    const path = await write('empty-type.ndjson', [first, { ...second, type: '' }]);
    const [file] = (await analyzeFiles([path])).files;
    assert.deepEqual(
      [file?.loaded, file?.skipped.map((s) => [s.line, s.reason])],
      [1, [[2, 'no event type']]],
    );
  });

  it('counts an event with a value its field cannot take, reads that field as empty, and names line and field', async () => {
    // The practitioner a 64-bit number: JSON.parse has lost its last digits, so it is not read as one.
    const mistyped = [
      first,
      { ...second, visibleMs: 'abc' },
      { ...third, rule: 'vte', dropped: { count: 'many' } },
      `${JSON.stringify({ ...first, id: '0e3f6f64-8c43-4d4e-9a4e-400000000001', practitioner: undefined }).slice(0, -1)},"practitioner":12345678901234567891}`,
    ];
    const path = await write('mistyped.ndjson', mistyped);
    const analysis = await analyzeFiles([path], { minN: 1 });
    const [file] = analysis.files;
    assert.deepEqual(
      [file?.loaded, file?.skipped, file?.unreadLines, file?.unread],
      [
        4,
        [],
        3,
        [
          { line: 2, reason: 'visibleMs: "abc" is not a whole number: read as empty' },
          {
            line: 3,
            reason:
              'rule: "vte" is not an object; dropped.count: "many" is not a whole number: read as empty',
          },
          {
            line: 4,
            reason: 'practitioner: 12345678901234567000 is a number too long to read exactly: read as empty',
          },
        ],
      ],
    );
    // Exactly as if those fields had not been there: nothing else of the events is lost.
    const without = await write('mistyped-without.ndjson', [
      first,
      { ...second, visibleMs: undefined },
      { ...third, rule: undefined, dropped: {} },
      { ...first, id: '0e3f6f64-8c43-4d4e-9a4e-400000000001', practitioner: undefined },
    ]);
    assert.deepEqual(analysis.metrics, (await analyzeFiles([without], { minN: 1 })).metrics);
  });

  it('reads a key given twice in one object as empty and names it, as DuckDB refuses the line', async () => {
    const twice = (event: LoopEvent, extra: string) => `${JSON.stringify(event).slice(0, -1)},${extra}}`;
    const lines = [
      first,
      twice(second, '"unit":"Location/other"'),
      twice({ ...third, rule: undefined } as LoopEvent, '"rule":{"url":"a","url":"b"}'),
      twice(first, `"id":"0e3f6f64-8c43-4d4e-9a4e-400000000009"`),
    ];
    const [file] = (await analyzeFiles([await write('twice.ndjson', lines)], { minN: 1 })).files;
    assert.deepEqual(
      [file?.loaded, file?.skipped, file?.unread],
      [
        3,
        [{ line: 4, reason: 'the event id is not a UUID; id given more than once' }],
        [
          { line: 2, reason: 'unit: given more than once: read as empty' },
          { line: 3, reason: 'rule.url: given more than once: read as empty' },
        ],
      ],
    );
  });

  it('lists the first thousand lines with a field read as empty, and counts them all', async () => {
    const many = Array.from({ length: 1005 }, (_, i) => ({
      ...second,
      id: `0e3f6f64-8c43-4d4e-9a4e-5${String(i).padStart(11, '0')}`,
      visibleMs: 'n/a',
    }));
    const [file] = (await analyzeFiles([await write('many-unread.ndjson', many)])).files;
    assert.deepEqual(
      [file?.loaded, file?.unreadLines, file?.unread.length, file?.unread.at(-1)?.line],
      [1005, 1005, 1000, 1000],
    );
  });

  it('names the events of a type it does not know, with their counts, rather than drop them unseen', async () => {
    const path = await write('unknown-type.ndjson', [
      first,
      { ...second, type: 'card-frobbed' },
      { ...second, id: '00000000-0000-4000-8000-0000000009a1', type: 'card-frobbed' },
      { ...second, id: '00000000-0000-4000-8000-0000000009a2', type: 7 },
    ]);
    const analysis = await analyzeFiles([path], { minN: 1 });
    assert.equal(analysis.files[0]?.loaded, 4);
    assert.deepEqual(analysis.warnings, [
      `3 event(s) of a type this version does not know, counted in no metric ("card-frobbed": 2, "7": 1); a newer app's log needs a newer analyze`,
    ]);
    // And truly in none: no encounter, clinician-shift or session of theirs in a denominator.
    const knownOnly = await write('known-only.ndjson', [first]);
    assert.deepEqual(analysis.metrics, (await analyzeFiles([knownOnly], { minN: 1 })).metrics);
    const known = await analyzeFiles([fixture('small.ndjson')]);
    assert.deepEqual(known.warnings, []);
  });

  it('counts an id in braces as DuckDB does, and never lists a counted line as skipped', async () => {
    const braced = { ...first, id: `{${first.id}}` };
    const path = await write('braces.ndjson', [braced, second, 'not json']);
    const [file] = (await analyzeFiles([path])).files;
    assert.deepEqual([file?.loaded, file?.skipped.map((s) => s.line)], [2, [3]]);
  });

  it('prints no control character of the input in a skip reason', async () => {
    const path = await write('control.ndjson', [{ ...first, at: '2026-01-01\u001b[2J\u0007' }]);
    const [file] = (await analyzeFiles([path])).files;
    assert.match(file?.skipped[0]?.reason ?? '', /not RFC 3339 UTC.*2026-01-01\[2J$/);
  });

  it('knows an AuditEvent file whose first line is longer than the detection buffer', async () => {
    const big = toAuditEvent(first) as unknown as Record<string, unknown>;
    const path = await write('long-first-line.ndjson', [
      { ...big, text: { status: 'generated', div: `<div>${'x'.repeat(300_000)}</div>` } },
      toAuditEvent(second),
    ]);
    const [file] = (await analyzeFiles([path])).files;
    assert.deepEqual([file?.format, file?.loaded], ['audit', 2]);
  });
});

describe('analyze(events): the in-memory entry point for the simulator', () => {
  it('gives the same metrics on PGlite as the file analysis on DuckDB, and a report', async () => {
    const { analyze } = await import('../../../src/analytics/analyze-events');
    const fromFile = await analyzeFiles([fixture('small.ndjson')], { roles, minN: 1 });
    const result = await analyze(events, {
      sql: await readMetricSql(),
      roles: (await readRoles(roles)).roles,
      minN: 1,
      generatedAt: '2026-03-01T00:00:00Z',
    });
    assert.deepEqual(result.metrics, fromFile.metrics);
    assert.match(result.html, /Acceptance rate/);
  });

  it('takes a value with a NUL character (PostgreSQL stores none): it reads as U+FFFD', async () => {
    const { analyze } = await import('../../../src/analytics/analyze-events');
    const hostile = events.map((e) => (e.unit ? { ...e, unit: 'Location/w\u00001' } : e));
    const result = await analyze(hostile, {
      sql: await readMetricSql(),
      minN: 1,
      generatedAt: '2026-03-01T00:00:00Z',
    });
    assert.ok(
      result.metrics.some((m) => m.dimension === 'unit' && m.dimension_value === 'Location/w\uFFFD1'),
    );
  });
});

describe('AuditEvents in worker threads (a view the SQL compiler does not take)', () => {
  it('gives the same rows and the same line numbers for bad lines with 1 and 3 threads', async () => {
    const { flattenFile } = await import('../../../src/analytics/flatten-threads');
    const lines: string[] = events.map((e) => JSON.stringify(toAuditEvent(e)));
    lines.splice(20, 0, '{"resourceType": "AuditEvent", "trunc');
    lines.splice(5, 0, '', '{"resourceType": "Patient", "id": "p1"}');
    const path = await write('threads.ndjson', lines);
    const engine = await openDuckDB();
    const results = [];
    try {
      for (const threads of [1, 3]) {
        const file = await flattenFile(path, undefined, { threads });
        try {
          const rows = await engine.query(`SELECT event_id FROM (${file.flat}) ORDER BY event_id`);
          results.push({ loaded: file.loaded, skipped: file.skipped.map((s) => s.line), rows });
        } finally {
          await file.cleanup();
        }
      }
    } finally {
      await engine.close();
    }
    assert.deepEqual(results[0]?.skipped, [7, 23]);
    assert.equal(results[0]?.loaded, 25);
    assert.deepEqual(results[1], results[0]);
  });
});
