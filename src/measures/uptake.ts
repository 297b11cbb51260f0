/**
 * Prompt uptake as process measures (issue 14 item 3): acceptance, override (with the reason mix) and
 * ignore rates, defined as FHIR `Measure`s without CQL (the analytics metrics compute them from the
 * interaction log, src/analytics/metrics/*.sql) and written as DEQM summary MeasureReports: numerator
 * and denominator for the subject, stratified by rule (PlanDefinition canonical) and, for overrides, by
 * HL7 non-adherence reason. Same identifiers and write-back as the outcome reports.
 *
 * `fromMetricRows` adapts one period's analysis as a whole: the organisation with rule and reason
 * strata, each unit as a Location, each role as the peer Group (the rows hold no rule within a unit).
 * Clinicians' own uptake, monthly with strata, comes through uptake-subjects.ts.
 *
 * @example
 * const reports = fromMetricRows(analysis.metrics, 'Organization/org-001').map((c) => uptakeReport(c, context));
 */
import type { Expression, Measure, MeasureReport, MeasureReportGroupStratifier } from '@medplum/fhirtypes';
import type { MetricRow } from '../analytics/metrics';
import { MEASURE_BASE, MEASURE_VERSION, measureUrl } from './catalog';
import { reportId, reportKey, score } from './reports';
import type { ReportContext } from './reports';

export const UPTAKE_MEASURES = [
  {
    id: 'prompt-acceptance',
    metric: 'acceptance',
    title: 'Prompts accepted',
    improvementNotation: 'increase',
    description: 'Card instances (a card in a session) with a suggestion accepted, of those displayed.',
  },
  {
    id: 'prompt-override',
    metric: 'override',
    title: 'Prompts overridden, with the reason mix',
    improvementNotation: undefined,
    description:
      'Card instances overridden with a reason, of those displayed; stratified by the HL7 non-adherence reason. Neither direction is better: a high rate with one reason says the rule needs work.',
  },
  {
    id: 'prompt-ignore',
    metric: 'ignore',
    title: 'Prompts ignored',
    improvementNotation: 'decrease',
    description: 'Card instances shown with no response at all, of those displayed.',
  },
] as const;

export type UptakeMeasureId = (typeof UPTAKE_MEASURES)[number]['id'];

const POP = 'http://terminology.hl7.org/CodeSystem/measure-population';

/**
 * The criteria: the analytics SQL file. FHIR binds Expression.language extensibly, so application/sql
 * is allowed; @medplum/fhirtypes lists only three languages, hence the cast.
 */
const sql = (metric: string): Expression =>
  ({
    language: 'application/sql',
    expression: `src/analytics/metrics/${metric}.sql`,
  }) as unknown as Expression;
const code = (c: string) => ({ coding: [{ system: POP, code: c }] });

/** The process Measure of an uptake metric. */
export function uptakeMeasure(id: UptakeMeasureId): Measure {
  const m = UPTAKE_MEASURES.find((x) => x.id === id);
  if (!m) throw new Error(`no uptake measure ${id}`);
  return {
    resourceType: 'Measure',
    id: m.id,
    url: measureUrl(m.id),
    version: MEASURE_VERSION,
    name: m.id.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()),
    title: m.title,
    status: 'active',
    experimental: true,
    publisher: 'Learning Loop',
    description: `${m.description} Computed from the interaction log by the analytics metric '${m.metric}' (src/analytics), not by CQL.`,
    scoring: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/measure-scoring', code: 'proportion' }],
    },
    type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/measure-type', code: 'process' }] }],
    ...(m.improvementNotation
      ? {
          improvementNotation: {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/measure-improvement-notation',
                code: m.improvementNotation,
              },
            ],
          },
        }
      : {}),
    group: [
      {
        id: 'main',
        population: [
          {
            id: 'denominator',
            code: code('denominator'),
            description: 'card instances displayed',
            criteria: sql(m.metric),
          },
          { id: 'numerator', code: code('numerator'), description: m.description, criteria: sql(m.metric) },
        ],
        stratifier: [
          { id: 'rule', code: { text: 'rule (PlanDefinition canonical)' } },
          ...(m.id === 'prompt-override' ? [{ id: 'reason', code: { text: 'non-adherence reason' } }] : []),
        ],
      },
    ],
  };
}

/** One subject's uptake for one measure and period. */
export interface UptakeCell {
  measure: UptakeMeasureId;
  /** `Practitioner/..`, `Location/..`, `Group/peers-..` or `Organization/..`. */
  subject: string;
  numerator: number;
  denominator: number;
  /** Per rule: numerator and denominator. */
  byRule?: { rule: string; numerator: number; denominator: number }[];
  /** Per override reason: count of overrides with it, of `denominator` overrides. */
  byReason?: { code: string; count: number; of: number }[];
}

function stratum(value: string, numerator: number, denominator: number) {
  return {
    value: { text: value },
    population: [
      { code: code('denominator'), count: denominator },
      { code: code('numerator'), count: numerator },
    ],
    ...(denominator > 0
      ? { measureScore: { value: Math.round((numerator / denominator) * 10000) / 10000 } }
      : {}),
  };
}

/** The summary MeasureReport of one cell. */
export function uptakeReport(cell: UptakeCell, ctx: Omit<ReportContext, 'measures'>): MeasureReport {
  const key = reportKey(cell.measure, 'summary', cell.subject, ctx.period.label);
  const value = score({ denominator: cell.denominator, numerator: cell.numerator });
  const stratifier: MeasureReportGroupStratifier[] = [];
  if (cell.byRule?.length)
    stratifier.push({
      code: [{ text: 'rule' }],
      stratum: cell.byRule.map((r) => stratum(r.rule, r.numerator, r.denominator)),
    });
  if (cell.byReason?.length)
    stratifier.push({
      code: [{ text: 'reason' }],
      stratum: cell.byReason.map((r) => stratum(r.code, r.count, r.of)),
    });
  return {
    resourceType: 'MeasureReport',
    id: reportId(key),
    meta: { profile: ['http://hl7.org/fhir/us/davinci-deqm/StructureDefinition/summary-measurereport-deqm'] },
    identifier: [{ system: `${MEASURE_BASE}/sid/measure-report`, value: key }],
    status: 'complete',
    type: 'summary',
    measure: `${measureUrl(cell.measure)}|${MEASURE_VERSION}`,
    subject: { reference: cell.subject },
    date: ctx.date,
    ...(ctx.reporter ? { reporter: { reference: ctx.reporter } } : {}),
    period: { start: ctx.period.start, end: ctx.period.end },
    group: [
      {
        id: 'main',
        population: [
          { code: code('denominator'), count: cell.denominator },
          { code: code('numerator'), count: cell.numerator },
        ],
        ...(value === undefined ? {} : { measureScore: { value: Math.round(value * 10000) / 10000 } }),
        ...(stratifier.length ? { stratifier } : {}),
      },
    ],
  };
}

const counted = (r: MetricRow): r is MetricRow & { numerator: number; denominator: number } =>
  r.numerator !== null && r.denominator !== null;

/**
 * Uptake cells from the analytics' metric rows (run them with `minN: 0`: suppressed rows carry no
 * counts, and suppression belongs to the feedback view). Rows for `all` go to `organization`, with the
 * rule and reason strata; `unit` rows to their Location; `role` rows to the peer Group of that role.
 */
export function fromMetricRows(rows: MetricRow[], organization: string): UptakeCell[] {
  const cells: UptakeCell[] = [];
  for (const m of UPTAKE_MEASURES) {
    const own = rows.filter((r) => r.metric === m.metric).filter(counted);
    const subjectOf = (r: MetricRow): string | undefined =>
      r.dimension === 'all'
        ? organization
        : r.dimension === 'unit'
          ? r.dimension_value
          : r.dimension === 'role' && r.dimension_value !== 'unknown'
            ? `Group/peers-${r.dimension_value}`
            : undefined;
    for (const r of own) {
      const subject = subjectOf(r);
      if (!subject || !/^(Location|Group|Organization|Practitioner)\//.test(subject)) continue;
      const cell: UptakeCell = { measure: m.id, subject, numerator: r.numerator, denominator: r.denominator };
      if (r.dimension === 'all') {
        cell.byRule = own
          .filter((x) => x.dimension === 'rule')
          .map((x) => ({ rule: x.dimension_value, numerator: x.numerator, denominator: x.denominator }));
      }
      if (m.id === 'prompt-override') {
        cell.byReason = rows
          .filter(
            (x) =>
              x.metric === 'override_reason' &&
              x.dimension === r.dimension &&
              x.dimension_value === r.dimension_value,
          )
          .filter(counted)
          .map((x) => ({ code: x.category ?? '(none)', count: x.numerator, of: x.denominator }));
      }
      cells.push(cell);
    }
  }
  return cells;
}
