/**
 * Uptake per subject, with the analytics' own metric definitions. Clinicians: one analysis of all the
 * events, whose practitioner rows give each clinician's months with rule and reason strata
 * (`uptakeOfClinicians`, through src/analytics/by-clinician.ts). Any other group (a unit, a role,
 * everyone): that group's events analysed apart (`uptakeBySubject`), whose `month` rows give every
 * month with the reason mix; rule strata come when the events span a single month. One analysis per
 * group suits a hospital's wards and roles.
 *
 * @example
 * const cells = await uptakeBySubject(events, [{ subject: 'Practitioner/pr-001', match: (e) => e.practitioner === 'Practitioner/pr-001' }], rolesFile);
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeFiles } from '../analytics/analyze';
import { uptakeByClinician } from '../analytics/by-clinician';
import type { ClinicianUptake } from '../analytics/by-clinician';
import type { MetricRow } from '../analytics/metrics';
import { UPTAKE_MEASURES } from './uptake';
import type { UptakeCell } from './uptake';

/** The fields of a canonical interaction event this step reads (src/telemetry/event.ts has them all). */
export interface InteractionEvent {
  id: string;
  type: string;
  at: string;
  practitioner?: string;
  unit?: string;
}

export interface UptakeSubject {
  /** `Practitioner/..`, `Location/..`, `Group/peers-..` or `Organization/..`. */
  subject: string;
  match: (event: InteractionEvent) => boolean;
}

/** An uptake cell of one month. */
export interface MonthlyUptakeCell extends UptakeCell {
  month: string;
}

const counted = (r: MetricRow): r is MetricRow & { numerator: number; denominator: number } =>
  r.numerator !== null && r.denominator !== null;

/** A subject's monthly cells from one analysis of its events (month rows; rule strata if one month). */
export function cellsOf(rows: MetricRow[], subject: string): MonthlyUptakeCell[] {
  const months = [
    ...new Set(rows.filter((r) => r.dimension === 'month').map((r) => r.dimension_value)),
  ].sort();
  const cells: MonthlyUptakeCell[] = [];
  for (const m of UPTAKE_MEASURES) {
    for (const month of months) {
      const row = rows.find(
        (r) => r.metric === m.metric && r.dimension === 'month' && r.dimension_value === month,
      );
      if (!row || !counted(row)) continue;
      const cell: MonthlyUptakeCell = {
        measure: m.id,
        subject,
        month,
        numerator: row.numerator,
        denominator: row.denominator,
      };
      if (months.length === 1)
        cell.byRule = rows
          .filter((r) => r.metric === m.metric && r.dimension === 'rule')
          .filter(counted)
          .map((r) => ({ rule: r.dimension_value, numerator: r.numerator, denominator: r.denominator }));
      if (m.id === 'prompt-override')
        cell.byReason = rows
          .filter(
            (r) => r.metric === 'override_reason' && r.dimension === 'month' && r.dimension_value === month,
          )
          .filter(counted)
          .map((r) => ({ code: r.category ?? '(none)', count: r.numerator, of: r.denominator }));
      cells.push(cell);
    }
  }
  return cells;
}

/**
 * Analyses each subject's events (canonical NDJSON through src/analytics, `minN: 0`: suppression is
 * the feedback view's) and returns its monthly uptake cells. Subjects with no events give none.
 */
export async function uptakeBySubject(
  events: InteractionEvent[],
  subjects: UptakeSubject[],
  rolesFile?: string,
): Promise<MonthlyUptakeCell[]> {
  const dir = mkdtempSync(join(tmpdir(), 'measures-uptake-'));
  try {
    const cells: MonthlyUptakeCell[] = [];
    for (const [i, s] of subjects.entries()) {
      const own = events.filter(s.match);
      if (!own.length) continue;
      const file = join(dir, `subject-${i}.ndjson`);
      writeFileSync(file, own.map((e) => JSON.stringify(e)).join('\n'));
      const { metrics } = await analyzeFiles([file], {
        minN: 0,
        format: 'canonical',
        ...(rolesFile ? { roles: rolesFile } : {}),
      });
      cells.push(...cellsOf(metrics, s.subject));
    }
    return cells;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const MEASURE_OF: Record<ClinicianUptake['metric'], UptakeCell['measure']> = {
  acceptance: 'prompt-acceptance',
  override: 'prompt-override',
  ignore: 'prompt-ignore',
};

/** The analytics' per-clinician uptake (src/analytics/by-clinician.ts) as monthly cells. */
export function fromClinicianUptake(cells: readonly ClinicianUptake[]): MonthlyUptakeCell[] {
  return cells.map((c) => ({
    measure: MEASURE_OF[c.metric],
    subject: c.practitioner,
    month: c.month,
    numerator: c.numerator,
    denominator: c.denominator,
    ...(c.byRule.length ? { byRule: c.byRule } : {}),
    ...(c.metric === 'override' ? { byReason: c.byReason } : {}),
  }));
}

/**
 * Every clinician's monthly uptake, with rule and reason strata, from one analysis of the events (the
 * analytics' practitioner rows). Sorted by clinician, measure and month.
 */
export async function uptakeOfClinicians(events: InteractionEvent[]): Promise<MonthlyUptakeCell[]> {
  const dir = mkdtempSync(join(tmpdir(), 'measures-uptake-'));
  try {
    const file = join(dir, 'events.ndjson');
    writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n'));
    const order = (c: MonthlyUptakeCell) => `${c.subject} ${c.measure} ${c.month}`;
    return fromClinicianUptake(await uptakeByClinician([file], { format: 'canonical' })).sort((a, b) =>
      order(a).localeCompare(order(b)),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
