/**
 * The metric run: the SQL files of `metrics/` (each metric defined once, portable SQL) on any engine
 * holding the `flat` and `roles` tables, then one TypeScript step for every engine: rates, the 95%
 * Wilson interval and small-n suppression.
 */
import type { SqlEngine, SqlRow } from './engines/engine';
import { wilson } from '../core/stats';

export type MetricKind = 'proportion' | 'mean' | 'median';
export interface MetricInfo {
  id: string;
  title: string;
  kind: MetricKind;
  /** Rates are multiplied by this (firing rate: per 100 encounters). */
  scale: number;
  unit: string;
  /** Numerator and denominator in words, for the report and the README. */
  definition: string;
}

/** Every metric, in report order; each comes from one SQL file of `metrics/` (feedback.sql gives two). */
export const METRICS: MetricInfo[] = [
  {
    id: 'firing_rate',
    title: 'Firing rate',
    kind: 'proportion',
    scale: 100,
    unit: 'per 100 encounters',
    definition: 'encounters where a card of the rule was shown, of the encounters seen in the app, per 100',
  },
  {
    id: 'alerts_per_clinician_shift',
    title: 'Alerts per clinician per shift',
    kind: 'mean',
    scale: 1,
    unit: 'alerts',
    definition: 'cards shown, divided by clinician-shifts (day 07-19 UTC, night 19-07)',
  },
  {
    id: 'repeat_share',
    title: 'Share of alerts that repeat',
    kind: 'proportion',
    scale: 100,
    unit: '%',
    definition: 'cards shown that the same clinician had already been shown, of all cards shown',
  },
  {
    id: 'acceptance',
    title: 'Acceptance rate',
    kind: 'proportion',
    scale: 100,
    unit: '%',
    definition: 'card instances (a card in a session) with a suggestion accepted, of those displayed',
  },
  {
    id: 'override',
    title: 'Override rate',
    kind: 'proportion',
    scale: 100,
    unit: '%',
    definition: 'card instances overridden, of those displayed',
  },
  {
    id: 'override_reason',
    title: 'Override reason mix',
    kind: 'proportion',
    scale: 100,
    unit: '% of overrides',
    definition: 'overrides with each reason, of all overrides',
  },
  {
    id: 'ignore',
    title: 'Ignore rate (seen, no response)',
    kind: 'proportion',
    scale: 100,
    unit: '%',
    definition:
      'card instances seen with no response (not accepted, overridden, snoozed or dismissed), of those seen',
  },
  {
    id: 'time_to_action',
    title: 'Time to action (median)',
    kind: 'median',
    scale: 1 / 1000,
    unit: 's',
    definition: 'median time from a card first shown to its first response, over the answered instances',
  },
  {
    id: 'expansion',
    title: 'Detail-expansion rate',
    kind: 'proportion',
    scale: 100,
    unit: '%',
    definition: 'card instances whose details were opened, of those displayed',
  },
  {
    id: 'link',
    title: 'Link rate',
    kind: 'proportion',
    scale: 100,
    unit: '%',
    definition: 'card instances from which a link was followed, of those displayed',
  },
  {
    id: 'feedback_view',
    title: 'Sessions opening the feedback view',
    kind: 'proportion',
    scale: 100,
    unit: '%',
    definition: 'sessions that opened the feedback view, of all sessions',
  },
  {
    id: 'feedback_drilldown',
    title: 'Feedback views with a drill-down',
    kind: 'proportion',
    scale: 100,
    unit: '%',
    definition:
      'sessions with a feedback drill-down, of those that opened the view (by measure: into that measure)',
  },
  {
    id: 'feedback_visible_time',
    title: 'Feedback view visible time (median)',
    kind: 'median',
    scale: 1 / 1000,
    unit: 's',
    definition: 'median time the feedback view was on screen, over the views',
  },
];

const METRIC_ORDER = new Map(METRICS.map((m, i) => [m.id, i]));

export interface MetricRow {
  metric: string;
  /**
   * `practitioner` rows (acceptance, override, override_reason, ignore) are per clinician and month,
   * with `period` the month and `rule` the rule (null: all rules); the others have both null.
   */
  /** `measure` rows (feedback_drilldown only) carry the measure canonical as dimension_value. */
  dimension: 'all' | 'rule' | 'measure' | 'unit' | 'role' | 'month' | 'practitioner';
  dimension_value: string;
  /** The month (`YYYY-MM`) of a `practitioner` row, else null. */
  period: string | null;
  /** The rule of a `practitioner` row broken down by rule, else null. */
  rule: string | null;
  /** The override reason code, for override_reason only. */
  category: string | null;
  numerator: number | null;
  denominator: number | null;
  /** Proportion times scale, mean, or median times scale; null when suppressed. */
  value: number | null;
  ci_low: number | null;
  ci_high: number | null;
  suppressed: boolean;
}

/** The SQL texts: the two views first (`00-events`, `01-card-instances`), then one file per metric. */
export type MetricSql = Record<string, string>;

export interface MetricOptions {
  /** Cells whose denominator (for medians, count) is below this are suppressed (default 5). */
  minN?: number;
  /** The share of the SQL files run so far (0 to 1). */
  onProgress?: (fraction: number) => void;
  /**
   * Keep the `practitioner` rows (per clinician and month; default false). They are computed either
   * way, in the same GROUPING SETS; carrying a hundred thousand of them into JavaScript is what costs.
   */
  perClinician?: boolean;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const DIMENSIONS = ['all', 'rule', 'measure', 'unit', 'role', 'month', 'practitioner'];

/**
 * One SQL result row as a metric row: rate, interval and suppression applied.
 *
 * @example finish({ metric: 'acceptance', dimension: 'all', dimension_value: 'all', numerator: 3, denominator: 10 }, 5)
 */
export function finish(row: SqlRow, minN: number): MetricRow {
  const info = METRICS[METRIC_ORDER.get(String(row.metric)) ?? -1];
  const numerator = num(row.numerator);
  const denominator = num(row.denominator);
  const shown = info !== undefined && denominator !== null && numerator !== null && denominator >= minN;
  let value: number | null = null;
  let interval: { low: number; high: number } | undefined;
  if (shown) {
    interval = info.kind === 'proportion' ? wilson(numerator, denominator) : undefined;
    // A median comes from SQL (milliseconds); a proportion or a mean is numerator over denominator.
    const raw = info.kind === 'median' ? num(row.value) : denominator === 0 ? null : numerator / denominator;
    value = raw === null ? null : raw * info.scale;
  }
  // One literal, no spreads: per-clinician runs finish a hundred thousand rows.
  return {
    metric: String(row.metric),
    dimension: String(row.dimension) as MetricRow['dimension'],
    dimension_value: String(row.dimension_value),
    period: text(row.row_month),
    rule: text(row.row_rule),
    category: text(row.category),
    numerator: shown ? numerator : null,
    denominator: shown ? denominator : null,
    value,
    ci_low: interval && info ? interval.low * info.scale : null,
    ci_high: interval && info ? interval.high * info.scale : null,
    suppressed: !shown,
  };
}

// Code-unit order, not localeCompare: a hundred thousand per-clinician rows sort in milliseconds.
const compare = (a: string | null, b: string | null) => {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
};
const order = (a: MetricRow, b: MetricRow) =>
  (METRIC_ORDER.get(a.metric) ?? -1) - (METRIC_ORDER.get(b.metric) ?? -1) ||
  DIMENSIONS.indexOf(a.dimension) - DIMENSIONS.indexOf(b.dimension) ||
  compare(a.dimension_value, b.dimension_value) ||
  compare(a.period, b.period) ||
  compare(a.rule, b.rule) ||
  compare(a.category, b.category);

/**
 * Runs every metric on an engine whose `flat` and `roles` tables are loaded.
 *
 * @example const rows = await runMetrics(await openDuckDB(), await readMetricSql())
 */
export async function runMetrics(
  engine: SqlEngine,
  sql: MetricSql,
  options: MetricOptions = {},
): Promise<MetricRow[]> {
  const names = Object.keys(sql).sort();
  const views = names.filter((n) => /^\d\d-/.test(n));
  const metrics = names.filter((n) => !/^\d\d-/.test(n));
  let done = 0;
  const step = () => options.onProgress?.((done += 1) / names.length);
  for (const name of views) {
    await engine.exec(sql[name] ?? '');
    step();
  }
  const rows: MetricRow[] = [];
  for (const name of metrics) {
    const text = (sql[name] ?? '').trim().replace(/;$/, '');
    const query = options.perClinician ? text : `SELECT * FROM (${text}) m WHERE dimension <> 'practitioner'`;
    for (const row of await engine.query(query)) rows.push(finish(row, options.minN ?? 5));
    step();
  }
  return rows.sort(order);
}
