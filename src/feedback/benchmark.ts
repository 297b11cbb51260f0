/**
 * Peer comparisons from per-clinician counts: the peers' median rate and the achievable benchmark of
 * care (ABC; Weissman 1999, Kiefe 2001), the pooled rate of the best performers who together cover at
 * least 10% of all patients. Pure.
 */
import { median } from '../core/stats';
import type { Counts, Direction } from './types';

export interface Provider extends Counts {
  /** `Practitioner/..` */
  who: string;
}

export interface Benchmark {
  rate: number;
  numerator: number;
  denominator: number;
  /** How many providers the benchmark pools. */
  providers: number;
}

/**
 * The adjusted performance fraction (x + 1) / (d + 2): a provider with 1 of 1 ranks below one with 45 of
 * 60, so the benchmark is not set by chance in tiny denominators (Weissman 1999).
 */
export const adjustedFraction = (p: Counts): number => (p.numerator + 1) / (p.denominator + 2);

/**
 * The achievable benchmark of care. Providers are ranked by adjusted fraction, best first (highest when
 * an increase is better, lowest when a decrease is); from the top, providers are taken until their
 * patients make at least `share` (10%) of all patients, with any provider tied with the last one taken
 * too; the benchmark is their pooled numerator over their pooled denominator. Undefined without a known
 * direction or without patients.
 *
 * @example
 * achievableBenchmark([
 *   { who: 'A', numerator: 9, denominator: 10 }, { who: 'B', numerator: 1, denominator: 1 },
 *   { who: 'C', numerator: 45, denominator: 60 }, { who: 'E', numerator: 50, denominator: 100 },
 * ], 'increase'); // { rate: 54 / 70, numerator: 54, denominator: 70, providers: 2 }  (A, then C)
 */
export function achievableBenchmark(
  providers: readonly Provider[],
  direction: Direction,
  share = 0.1,
): Benchmark | undefined {
  if (direction === 'unknown') return undefined;
  const counted = providers.filter((p) => p.denominator > 0);
  const total = counted.reduce((n, p) => n + p.denominator, 0);
  if (!total) return undefined;
  const sign = direction === 'increase' ? -1 : 1;
  const ranked = [...counted].sort(
    (a, b) => sign * (adjustedFraction(a) - adjustedFraction(b)) || a.who.localeCompare(b.who),
  );
  const taken: Provider[] = [];
  let covered = 0;
  for (const p of ranked) {
    const last = taken[taken.length - 1];
    const tied = last !== undefined && adjustedFraction(p) === adjustedFraction(last);
    if (covered >= share * total && !tied) break;
    taken.push(p);
    covered += p.denominator;
  }
  const numerator = taken.reduce((n, p) => n + p.numerator, 0);
  return { rate: numerator / covered, numerator, denominator: covered, providers: taken.length };
}

/**
 * The median of the peers' own rates, over peers with at least `minCases` patients (a rate on fewer is
 * not credible enough to set the middle); undefined when none has.
 *
 * @example peerMedian([{ who: 'A', numerator: 1, denominator: 2 }, ...], 5);
 */
export function peerMedian(
  providers: readonly Provider[],
  minCases: number,
): { median: number | undefined; of: number } {
  const rates = providers
    .filter((p) => p.denominator >= Math.max(1, minCases))
    .map((p) => p.numerator / p.denominator);
  return { median: median(rates), of: rates.length };
}
