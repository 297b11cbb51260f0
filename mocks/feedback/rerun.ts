/**
 * "Re-run the measures" in the simulator: the measures batch (src/measures, the same code as `npm run
 * measures`) over what the simulator's EHR holds now (its patients with every write the app and the
 * clinician made: drafts, signed orders, the FHIR sink's AuditEvents), for the current month and the
 * month before (a stay admitted a few days ago may have begun last month). The month before is also in
 * the seeded feedback (the batch's run over the population history, mocks/feedback/feedback.json): its
 * results, read back from the seeded individual reports, are concatenated with the simulator's, as the
 * batch's reduce step concatenates disjoint partitions, so that month's reports count both. Prompt
 * uptake is the current month's, from the AuditEvents. Every report keeps the id of the seeded report
 * with its identifier, so writing it replaces that one (a conditional update by identifier).
 *
 * @example
 * const out = await rerunSimulator({ now: '2026-12-14T09:00:00.000Z', resources }, feedback);
 */
import type { AuditEvent, Group, MeasureReport, Resource } from '@medplum/fhirtypes';
import { DEFAULT_ATTRIBUTION } from '../../src/measures/attribution';
import { assembleReports, runBatch } from '../../src/measures/batch';
import { EXPORT_TYPES } from '../../src/measures/bulk-input';
import { loadMeasures } from '../../src/measures/engine';
import type { PatientMeasureResult } from '../../src/measures/engine';
import { readPopulation } from '../../src/measures/input';
import type { PopulationSource } from '../../src/measures/input';
import { parsePeriod } from '../../src/measures/period';
import type { MeasurePeriod } from '../../src/measures/period';
import { REPORT_IDENTIFIER_SYSTEM, individualReport, reportId } from '../../src/measures/reports';
import { uptakeReport } from '../../src/measures/uptake';
import { feedbackSeed } from '../fhir/feedback-seed';
import { canonicalOf } from './audit-events';
import { resultsOfIndividualReports } from './seed-results';
import { signedOrderNotes } from './signed-orders';
import { HOSPITAL, uptakeCells } from './uptake-cells';

/** What the simulator's EHR holds: its data `now` and every resource (seed and writes). */
export interface SimulatorRecord {
  now: string;
  resources: Resource[];
}

/** What a period's re-run gave, for the simulator to say. */
export interface PeriodSummary {
  period: string;
  /** Patients of the simulator's record evaluated (active in the period). */
  evaluated: number;
  /** Their results in an initial population, by measure. */
  cases: Record<string, number>;
  /** Results of the seeded history concatenated with them. */
  seeded: number;
}

export interface RerunOutput {
  periods: PeriodSummary[];
  reports: MeasureReport[];
  groups: Group[];
  /** Interaction events read from the AuditEvents, in the current month. */
  events: number;
  notes: string[];
}

const monthLabel = (t: Date) => t.toISOString().slice(0, 7);

/**
 * The current month of `now` and the one before.
 *
 * @example
 * rerunPeriods(new Date('2026-12-14T09:00:00Z')).map((p) => p.label); // ['2026-11', '2026-12']
 */
export function rerunPeriods(now: Date): [MeasurePeriod, MeasurePeriod] {
  const before = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return [parsePeriod(monthLabel(before)), parsePeriod(monthLabel(now))];
}

/** The record as the batch's input; a problem's "line" is the resource's place in the posted array, from 1. */
async function* recordSource(resources: Resource[]): PopulationSource {
  for (const [i, resource] of resources.entries())
    if (EXPORT_TYPES.includes(resource.resourceType)) yield { resource, file: 'resources', line: i + 1 };
}

/** A count and the first few, so a problem in the EHR is seen without a wall of lines. */
function counted(what: string, lines: string[], shown = 3): string[] {
  if (!lines.length) return [];
  const more = lines.length > shown ? `; ${lines.length - shown} more` : '';
  return [`${lines.length} ${what}: ${lines.slice(0, shown).join('; ')}${more}`];
}

/** Report ids by identifier value, and every id taken, in the seeded feedback. */
function seededIds(seed: readonly Resource[]) {
  const byKey = new Map<string, string>();
  const taken = new Set<string>();
  for (const r of seed)
    if (r.resourceType === 'MeasureReport' && r.id) {
      taken.add(r.id);
      const key = r.identifier?.find((i) => i.system === REPORT_IDENTIFIER_SYSTEM)?.value;
      if (key) byKey.set(key, r.id);
    }
  return { byKey, taken };
}

/**
 * Runs the batch over the simulator's record; `seed` is feedback.json as the mock server seeds it
 * (moved in time by feedbackSeed with the same `now`).
 *
 * @example
 * const { reports, notes } = await rerunSimulator({ now, resources }, feedback);
 */
export async function rerunSimulator(
  record: SimulatorRecord,
  seed: readonly Resource[],
): Promise<RerunOutput> {
  const now = new Date(record.now);
  if (Number.isNaN(now.getTime())) throw new RangeError(`now: '${record.now}' is not a date`);
  const date = now.toISOString();
  const seeded = feedbackSeed(seed, now);
  const population = await readPopulation(recordSource(record.resources));
  const loaded = loadMeasures();
  const measures = new Map(loaded.map((m) => [m.id, m.measure]));
  const periods: PeriodSummary[] = [];
  const evaluated: { period: string; results: PatientMeasureResult[] }[] = [];
  const unattributed: string[] = [];
  const reports: MeasureReport[] = [];
  const groups = new Map<string, Group>();
  for (const period of rerunPeriods(now)) {
    const out = await runBatch(population, { period, date, loaded, threads: 1, individual: false });
    const history = resultsOfIndividualReports(
      seeded.filter(
        (r): r is MeasureReport => r.resourceType === 'MeasureReport' && r.period?.start === period.start,
      ),
      population.directory,
    );
    const ctx = { period, date, measures, config: DEFAULT_ATTRIBUTION, reporter: HOSPITAL };
    const all = assembleReports([...history, ...out.results], population.directory, {
      ...ctx,
      individual: false,
    });
    reports.push(...out.results.map((r) => individualReport(r, ctx)), ...all.reports);
    for (const g of all.groups) groups.set(g.id ?? '', g);
    const cases: Record<string, number> = {};
    for (const r of out.results) cases[r.measure] = (cases[r.measure] ?? 0) + 1;
    periods.push({ period: period.label, evaluated: out.evaluated, cases, seeded: history.length });
    evaluated.push({ period: period.label, results: out.results });
    unattributed.push(
      ...out.problems.map((p) => `${period.label} Patient/${p.patient} ${p.measure}: ${p.message}`),
    );
  }
  const current = rerunPeriods(now)[1];
  const events = record.resources
    .filter((r): r is AuditEvent => r.resourceType === 'AuditEvent')
    .flatMap((a) => canonicalOf(a) ?? [])
    .filter((e) => e.at.startsWith(current.label));
  const notes = [
    ...signedOrderNotes(record.resources, evaluated),
    ...counted(
      "of the EHR's resources could not be read",
      population.problems.map((p) => `resources[${p.line - 1}]: ${p.message}`),
    ),
    ...counted('results could not be attributed', unattributed),
  ];
  if (!events.length)
    notes.push(`no interaction in ${current.label} in the EHR's audit trail: no uptake report`);
  const cells = events.length ? await uptakeCells(events, population.directory) : [];
  reports.push(
    ...cells
      .filter((c) => c.month === current.label)
      .map((c) => uptakeReport(c, { period: current, date, reporter: HOSPITAL })),
  );
  // A report takes the id of the seeded report with its identifier (it replaces it); an id another
  // seeded report already has (possible when the clock is before the history's months) is derived anew.
  const { byKey, taken } = seededIds(seeded);
  for (const r of reports) {
    const key = r.identifier?.[0]?.value ?? '';
    r.id = byKey.get(key) ?? (taken.has(r.id ?? '') ? reportId(`${key} (simulator)`) : r.id);
  }
  return { periods, reports, groups: [...groups.values()], events: events.length, notes };
}
