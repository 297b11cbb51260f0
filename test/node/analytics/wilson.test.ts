import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { wilson } from '../../../src/analytics/wilson';

// Newcombe RG. Two-sided confidence intervals for the single proportion: comparison of seven methods.
// Stat Med 1998;17:857-72, Table I, method 3 (Wilson score interval without continuity correction).
const PUBLISHED: [number, number, number, number][] = [
  [81, 263, 0.2553, 0.3662],
  [15, 148, 0.0624, 0.1605],
  [0, 20, 0, 0.1611],
  [1, 29, 0.0061, 0.1718],
  [29, 29, 0.883, 1],
];

describe('Wilson score interval', () => {
  for (const [x, n, low, high] of PUBLISHED)
    it(`${x}/${n} gives ${low} to ${high} (Newcombe 1998)`, () => {
      const ci = wilson(x, n);
      assert.ok(ci);
      assert.ok(Math.abs(ci.low - low) < 5e-5, `low ${ci.low}`);
      assert.ok(Math.abs(ci.high - high) < 5e-5, `high ${ci.high}`);
    });

  it('is exactly 0 at 0/n and exactly 1 at n/n, and undefined with no trials', () => {
    assert.equal(wilson(0, 7)?.low, 0);
    assert.equal(wilson(7, 7)?.high, 1);
    assert.equal(wilson(0, 0), undefined);
  });
});
