import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../../src/analytics/analyze-events';
import { analyzeFiles } from '../../../src/analytics/analyze';
import { shiftOf } from '../../../src/analytics/flat';
import { readMetricSql } from '../../../src/analytics/metric-files';
import type { MetricRow } from '../../../src/analytics/metrics';
import type { LoopEvent } from '../../../src/telemetry/event';

/**
 * The metric SQL numbers shifts from the time (twelve-hour periods from 07:00 UTC) instead of reading
 * the flat table's shift text: the same shifts at their edges, on DuckDB and on PostgreSQL (PGlite).
 */
const AT = [
  '2026-03-01T06:59:59.999Z', // the night of 28 Feb
  '2026-03-01T07:00:00.000Z', // 1 Mar, day
  '2026-03-01T18:59:59.999Z', // 1 Mar, day
  '2026-03-01T19:00:00.000Z', // the night of 1 Mar...
  '2026-03-02T03:00:00.000Z', // ...past midnight, still the night of 1 Mar
  '2026-03-02T06:59:59.999Z', // the night of 1 Mar, to its last millisecond
  '2026-03-02T11:00:00.000Z', // 2 Mar, day (twelve-hour periods from midnight would merge it above)
];

const events: LoopEvent[] = AT.map((at, i) => ({
  id: `00000000-0000-4000-8000-00000000000${i}`,
  type: 'card-shown',
  at,
  session: `00000000-0000-4000-8000-00000000010${i}`,
  app: '0.1.0',
  practitioner: 'Practitioner/p1',
  patient: 'Patient/x1',
  encounter: 'Encounter/e1',
  unit: 'Location/ward-3a',
  rule: { url: 'https://learning-loop.example.org/fhir/PlanDefinition/vte', version: '1.0.0' },
  card: `00000000-0000-4000-8000-00000000050${i}`,
  source: 'local:starter',
  indicator: 'warning',
}));

const perShift = (rows: MetricRow[], dimension = 'all') =>
  rows.find((r) => r.metric === 'alerts_per_clinician_shift' && r.dimension === dimension);

/** Both engines' rows for the same events: DuckDB from an NDJSON file, PGlite in memory. */
async function bothEngines(list: LoopEvent[]): Promise<[MetricRow[], MetricRow[]]> {
  const dir = await mkdtemp(join(tmpdir(), 'loop-shifts-'));
  try {
    const path = join(dir, 'events.ndjson');
    await writeFile(path, list.map((e) => JSON.stringify(e)).join('\n'));
    const duck = (await analyzeFiles([path], { minN: 1 })).metrics;
    const pg = (await analyze(list, { sql: await readMetricSql(), minN: 1, generatedAt: AT[0] ?? '' }))
      .metrics;
    return [duck, pg];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('clinician-shifts at the edges of a shift', () => {
  it('are the shifts flat.ts names (four here: a night, a day, a night past midnight, a day)', () => {
    assert.equal(new Set(AT.map(shiftOf)).size, 4);
  });

  it('are counted alike by DuckDB and PGlite: 7 cards over 4 shifts', async () => {
    for (const rows of await bothEngines(events)) {
      const all = perShift(rows);
      assert.deepEqual([all?.numerator, all?.denominator], [7, 4]);
    }
  });

  it('leave out a card shown with no clinician, by rule too (it is in no clinician-shift)', async () => {
    const { practitioner: _, ...anonymous } = { ...events[1], id: '00000000-0000-4000-8000-000000000099' };
    for (const rows of await bothEngines([...events, anonymous as LoopEvent])) {
      const byRule = perShift(rows, 'rule');
      assert.deepEqual([perShift(rows)?.numerator, perShift(rows)?.denominator], [7, 4]);
      assert.deepEqual([byRule?.numerator, byRule?.denominator], [7, 4]);
    }
  });
});
