import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { finish } from '../../../src/analytics/metrics';

// Newcombe RG. Two-sided confidence intervals for the single proportion: comparison of seven methods.
// Stat Med 1998;17:857-72, Table I, method 3 (Wilson score interval without continuity correction).
// The metrics take the interval from src/core/stats.ts (one Wilson for the app and the analytics);
// these check what a metric row shows, in percent.
const PUBLISHED: [number, number, number, number][] = [
  [81, 263, 0.2553, 0.3662],
  [15, 148, 0.0624, 0.1605],
  [0, 20, 0, 0.1611],
  [1, 29, 0.0061, 0.1718],
  [29, 29, 0.883, 1],
];

const acceptance = (numerator: number, denominator: number) =>
  finish({ metric: 'acceptance', dimension: 'all', dimension_value: 'all', numerator, denominator }, 5);

describe("a proportion's 95% Wilson score interval in the metric rows", () => {
  for (const [x, n, low, high] of PUBLISHED)
    it(`${x}/${n} gives ${low * 100}% to ${high * 100}% (Newcombe 1998)`, () => {
      const row = acceptance(x, n);
      assert.ok(row.ci_low !== null && row.ci_high !== null);
      assert.ok(Math.abs(row.ci_low - low * 100) < 5e-3, `low ${row.ci_low}`);
      assert.ok(Math.abs(row.ci_high - high * 100) < 5e-3, `high ${row.ci_high}`);
    });

  it('is exactly 0 at 0/n and exactly 100% at n/n; none for a suppressed or empty cell', () => {
    assert.equal(acceptance(0, 7).ci_low, 0);
    assert.equal(acceptance(7, 7).ci_high, 100);
    assert.equal(acceptance(0, 0).ci_low, null);
    assert.equal(acceptance(2, 4).ci_high, null);
  });
});
