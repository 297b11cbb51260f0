/**
 * The trend in words: the text alternative every chart carries, and the line a keyboard user hears for
 * one month. Pure, so what a screen reader says is tested like any other output.
 */
import { cellText, directionText, monthLabel, percent } from './format';
import type { Cell, Direction, TrendRow } from './types';

const rateOf = (cell: Cell | undefined) => (cell?.status === 'rate' ? cell.rate : undefined);

/** The first and last months with a rate of mine. */
function ends(trend: TrendRow[]) {
  const rated = trend.filter((t) => t.mine.status === 'rate');
  return { first: rated[0], last: rated[rated.length - 1], count: rated.length };
}

/**
 * A short paragraph: how my rate moved, which way is better, where the unit, the peers and the target
 * stand in the last month, and how many months had too few patients.
 *
 * @example
 * trendSummary(trend, 'increase', 5);
 * // 'Your rate went from 60% in Jan 2024 to 88% in Dec 2025; higher is better. In Dec 2025: unit 80%, peers' median 75%, target 92%. 3 of 24 months had too few of your patients to show a rate.'
 */
export function trendSummary(trend: TrendRow[], direction: Direction, minCases: number): string {
  if (!trend.length) return 'No months to show.';
  const { first, last, count } = ends(trend);
  const parts: string[] = [];
  const better = directionText(direction);
  if (!first || !last)
    parts.push(`None of the ${trend.length} months has enough of your patients for a rate; ${better}.`);
  else if (count === 1)
    parts.push(`Your rate was ${percent(rateOf(last.mine) ?? 0)} in ${monthLabel(last.month)}; ${better}.`);
  else
    parts.push(
      `Your rate went from ${percent(rateOf(first.mine) ?? 0)} in ${monthLabel(first.month)} to ${percent(rateOf(last.mine) ?? 0)} in ${monthLabel(last.month)}; ${better}.`,
    );
  const latest = trend[trend.length - 1];
  if (latest) {
    const others = [
      latest.unit
        ? `unit ${rateOf(latest.unit) === undefined ? cellText(latest.unit, minCases) : percent(rateOf(latest.unit) ?? 0)}`
        : undefined,
      latest.peersMedian === undefined ? undefined : `peers' median ${percent(latest.peersMedian)}`,
      latest.benchmark === undefined ? undefined : `target ${percent(latest.benchmark)}`,
    ].filter((x): x is string => !!x);
    if (others.length) parts.push(`In ${monthLabel(latest.month)}: ${others.join(', ')}.`);
  }
  const few = trend.filter((t) => t.mine.status === 'suppressed').length;
  if (few) parts.push(`${few} of ${trend.length} months had too few of your patients to show a rate.`);
  return parts.join(' ');
}

/**
 * One month, every series, for the keyboard and the pointer.
 *
 * @example monthLine(row, 5); // 'Dec 2025: you 88% (14/16); unit 80% (40/50); peers' median 75%; target 92%'
 */
export function monthLine(row: TrendRow, minCases: number): string {
  const parts = [`you ${cellText(row.mine, minCases)}`];
  if (row.unit) parts.push(`unit ${cellText(row.unit, minCases)}`);
  parts.push(`peers' median ${row.peersMedian === undefined ? 'not known' : percent(row.peersMedian)}`);
  parts.push(`target ${row.benchmark === undefined ? 'not known' : percent(row.benchmark)}`);
  return `${monthLabel(row.month)}: ${parts.join('; ')}`;
}
