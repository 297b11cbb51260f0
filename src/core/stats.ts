/**
 * Small, pure statistics any layer may use: the Wilson score interval of a proportion and a median.
 * No domain, no clock.
 */

/** The 0.975 quantile of the standard normal: a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/** A closed interval of proportions, both ends in [0, 1]. */
export interface Interval {
  low: number;
  high: number;
}

/**
 * The Wilson score interval (Wilson 1927; Newcombe 1998, method 3) for `successes` of `trials`:
 * unlike the normal approximation it stays inside [0, 1] and keeps a width at 0/n and n/n, where a
 * clinician with a perfect month still deserves to see how little a small month proves. Exactly 0 at
 * 0/n and exactly 1 at n/n; undefined when there are no trials or the counts are not counts.
 *
 * @example
 * wilson(81, 263); // { low: 0.2553..., high: 0.3662... }
 * wilson(0, 20); // { low: 0, high: 0.1611... }
 * wilson(0, 0); // undefined
 */
export function wilson(successes: number, trials: number, z = Z95): Interval | undefined {
  const counts = Number.isInteger(successes) && Number.isInteger(trials);
  if (!counts || trials <= 0 || successes < 0 || successes > trials) return undefined;
  const p = successes / trials;
  const z2 = z * z;
  const centre = p + z2 / (2 * trials);
  const margin = z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  const scale = 1 + z2 / trials;
  return {
    low: successes === 0 ? 0 : (centre - margin) / scale,
    high: successes === trials ? 1 : (centre + margin) / scale,
  };
}

/**
 * The median of some numbers (the mean of the middle two for an even count); undefined for none.
 *
 * @example
 * median([0.2, 0.9, 0.5]); // 0.5
 * median([1, 2, 3, 4]); // 2.5
 */
export function median(values: readonly number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 ? upper : ((sorted[mid - 1] ?? 0) + upper) / 2;
}
