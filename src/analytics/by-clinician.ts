/**
 * Prompt uptake per clinician and month, for the process measures (src/measures/uptake.ts): the
 * `practitioner` rows of the acceptance, override, override-reason and ignore metrics (the same SQL
 * as every other row), gathered per clinician, month and metric with the rule and reason strata.
 * Node only (DuckDB reads the files).
 */
import { analyzeFiles, type AnalyzeOptions } from './analyze';
import type { MetricRow } from './metrics';

export type UptakeMetric = 'acceptance' | 'override' | 'ignore';

/** One clinician's uptake for one metric in one month. */
export interface ClinicianUptake {
  metric: UptakeMetric;
  /** `Practitioner/<id>` as the events carry it (a pseudonym where the sink pseudonymises). */
  practitioner: string;
  /** `YYYY-MM`, UTC. */
  month: string;
  numerator: number;
  denominator: number;
  /** The same counts for each rule that fired for this clinician in the month. */
  byRule: { rule: string; numerator: number; denominator: number }[];
  /** Override only (else empty): overrides with each reason code, `of` all their overrides. */
  byReason: { code: string; count: number; of: number }[];
}

const UPTAKE: readonly UptakeMetric[] = ['acceptance', 'override', 'ignore'];

type Counted = MetricRow & { numerator: number; denominator: number; period: string };
const counted = (r: MetricRow): r is Counted =>
  r.dimension === 'practitioner' && r.numerator !== null && r.denominator !== null && r.period !== null;

/**
 * Per-clinician uptake from metric rows already computed (rows suppressed for small numbers carry no
 * counts and are left out: run the analysis with `minN: 0` to keep them all).
 *
 * @example clinicianUptake((await analyzeFiles(['events.ndjson'], { minN: 0, perClinician: true })).metrics)
 */
export function clinicianUptake(rows: readonly MetricRow[]): ClinicianUptake[] {
  const mine = rows.filter(counted);
  const key = (metric: string, practitioner: string, month: string) => `${metric} ${practitioner} ${month}`;
  const strata = new Map<string, ClinicianUptake['byRule']>();
  const reasons = new Map<string, ClinicianUptake['byReason']>();
  for (const r of mine) {
    const k = key(r.metric, r.dimension_value, r.period);
    if (r.metric === 'override_reason') {
      const list = reasons.get(k) ?? [];
      list.push({ code: r.category ?? '(none)', count: r.numerator, of: r.denominator });
      reasons.set(k, list);
    } else if (r.rule !== null) {
      const list = strata.get(k) ?? [];
      list.push({ rule: r.rule, numerator: r.numerator, denominator: r.denominator });
      strata.set(k, list);
    }
  }
  return mine
    .filter((r) => r.rule === null && (UPTAKE as readonly string[]).includes(r.metric))
    .map((r) => {
      const practitioner = r.dimension_value;
      return {
        metric: r.metric as UptakeMetric,
        practitioner,
        month: r.period,
        numerator: r.numerator,
        denominator: r.denominator,
        byRule: strata.get(key(r.metric, practitioner, r.period)) ?? [],
        byReason:
          r.metric === 'override' ? (reasons.get(key('override_reason', practitioner, r.period)) ?? []) : [],
      };
    });
}

/**
 * Reads interaction-log NDJSON (canonical events or AuditEvents) and returns every clinician's uptake
 * per month, unsuppressed (suppression is the feedback view's to apply).
 *
 * @example
 * const cells = await uptakeByClinician(['events.ndjson'], { roles: 'PractitionerRole.ndjson' });
 * cells.filter((c) => c.month === '2026-10' && c.metric === 'acceptance');
 */
export async function uptakeByClinician(
  paths: readonly string[],
  options: Omit<AnalyzeOptions, 'minN' | 'keepEngine' | 'perClinician'> = {},
): Promise<ClinicianUptake[]> {
  const { metrics } = await analyzeFiles(paths, { ...options, minN: 0, perClinician: true });
  return clinicianUptake(metrics);
}
