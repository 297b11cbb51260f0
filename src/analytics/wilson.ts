/**
 * The 95% Wilson score interval for a proportion, one function applied to every engine's counts
 * (Wilson 1927; Newcombe 1998, method 3): it stays inside [0, 1] and behaves at 0/n and n/n, where
 * the normal approximation collapses to a zero-width interval.
 */

const Z95 = 1.959963984540054;

/**
 * Lower and upper bounds of the interval for `successes` out of `trials`; undefined when trials is 0.
 *
 * @example wilson(81, 263) // { low: 0.2553, high: 0.3662 } (rounded)
 */
export function wilson(
  successes: number,
  trials: number,
  z = Z95,
): { low: number; high: number } | undefined {
  if (trials <= 0) return undefined;
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
