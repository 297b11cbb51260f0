/**
 * Words and numbers as the panel writes them. Fixed English month names rather than the browser's
 * locale, so what a test reads is what a clinician reads.
 */
import type { Cell, Direction } from './types';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * `2025-12` as `Dec 2025`.
 *
 * @example monthLabel('2025-12'); // 'Dec 2025'
 */
export function monthLabel(month: string): string {
  const [year, m] = month.split('-');
  return `${MONTHS[Number(m) - 1] ?? m} ${year}`;
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * `2026-03` as `March 2026`: for accessible names, where a screen reader would spell out "Mar".
 *
 * @example monthName('2026-03'); // 'March 2026'
 */
export function monthName(month: string): string {
  const [year, m] = month.split('-');
  return `${MONTH_NAMES[Number(m) - 1] ?? m} ${year}`;
}

/**
 * A date-time as `1 Jan 2026`, in UTC (what a nightly batch stamps).
 *
 * @example dayLabel('2026-01-01T06:00:00Z'); // '1 Jan 2026'
 */
export function dayLabel(iso: string | undefined): string | undefined {
  const at = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(at)) return undefined;
  const d = new Date(at);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/**
 * A proportion as a whole percentage, with one decimal under 10% where the difference matters.
 *
 * @example percent(0.8571); // '86%'
 * @example percent(0.0417); // '4.2%'
 */
export function percent(rate: number): string {
  const p = rate * 100;
  return p > 0 && p < 10 ? `${p.toFixed(1)}%` : `${Math.round(p)}%`;
}

/**
 * What a cell says in words, for tables and summaries; `counted` names what the denominator counts
 * (patients for an outcome, cards for prompt uptake).
 *
 * @example cellText({ status: 'suppressed' }, 5, 'cards'); // 'too few cards (fewer than 5)'
 */
export function cellText(cell: Cell | undefined, minCases: number, counted = 'patients'): string {
  if (!cell) return 'not known';
  switch (cell.status) {
    case 'rate':
      return `${percent(cell.rate)} (${cell.numerator}/${cell.denominator})`;
    case 'suppressed':
      return `too few ${counted} (fewer than ${minCases})`;
    case 'none':
      return `no ${counted}`;
  }
}

/** The direction as the clinician reads it. */
export function directionText(direction: Direction): string {
  return direction === 'increase'
    ? 'higher is better'
    : direction === 'decrease'
      ? 'lower is better'
      : 'no better direction given';
}
