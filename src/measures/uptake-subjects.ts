/**
 * Uptake per subject, with the analytics' own metric definitions: the interaction events of each
 * subject (a clinician's own, a unit's, a role's, everyone's) are analysed apart by src/analytics
 * (DuckDB), so "my acceptance" is the analytics' acceptance over my events. One analysis per subject
 * gives every month of the events (its `month` rows, with the reason mix per month); the rule strata
 * come with a subject's report when the events span a single month. This is the per-clinician path
 * until the metrics gain a practitioner dimension; one analysis per subject is fine for a ward or a
 * hospital, slow for thousands of clinicians.
 *
 * @example
 * const cells = await uptakeBySubject(events, [{ subject: 'Practitioner/pr-001', match: (e) => e.practitioner === 'Practitioner/pr-001' }], rolesFile);
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeFiles } from '../analytics/analyze';
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

function cellsOf(rows: MetricRow[], subject: string): MonthlyUptakeCell[] {
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
