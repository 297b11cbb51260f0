/**
 * Uptake for one period from interaction-log NDJSON (canonical events or AuditEvents, as src/analytics
 * reads them), for `npm run measures -- --events`: every clinician's month (rule and reason strata),
 * the organisation's month (reason mix), and, when the log holds that month only, each unit's and each
 * role's. Returns uptake reports ready to write back with the outcome reports.
 *
 * @example
 * const { reports, notes } = await uptakeForPeriod(['events-2026-10.ndjson'], context, 'Organization/org-001');
 */
import type { MeasureReport } from '@medplum/fhirtypes';
import { analyzeFiles } from '../analytics/analyze';
import { uptakeByClinician } from '../analytics/by-clinician';
import type { ReportContext } from './reports';
import { fromMetricRows, uptakeReport } from './uptake';
import { cellsOf, fromClinicianUptake } from './uptake-subjects';

export async function uptakeForPeriod(
  files: string[],
  ctx: Omit<ReportContext, 'measures'>,
  organization?: string,
  roles?: string,
): Promise<{ reports: MeasureReport[]; notes: string[] }> {
  const notes: string[] = [];
  const month = ctx.period.label;
  const options = roles ? { roles } : {};
  const clinicians = fromClinicianUptake(await uptakeByClinician(files, options)).filter(
    (c) => c.month === month,
  );
  const { metrics } = await analyzeFiles(files, { ...options, minN: 0 });
  const months = new Set(metrics.filter((r) => r.dimension === 'month').map((r) => r.dimension_value));
  const groups = [];
  if (organization) groups.push(...cellsOf(metrics, organization).filter((c) => c.month === month));
  if (months.size === 1 && months.has(month)) {
    groups.push(
      ...fromMetricRows(metrics, organization ?? 'Organization/unknown').filter(
        (c) => !c.subject.startsWith('Organization/'),
      ),
    );
  } else {
    notes.push(`the log spans ${months.size} month(s): unit and role uptake need a log of ${month} alone`);
  }
  if (!clinicians.length) notes.push(`no clinician's uptake in ${month}`);
  return { reports: [...clinicians, ...groups].map((c) => uptakeReport(c, ctx)), notes };
}
