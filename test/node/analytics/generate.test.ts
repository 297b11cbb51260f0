import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DRILL_MEASURES, generateEvents } from '../../../src/analytics/generate';
import { OUTCOME_MEASURES, measureUrl } from '../../../src/measures/catalog';
import { validateEvent } from '../../../src/telemetry/event';

describe('the synthetic event generator', () => {
  const events = [...generateEvents({ count: 20_000, seed: 11 })];

  it('emits only events the app itself would accept', () => {
    const invalid = events
      .map((e) => ({ e, checked: validateEvent(e) }))
      .filter(({ checked }) => !('event' in checked));
    assert.deepEqual(
      invalid.slice(0, 3).map(({ e, checked }) => ({ type: e.type, checked })),
      [],
    );
  });

  it('spreads the events over the months asked for, whatever the count', () => {
    const cases: [number, number][] = [
      [1, 20_000],
      [6, 20_000],
      [12, 100_000],
    ];
    const spans = cases.map(([months, count]) => {
      const times = [...generateEvents({ count, seed: 5, months, start: '2026-03-01' })].map((e) =>
        Date.parse(e.at),
      );
      const span = months * 30.4 * 864e5;
      return (times.reduce((a, b) => Math.max(a, b), 0) - Date.parse('2026-03-01T00:00:00Z')) / span;
    });
    // The last event falls in the last tenth of the span: neither short of it nor past it.
    for (const share of spans) assert.ok(share > 0.9 && share < 1.05, `${spans.join(', ')}`);
  });

  it('names in every drill-down one of the starter measures, and a month before the drill-down', () => {
    assert.deepEqual(
      DRILL_MEASURES,
      OUTCOME_MEASURES.map((m) => m.id),
    );
    const drills = events.filter((e) => e.type === 'feedback-drilldown');
    assert.ok(drills.length > 10, `${drills.length} drill-downs`);
    const urls = new Set(OUTCOME_MEASURES.map((m) => measureUrl(m.id)));
    for (const drill of drills) {
      assert.ok(drill.measure && urls.has(drill.measure.url), JSON.stringify(drill.measure));
      assert.ok(drill.measure.month <= drill.at.slice(0, 7), `${drill.measure.month} after ${drill.at}`);
    }
    assert.ok(new Set(drills.map((d) => d.measure?.url)).size > 1, 'more than one measure is opened');
  });
});
