import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { analyzeFiles } from '../../../src/analytics/analyze';
import type { MetricRow } from '../../../src/analytics/metrics';
import { readMetricSql } from '../../../src/analytics/metric-files';
import { EVENT_TYPES } from '../../../src/telemetry/event';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const A = 'https://learning-loop.example.org/fhir/PlanDefinition/vte';
const B = 'https://learning-loop.example.org/fhir/PlanDefinition/statin';

const pick = (
  rows: MetricRow[],
  metric: string,
  dimension = 'all',
  key = 'all',
  category: string | null = null,
) => {
  const row = rows.find(
    (r) =>
      r.metric === metric &&
      r.dimension === dimension &&
      r.dimension_value === key &&
      r.category === category,
  );
  assert.ok(row, `${metric} ${dimension}=${key} ${category ?? ''}`);
  return row;
};
const counts = (row: MetricRow) => [row.numerator, row.denominator];

// Every number below is derived by hand in fixtures/README.md.
describe('metrics on the hand-computed fixture (minN 1: no suppression)', async () => {
  const { metrics, files } = await analyzeFiles([fixture('small.ndjson')], {
    roles: fixture('roles.ndjson'),
    minN: 1,
  });

  it('reads all 25 lines, two of them duplicates of an event already delivered', () => {
    assert.deepEqual(
      files.map((f) => [f.format, f.loaded, f.skipped.length]),
      [['canonical', 25, 0]],
    );
  });

  it('firing rate per 100 encounters: 3 of 4 encounters, the one without an encounter left out', () => {
    assert.deepEqual(counts(pick(metrics, 'firing_rate')), [3, 4]);
    assert.equal(pick(metrics, 'firing_rate').value, 75);
    assert.deepEqual(counts(pick(metrics, 'firing_rate', 'rule', A)), [3, 4]);
    assert.deepEqual(counts(pick(metrics, 'firing_rate', 'rule', B)), [2, 4]);
    assert.deepEqual(counts(pick(metrics, 'firing_rate', 'unit', 'Location/ward-3a')), [2, 2]);
    assert.deepEqual(counts(pick(metrics, 'firing_rate', 'unit', 'Location/ward-icu')), [1, 2]);
    assert.deepEqual(counts(pick(metrics, 'firing_rate', 'role', 'doctor')), [2, 2]);
    assert.deepEqual(counts(pick(metrics, 'firing_rate', 'month', '2026-02')), [1, 2]);
  });

  it('alerts per clinician per shift: 7 cards shown over 5 clinician-shifts (a duplicate not counted)', () => {
    const all = pick(metrics, 'alerts_per_clinician_shift');
    assert.deepEqual(counts(all), [7, 5]);
    assert.equal(all.value, 1.4);
    assert.equal(all.ci_low, null);
    assert.deepEqual(counts(pick(metrics, 'alerts_per_clinician_shift', 'rule', A)), [5, 5]);
    assert.deepEqual(counts(pick(metrics, 'alerts_per_clinician_shift', 'rule', B)), [2, 5]);
  });

  it('repeats: the card shown again to the same clinician counts once, though delivered first', () => {
    assert.deepEqual(counts(pick(metrics, 'repeat_share')), [1, 7]);
  });

  it('acceptance, override, ignore, expansion and link over 7 displayed card instances', () => {
    assert.deepEqual(counts(pick(metrics, 'acceptance')), [2, 7]);
    assert.deepEqual(counts(pick(metrics, 'override')), [2, 7]);
    assert.deepEqual(counts(pick(metrics, 'ignore')), [2, 7]);
    assert.deepEqual(counts(pick(metrics, 'expansion')), [1, 7]);
    assert.deepEqual(counts(pick(metrics, 'link')), [1, 7]);
    assert.deepEqual(counts(pick(metrics, 'acceptance', 'rule', A)), [2, 5]);
    assert.deepEqual(counts(pick(metrics, 'override', 'rule', B)), [1, 2]);
  });

  it('override reason mix: r1 and r2 one each of 2 overrides', () => {
    assert.deepEqual(counts(pick(metrics, 'override_reason', 'all', 'all', 'r1')), [1, 2]);
    assert.equal(pick(metrics, 'override_reason', 'all', 'all', 'r2').value, 50);
  });

  it('time to action: median of 10, 20, 30, 60 and 120 seconds is 30 s', () => {
    const row = pick(metrics, 'time_to_action');
    assert.equal(row.denominator, 5);
    assert.equal(row.value, 30);
  });

  it('feedback: 1 of 6 sessions opened it, drilled down once, visible 4 s', () => {
    assert.deepEqual(counts(pick(metrics, 'feedback_view')), [1, 6]);
    assert.deepEqual(counts(pick(metrics, 'feedback_drilldown')), [1, 1]);
    assert.equal(pick(metrics, 'feedback_visible_time').value, 4);
  });

  it('puts a 95% Wilson interval around each proportion', () => {
    const row = pick(metrics, 'acceptance');
    assert.ok(row.ci_low !== null && row.ci_high !== null);
    assert.ok(
      Math.abs(row.ci_low - 8.22) < 0.01 && Math.abs(row.ci_high - 64.11) < 0.01,
      `${row.ci_low} ${row.ci_high}`,
    );
  });
});

describe('small-n suppression (default 5)', async () => {
  const { metrics } = await analyzeFiles([fixture('small.ndjson')], { roles: fixture('roles.ndjson') });

  it('hides cells whose denominator is under 5 and keeps the others', () => {
    const firing = pick(metrics, 'firing_rate');
    assert.deepEqual([firing.suppressed, firing.numerator, firing.value], [true, null, null]);
    const acceptance = pick(metrics, 'acceptance');
    assert.deepEqual([acceptance.suppressed, ...counts(acceptance)], [false, 2, 7]);
    assert.equal(pick(metrics, 'acceptance', 'rule', B).suppressed, true);
    assert.equal(pick(metrics, 'alerts_per_clinician_shift').suppressed, false);
  });
});

describe('DuckDB keeps the card-instance table in memory', () => {
  it('as a temporary table, not compressed into the scratch file beside events', async () => {
    const { engine } = await analyzeFiles([fixture('small.ndjson')], { keepEngine: true, onDisk: true });
    assert.ok(engine);
    try {
      const rows = await engine.query(
        "SELECT temporary FROM duckdb_tables() WHERE table_name = 'card_instances'",
      );
      assert.deepEqual(
        rows.map((r) => r.temporary),
        [true],
      );
    } finally {
      await engine.close();
    }
  });
});

describe('the portable events table', () => {
  it("keeps exactly this version's event types (00-events.sql lists them; src/telemetry/event.ts defines them)", async () => {
    const sql = (await readMetricSql())['00-events'] ?? '';
    const listed = /event_type IN \(([^)]*)\)/.exec(sql)?.[1] ?? '';
    assert.deepEqual([...listed.matchAll(/'([^']+)'/g)].map((m) => m[1]).sort(), [...EVENT_TYPES].sort());
  });
});
