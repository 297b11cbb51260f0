/** One number the clinician sees, from a report's counts: never a rate the counts cannot carry. */
import { wilson } from '../core/stats';
import type { Cell, ReportPoint } from './types';

/**
 * One number, honestly: a rate with its 95% Wilson interval, "too few patients" under `minCases`, or
 * nobody counted (no report, or a denominator of 0).
 *
 * @example cellOf({ counts: { numerator: 4, denominator: 5 } }, 5); // { status: 'rate', rate: 0.8, ... }
 * @example cellOf({ counts: { numerator: 4, denominator: 4 } }, 5); // { status: 'suppressed', denominator: 4 }
 */
export function cellOf(point: Pick<ReportPoint, 'counts'> | undefined, minCases: number): Cell {
  if (!point) return { status: 'none', reason: 'no-report' };
  const { numerator, denominator } = point.counts;
  if (denominator === 0) return { status: 'none', reason: 'no-patients' };
  if (denominator < minCases) return { status: 'suppressed', denominator };
  const interval = wilson(numerator, denominator) ?? { low: 0, high: 1 };
  return { status: 'rate', numerator, denominator, rate: numerator / denominator, interval };
}
