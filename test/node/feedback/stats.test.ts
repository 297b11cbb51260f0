import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { median, wilson } from '../../../src/core/stats';

// Newcombe RG. Two-sided confidence intervals for the single proportion: comparison of seven methods.
// Stat Med 1998;17:857-72, Table I, method 3 (the Wilson score interval without continuity correction);
// and Brown, Cai and DasGupta, Stat Sci 2001;16:101-33 (0/10 and 10/10 by the score formula).
const PUBLISHED: [number, number, number, number][] = [
  [81, 263, 0.2553, 0.3662],
  [15, 148, 0.0624, 0.1605],
  [0, 20, 0, 0.1611],
  [1, 29, 0.0061, 0.1718],
  [29, 29, 0.883, 1],
  [0, 10, 0, 0.2775],
  [10, 10, 0.7225, 1],
];

describe('wilson()', () => {
  for (const [x, n, low, high] of PUBLISHED)
    it(`${x}/${n} gives ${low} to ${high}`, () => {
      const ci = wilson(x, n);
      assert.ok(ci);
      assert.ok(Math.abs(ci.low - low) < 5e-5, `low ${ci.low}`);
      assert.ok(Math.abs(ci.high - high) < 5e-5, `high ${ci.high}`);
    });

  it('is exactly 0 at 0/n and exactly 1 at n/n, yet never zero-width there', () => {
    const none = wilson(0, 7);
    const all = wilson(7, 7);
    assert.equal(none?.low, 0);
    assert.ok((none?.high ?? 0) > 0.3);
    assert.equal(all?.high, 1);
    assert.ok((all?.low ?? 1) < 0.7);
  });

  it('has no interval without trials or for numbers that are not counts', () => {
    assert.equal(wilson(0, 0), undefined);
    assert.equal(wilson(3, 2), undefined);
    assert.equal(wilson(-1, 5), undefined);
    assert.equal(wilson(1.5, 5), undefined);
  });

  it('narrows as the same rate rests on more patients', () => {
    const small = wilson(4, 5);
    const large = wilson(400, 500);
    assert.ok(small && large);
    assert.ok(large.high - large.low < (small.high - small.low) / 5);
  });
});

describe('median()', () => {
  it('is the middle value, or the mean of the middle two', () => {
    assert.equal(median([0.9, 0.2, 0.5]), 0.5);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([]), undefined);
  });
});
