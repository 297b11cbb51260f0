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
