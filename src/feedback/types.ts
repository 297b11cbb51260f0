/**
 * The shapes of the feedback feature: what is read from Measures and MeasureReports, and the view the
 * panel renders. Every number in the view comes with its counts; a number that cannot be trusted is a
 * status with a reason, never a 0% or a 100%.
 */
import type { Interval } from '../core/stats';

/** Which way is better (`Measure.improvementNotation`); `unknown` when the measure does not say. */
export type Direction = 'increase' | 'decrease' | 'unknown';

/** What the view needs of a Measure. */
export interface MeasureInfo {
  /** Canonical URL without version: what reports are matched on. */
  url: string;
  /** The last segment of the URL (`vte-prophylaxis`): a stable key for elements and events. */
  key: string;
  title: string;
  direction: Direction;
  /** Prompt uptake (process measures from the interaction log) or a clinical measure. */
  kind: 'clinical' | 'uptake';
  description?: string;
}

/** Numerator over the denominator left after exclusions and exceptions. */
export interface Counts {
  numerator: number;
  denominator: number;
}

/** One stratum of a summary report (for a peer Group: one member, `value` its reference). */
export interface Stratum {
  stratifier: string;
  value: string;
  counts: Counts;
}

/** A summary report as read: one measure, one subject, one month. */
export interface ReportPoint {
  id: string;
  measureUrl: string;
  /** `Practitioner/..`, `Location/..`, `Group/..`, `Organization/..` */
  subject: string;
  /** `YYYY-MM` of the period's start (UTC). */
  month: string;
  /** The data-as-of date (`MeasureReport.date`), when given. */
  date: string | undefined;
  counts: Counts;
  /** Direction the report states, used when the Measure does not. */
  direction: Direction;
  strata: Stratum[];
}

/** Why a report was not used: one clear line each, grouped in the view. */
export interface ReportProblem {
  reportId: string;
  measureUrl: string | undefined;
  month: string | undefined;
  message: string;
}

/**
 * One number the clinician sees: a rate with its counts and 95% Wilson interval; `suppressed` when
 * fewer than the configured minimum of patients (shown as "too few patients", never as a rate);
 * `none` when nobody was counted (no report, or a denominator of 0).
 */
export type Cell =
  | { status: 'rate'; numerator: number; denominator: number; rate: number; interval: Interval }
  | { status: 'suppressed'; denominator: number }
  | { status: 'none'; reason: 'no-report' | 'no-patients' };

/** The peers' comparison for one month. */
export interface PeerSummary {
  /** Median rate of the peers with enough patients; undefined when none has. */
  median: number | undefined;
  /** How many peers the median is over. */
  medianOf: number;
  /** The achievable benchmark of care (Kiefe 2001), when the peer reports carry per-member counts. */
  benchmark: { rate: number; numerator: number; denominator: number; providers: number } | undefined;
  /** The peers' pooled rate: shown instead when there are no per-member counts. */
  pooled: Cell;
  /** Why median or benchmark is missing, in words. */
  note: string | undefined;
}

/** One month of the trend: rates in [0, 1], undefined where there is no credible number. */
export interface TrendRow {
  month: string;
  mine: Cell;
  unit: Cell | undefined;
  peersMedian: number | undefined;
  benchmark: number | undefined;
  /**
   * The patients behind my number that month; `undefined` when I had no patient counted (no report, or
   * a denominator of 0). Set for a "too few patients" month too: the list is of my own patients, and
   * the suppression guards the rate's credibility, not their privacy.
   */
  drill: DrillTarget | undefined;
}

/** What the drill-down asks for: the subject-list report of one number. */
export interface DrillTarget {
  measureUrl: string;
  measureKey: string;
  subject: string;
  month: string;
}

/** One clinical measure in the view, compact first: the current month, then the trend on demand. */
export interface MeasureView {
  measure: MeasureInfo;
  /** The month shown as current: the latest with any report for this measure. */
  month: string;
  /** Data-as-of date of the reports of that month. */
  asOf: string | undefined;
  mine: Cell;
  /** `undefined` when the ward is not known. */
  unit: Cell | undefined;
  peers: PeerSummary | undefined;
  trend: TrendRow[];
  /** Lines about reports of this measure that were left out. */
  problems: string[];
  /** My current number's patients; undefined when there are none to show. */
  drill: DrillTarget | undefined;
}

/** Prompt uptake, mine beside my unit's, for the latest month with uptake reports. */
export interface UptakeView {
  month: string;
  asOf: string | undefined;
  rows: { kind: 'accepted' | 'overridden' | 'ignored'; label: string; mine: Cell; unit: Cell | undefined }[];
  /** My overrides by reason (the HL7 non-adherence codes), most used first. */
  reasons: { code: string; label: string; count: number }[];
  unitReasons: { code: string; label: string; count: number }[];
}

export interface FeedbackView {
  measures: MeasureView[];
  /** Names of the clinician's peer Groups (`Peers: doctor`); empty when not known. */
  peerGroups: string[];
  uptake: UptakeView | undefined;
  /** Lines that are about no measure the view shows (a report naming a measure the EHR lacks). */
  problems: string[];
  /** True when the server had no usable reports at all for this clinician. */
  empty: boolean;
}
