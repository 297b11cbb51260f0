/**
 * The simulator's feedback data (mocks/feedback/feedback.json, the measures batch's output over a fixed
 * 24-month history) moved in time so its last month is the month before the simulator's `now`: a
 * clinician opening the simulator next year still sees last month's feedback, as a nightly batch would
 * give it. Only dates move; counts, patients and ids stay as the batch wrote them.
 */
import type { MeasureReport, Resource } from '@medplum/fhirtypes';

const monthIndex = (iso: string) => {
  const d = new Date(iso);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
};

/** An instant moved by whole months, keeping its day and time (clamped to the month's end). */
export function shiftMonths(iso: string, months: number): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime()) || !months) return iso;
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last));
  target.setUTCHours(d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  return target.toISOString();
}

/** The last instant of the month an instant falls in. */
const monthEnd = (iso: string) => {
  const d = new Date(iso);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - 1).toISOString();
};

function shiftReport(report: MeasureReport, months: number): MeasureReport {
  const start = report.period?.start ? shiftMonths(report.period.start, months) : undefined;
  const label = (iso: string) => iso.slice(0, 7);
  return {
    ...report,
    ...(report.date ? { date: shiftMonths(report.date, months) } : {}),
    ...(start ? { period: { start, end: monthEnd(start) } } : {}),
    // The identifier ends with the period (`measure:type:subject:YYYY-MM`): it moves with it.
    identifier: (report.identifier ?? []).map((i) =>
      start && i.value && report.period?.start
        ? { ...i, value: i.value.replace(`:${label(report.period.start)}`, `:${label(start)}`) }
        : i,
    ),
  };
}

/**
 * The feedback resources with every MeasureReport moved so the latest period is the month before `now`.
 *
 * @example feedbackSeed(feedback, new Date('2026-12-01')); // reports 2024-11 to 2026-11
 */
export function feedbackSeed(resources: readonly Resource[], now: Date): Resource[] {
  const reports = resources.filter((r): r is MeasureReport => r.resourceType === 'MeasureReport');
  const starts = reports.map((r) => r.period?.start).filter((s): s is string => !!s);
  if (!starts.length) return [...resources];
  const latest = Math.max(...starts.map(monthIndex));
  const months = now.getUTCFullYear() * 12 + now.getUTCMonth() - 1 - latest;
  return resources.map((r) => (r.resourceType === 'MeasureReport' ? shiftReport(r, months) : r));
}
