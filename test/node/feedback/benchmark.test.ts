import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  achievableBenchmark,
  adjustedFraction,
  peerMedian,
  type Provider,
} from '../../../src/feedback/benchmark';

/**
 * Worked by hand (Weissman 1999 / Kiefe 2001): six providers, 300 patients, so the benchmark's providers
 * must cover at least 30. Adjusted fractions (x+1)/(d+2): A 10/12 = 0.833, C 46/62 = 0.742,
 * B 2/3 = 0.667, D 31/52 = 0.596, E 51/102 = 0.5, F 21/81 = 0.259.
 * Higher is better: A (10 patients) is not enough, A + C (70) is: ABC = (9 + 45) / (10 + 60) = 54/70.
 * B's 1 of 1 (100%) does not set the benchmark, as it would unadjusted.
 * Lower is better: F alone covers 79: ABC = 20/79.
 */
const PROVIDERS: Provider[] = [
  { who: 'Practitioner/A', numerator: 9, denominator: 10 },
  { who: 'Practitioner/B', numerator: 1, denominator: 1 },
  { who: 'Practitioner/C', numerator: 45, denominator: 60 },
  { who: 'Practitioner/D', numerator: 30, denominator: 50 },
  { who: 'Practitioner/E', numerator: 50, denominator: 100 },
  { who: 'Practitioner/F', numerator: 20, denominator: 79 },
];

describe('achievable benchmark of care', () => {
  it('matches the hand-worked example where higher is better', () => {
    assert.ok(Math.abs(adjustedFraction({ numerator: 9, denominator: 10 }) - 10 / 12) < 1e-12);
    assert.deepEqual(achievableBenchmark(PROVIDERS, 'increase'), {
      rate: 54 / 70,
      numerator: 54,
      denominator: 70,
      providers: 2,
    });
  });

  it('ranks the other way where lower is better', () => {
    assert.deepEqual(achievableBenchmark(PROVIDERS, 'decrease'), {
      rate: 20 / 79,
      numerator: 20,
      denominator: 79,
      providers: 1,
    });
  });

  it('takes in a provider tied with the last one taken', () => {
    const tied: Provider[] = [
      { who: 'Practitioner/X', numerator: 8, denominator: 10 },
      { who: 'Practitioner/Y', numerator: 8, denominator: 10 },
      { who: 'Practitioner/Z', numerator: 10, denominator: 80 },
    ];
    // 100 patients: X alone covers 10%, but Y has the same adjusted fraction and joins.
    assert.deepEqual(achievableBenchmark(tied, 'increase'), {
      rate: 0.8,
      numerator: 16,
      denominator: 20,
      providers: 2,
    });
  });

  it('has none without a direction or without patients', () => {
    assert.equal(achievableBenchmark(PROVIDERS, 'unknown'), undefined);
    assert.equal(
      achievableBenchmark([{ who: 'Practitioner/A', numerator: 0, denominator: 0 }], 'increase'),
      undefined,
    );
  });
});

describe('peers median', () => {
  it('is over the peers with enough patients only', () => {
    // Rates with 5+ patients: A 0.9, C 0.75, D 0.6, E 0.5, F 0.253; B (1 patient) is left out.
    const { median, of } = peerMedian(PROVIDERS, 5);
    assert.equal(of, 5);
    assert.equal(median, 0.6);
    assert.deepEqual(peerMedian(PROVIDERS.slice(0, 2), 20), { median: undefined, of: 0 });
  });
});
