import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '../../tools/temp-dir';
import { analyzeFiles } from '../../../src/analytics/analyze';
import { analyze } from '../../../src/analytics/analyze-events';
import { readMetricSql } from '../../../src/analytics/metric-files';
import type { MetricRow } from '../../../src/analytics/metrics';
import { renderReport } from '../../../src/analytics/report';
import { validateEvent, type LoopEvent } from '../../../src/telemetry/event';

const VTE = 'https://learning-loop.example.org/fhir/Measure/vte-prophylaxis';
const STATIN = 'https://learning-loop.example.org/fhir/Measure/statin-therapy';
const S = (n: number) => `00000000-0000-4000-8000-00000000a00${n}`;
let next = 0;
const event = (session: number, type: LoopEvent['type'], extra: Partial<LoopEvent> = {}): LoopEvent => {
  next += 1;
  const checked = validateEvent({
    id: `00000000-0000-4000-8000-${String(next).padStart(12, '0')}`,
    type,
    at: `2026-03-0${session}T10:00:${String(next).padStart(2, '0')}.000Z`,
    session: S(session),
    app: '0.1.0',
    practitioner: 'Practitioner/p1',
    unit: 'Location/ward-3a',
    ...extra,
  });
  if (!('event' in checked)) throw new Error(checked.problems.join('; '));
  return checked.event;
};
const drill = (session: number, url?: string) =>
  event(session, 'feedback-drilldown', url ? { measure: { url, month: '2026-02' } } : {});

// Session 1 opens the view and drills into VTE twice and statins once; session 2 into VTE; session 3
// opens it and drills into a measure the event could not name (too long a canonical); session 4
// drills into statins without the view being logged as seen; session 5 never opens it.
const first = drill(1, VTE);
const events = [
  event(1, 'session-started'),
  event(1, 'feedback-viewed', { visibleMs: 9000 }),
  first,
  drill(1, VTE),
  drill(1, STATIN),
  first, // delivered twice
  event(2, 'session-started'),
  event(2, 'feedback-viewed', { visibleMs: 3000 }),
  drill(2, VTE),
  event(3, 'feedback-viewed', { visibleMs: 1000 }),
  drill(3),
  event(4, 'session-started'),
  drill(4, STATIN),
  event(5, 'session-started'),
];

const counts = (rows: MetricRow[], dimension: string, value: string) => {
  const row = rows.find(
    (r) => r.metric === 'feedback_drilldown' && r.dimension === dimension && r.dimension_value === value,
  );
  return row ? [row.numerator, row.denominator] : undefined;
};

describe('feedback drill-downs by measure', async () => {
  const dir = await tempDir('analytics-drill-');
  const path = join(dir, 'events.ndjson');
  await writeFile(path, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const fromDuck = await analyzeFiles([path], { minN: 1 });
  const fromPg = await analyze(events, { sql: await readMetricSql(), minN: 1, generatedAt: 'now' });

  it('count, of the sessions that opened the view, those that drilled into each measure', () => {
    assert.deepEqual(counts(fromDuck.metrics, 'all', 'all'), [3, 3]);
    assert.deepEqual(counts(fromDuck.metrics, 'measure', VTE), [2, 3]);
    // Session 4 drilled into statins, but no view of the feedback was logged in it.
    assert.deepEqual(counts(fromDuck.metrics, 'measure', STATIN), [1, 3]);
    assert.equal(fromDuck.metrics.filter((r) => r.dimension === 'measure').length, 2);
  });

  it('are the same on PostgreSQL (the simulator analyst view) as on DuckDB', () => {
    const drills = (rows: MetricRow[]) => rows.filter((r) => r.metric === 'feedback_drilldown');
    assert.deepEqual(drills(fromPg.metrics), drills(fromDuck.metrics));
  });

  it('are the report chart of the drill-down rate, named by the measure', () => {
    const html = renderReport({ metrics: fromDuck.metrics, files: [], minN: 1, generatedAt: 'now' });
    const section = html.slice(
      html.indexOf('id="feedback_drilldown"'),
      html.indexOf('id="feedback_visible_time"'),
    );
    assert.match(section, /Feedback views with a drill-down by measure/);
    assert.match(section, /<th scope="row">vte-prophylaxis<\/th>/);
    assert.match(section, /Highest by measure: vte-prophylaxis, 66\.7%/);
  });
});
