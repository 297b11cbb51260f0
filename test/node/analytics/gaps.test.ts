import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { tempDir } from '../../tools/temp-dir';
import { analyzeFiles } from '../../../src/analytics/analyze';
import { analyze } from '../../../src/analytics/analyze-events';
import type { LogGap } from '../../../src/analytics/gaps';
import { readMetricSql } from '../../../src/analytics/metric-files';
import { renderReport } from '../../../src/analytics/report';
import { toAuditEvent } from '../../../src/telemetry/audit-event';
import { validateEvent, type LoopEvent } from '../../../src/telemetry/event';

const fixture = fileURLToPath(new URL('./fixtures/small.ndjson', import.meta.url));
const CLI = fileURLToPath(new URL('../../../src/analytics/cli.ts', import.meta.url));
const dir = await tempDir('analytics-gaps-');
const small = (await readFile(fixture, 'utf8'))
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as LoopEvent);

const session = small[0]?.session ?? '';
const drop = (id: string, at: string, session: string, dropped: LoopEvent['dropped']): LoopEvent => {
  const checked = validateEvent({ id, type: 'events-dropped', at, session, app: '0.1.0', dropped });
  if (!('event' in checked)) throw new Error(checked.problems.join('; '));
  return checked.event;
};
// As the outbox's retention writes them (telemetry/retention.ts): one record per sink that missed the
// events, each naming its sink. In January one run of events went past the maximum age while both
// sinks were behind: the FHIR sink missed 40 of them, the NDJSON sink (its URL with a secret in the
// query) 25 of the same; the FHIR sink, refused for a day, was then released from 7 more. In
// February, in a session of its own (which no session metric may count), the NDJSON sink missed 3.
const NDJSON = 'ndjson:https://analytics.example.org/events?token=secret';
const gaps = [
  drop('00000000-0000-4000-8000-00000000d001', '2026-01-12T08:00:00.000Z', session, {
    count: 40,
    from: '2026-01-01T07:00:00.000Z',
    to: '2026-01-05T19:00:00.000Z',
    reason: 'max-age',
    sink: 'fhir',
  }),
  drop('00000000-0000-4000-8000-00000000d004', '2026-01-12T08:00:00.000Z', session, {
    count: 25,
    from: '2026-01-03T07:00:00.000Z',
    to: '2026-01-05T19:00:00.000Z',
    reason: 'max-age',
    sink: NDJSON,
  }),
  drop('00000000-0000-4000-8000-00000000d002', '2026-01-20T08:00:00.000Z', session, {
    count: 7,
    from: '2026-01-19T07:00:00.000Z',
    to: '2026-01-19T09:00:00.000Z',
    reason: 'sink-released',
    sink: 'fhir',
  }),
  drop(
    '00000000-0000-4000-8000-00000000d003',
    '2026-02-02T08:00:00.000Z',
    '00000000-0000-4000-8000-00000000d999',
    {
      count: 3,
      from: '2026-01-31T23:00:00.000Z',
      to: '2026-02-01T01:00:00.000Z',
      reason: 'max-size',
      sink: `${NDJSON}\u001b[2J`,
    },
  ),
];
const [once] = gaps;
// The first record delivered three times (at least once, and out of order): counted once.
const withGaps = once ? [...small, once, ...gaps, once] : [];
const SHOWN = 'ndjson:https://analytics.example.org/events';
const expected: LogGap[] = [
  {
    sink: 'fhir',
    month: '2026-01',
    reason: 'max-age',
    records: 1,
    events: 40,
    first: '2026-01-01T07:00:00.000Z',
    last: '2026-01-05T19:00:00.000Z',
  },
  {
    sink: 'fhir',
    month: '2026-01',
    reason: 'sink-released',
    records: 1,
    events: 7,
    first: '2026-01-19T07:00:00.000Z',
    last: '2026-01-19T09:00:00.000Z',
  },
  {
    sink: SHOWN,
    month: '2026-01',
    reason: 'max-age',
    records: 1,
    events: 25,
    first: '2026-01-03T07:00:00.000Z',
    last: '2026-01-05T19:00:00.000Z',
  },
  {
    sink: SHOWN,
    month: '2026-02',
    reason: 'max-size',
    records: 1,
    events: 3,
    first: '2026-01-31T23:00:00.000Z',
    last: '2026-02-01T01:00:00.000Z',
  },
];
const write = async (name: string, lines: unknown[]) => {
  const path = join(dir, name);
  await writeFile(path, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return path;
};

describe('gaps the log records (events-dropped)', async () => {
  const plain = await analyzeFiles([fixture], { minN: 1 });
  const canonical = await analyzeFiles([await write('gaps.ndjson', withGaps)], { minN: 1 });

  it('are reported by sink, month and reason, each record counted once by its id, shown safely', () => {
    assert.deepEqual(canonical.gaps, expected);
    assert.deepEqual(plain.gaps, []);
  });

  it('change no metric: a gap is not a session, an encounter or a card', () => {
    assert.deepEqual(canonical.metrics, plain.metrics);
  });

  it('come the same through the ViewDefinition from AuditEvents', async () => {
    const audit = await write(
      'gaps-audit.ndjson',
      withGaps.map((e) => toAuditEvent(e)),
    );
    const result = await analyzeFiles([audit], { minN: 1 });
    assert.equal(result.files[0]?.format, 'audit');
    assert.deepEqual(result.gaps, expected);
    assert.deepEqual(result.metrics, plain.metrics);
  });

  it('come the same from the portable SQL on PostgreSQL (the simulator analyst view)', async () => {
    const result = await analyze(withGaps, { sql: await readMetricSql(), minN: 1, generatedAt: 'now' });
    assert.deepEqual(result.gaps, expected);
    assert.match(result.html, /Gaps in the log/);
    // Each sink's own total: the same January events missed by both are never added up.
    assert.match(
      result.html,
      /fhir missed 47 \(40 older than the maximum age; 7 held for a sink refused too long\)/,
    );
    assert.match(result.html, /events missed 28 \(25 older than the maximum age; 3 beyond the outbox size\)/);
    assert.ok(!/token=secret/.test(result.html) && !result.html.includes('\u001b'));
  });

  it('leave a report that says there is none when the log records none', () => {
    const html = renderReport({ metrics: plain.metrics, gaps: [], files: [], minN: 1, generatedAt: 'now' });
    assert.match(html, /The log records no gap: no events-dropped record was found/);
    assert.doesNotMatch(html, /Gaps in the log/);
  });

  it('are named on stderr by the CLI and written to log-gaps.csv, the exit code unchanged', async () => {
    const out = join(dir, 'out');
    const { stderr } = await promisify(execFile)(process.execPath, [
      '--import',
      'tsx',
      CLI,
      join(dir, 'gaps.ndjson'),
      '--out',
      out,
    ]);
    assert.ok(
      stderr.includes(
        "gaps in the log: The log records events dropped on clinicians' computers before delivery: " +
          'fhir missed 47 (40 older than the maximum age; 7 held for a sink refused too long), ' +
          `${SHOWN} missed 28 (25 older than the maximum age; 3 beyond the outbox size). ` +
          "If these files come from one of those sinks, its metrics undercount by that many; each sink's gaps are its own",
      ),
      stderr,
    );
    assert.ok(
      !stderr.includes('token=secret') && !stderr.includes('\u001b'),
      'no secret, no terminal escape from the input',
    );
    const csv = (await readFile(join(out, 'log-gaps.csv'), 'utf8')).trim().split('\n');
    assert.equal(csv[0], 'sink,month,reason,records,events,first,last');
    assert.equal(csv[2], 'fhir,2026-01,sink-released,1,7,2026-01-19T07:00:00.000Z,2026-01-19T09:00:00.000Z');
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as {
      eventsDroppedBySink: Record<string, number>;
    };
    assert.deepEqual(summary.eventsDroppedBySink, { fhir: 47, [SHOWN]: 28 });
    const report = await readFile(join(out, 'report.html'), 'utf8');
    assert.ok(
      report.indexOf('Gaps in the log') < report.indexOf('id="firing_rate"'),
      'gaps before the metrics',
    );
    assert.match(report, /<td>fhir<\/td><td>2026-01<\/td><td>sink-released<\/td><td>7<\/td>/);
  });
});
