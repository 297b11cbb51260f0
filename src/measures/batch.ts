/**
 * The measures batch over a population: keeps the patients with activity in the period (every starter
 * measure starts from an encounter, an order or a result inside it), evaluates them in chunks across
 * worker threads (pool.ts; or in this thread with `threads: 1`), attributes each result and assembles the
 * individual, summary and subject-list MeasureReports with the peer Groups they name.
 *
 * @example
 * const out = await runBatch(population, { period: parsePeriod('2026-10'), date: new Date().toISOString() });
 */
import type { Bundle, Group, Measure, MeasureReport } from '@medplum/fhirtypes';
import { DEFAULT_ATTRIBUTION, peerGroupsOf } from './attribution';
import type { AttributionConfig } from './attribution';
import { OUTCOME_MEASURES } from './catalog';
import { loadMeasures } from './engine';
import type { EvaluationFailure, LoadedMeasure } from './engine';
import { evaluateChunk } from './evaluate-chunk';
import type { AttributionProblem, ChunkOutput } from './evaluate-chunk';
import type { Directory, Population } from './input';
import type { MeasurePeriod } from './period';
import { individualReport, subjectListReport, summaryReport, tally } from './reports';
import type { AttributedResult, ReportContext, Tally } from './reports';
import { EvaluationPool } from './pool';

export interface BatchOptions {
  period: MeasurePeriod;
  /** Data-as-of date written on every report (RFC 3339). */
  date: string;
  measures?: string[];
  /** Measures already loaded (a caller running many periods loads them once); threads: 1 only. */
  loaded?: LoadedMeasure[];
  /** Worker threads; 1 runs in this thread. Default 2. */
  threads?: number;
  /** A pool shared by several runs (many periods at once); the caller closes it. */
  pool?: EvaluationPool;
  chunkSize?: number;
  config?: AttributionConfig;
  /** Write individual reports too (default true). */
  individual?: boolean;
  reporter?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface BatchOutput {
  reports: MeasureReport[];
  groups: Group[];
  results: AttributedResult[];
  problems: AttributionProblem[];
  /** Patients the engine could not evaluate for a measure: left out of that measure's reports. */
  failures: EvaluationFailure[];
  /** Patients read, and those with activity in the period (the ones evaluated). */
  patients: number;
  evaluated: number;
}

const DAY = 86_400_000;

/**
 * Whether an instant (or a date, or a time with an offset) may fall in the period: parsed, not compared
 * as text ('2026-10-01' sorts before '2026-10-01T00:00:00Z'), with a day of slack each side for time
 * zones. Only a filter: the measures themselves decide what is in the period.
 */
function near(t: string | undefined, p: MeasurePeriod): boolean {
  const ms = t ? Date.parse(t) : NaN;
  return !Number.isNaN(ms) && ms >= Date.parse(p.start) - DAY && ms <= Date.parse(p.end) + DAY;
}

/** Whether a patient has anything dated in the period that a starter measure starts from. */
export function activeIn(bundle: Bundle, p: MeasurePeriod): boolean {
  return (bundle.entry ?? []).some(({ resource: r }) => {
    if (!r) return false;
    if (r.resourceType === 'Encounter') {
      const start = r.period?.start ? Date.parse(r.period.start) : NaN;
      const end = r.period?.end ? Date.parse(r.period.end) : Infinity;
      return !Number.isNaN(start) && start <= Date.parse(p.end) + DAY && end >= Date.parse(p.start) - DAY;
    }
    if (r.resourceType === 'MedicationRequest' || r.resourceType === 'ServiceRequest')
      return near(r.authoredOn, p);
    if (r.resourceType === 'Observation')
      return near(r.effectiveDateTime ?? r.effectivePeriod?.end ?? r.issued, p);
    return false;
  });
}

function chunks<T>(list: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(list.length / size) }, (_, i) =>
    list.slice(i * size, (i + 1) * size),
  );
}

/** A Group per peer role that has an attributed clinician: members are everyone with that role. */
export function peerGroups(directory: Directory, ids: Set<string>, config: AttributionConfig): Group[] {
  const members = new Map<string, string[]>();
  for (const id of directory.practitioners.keys())
    for (const g of peerGroupsOf(id, directory, config)) members.set(g, [...(members.get(g) ?? []), id]);
  return [...members]
    .filter(([g]) => ids.has(g))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, list]) => ({
      resourceType: 'Group',
      id,
      type: 'practitioner',
      actual: true,
      name: `Peers: ${id.replace(/^peers-/, '')}`,
      code: { coding: [{ system: config.peerRoleSystem, code: id.replace(/^peers-/, '') }] },
      quantity: list.length,
      member: list.sort().map((p) => ({ entity: { reference: `Practitioner/${p}` } })),
    }));
}

/**
 * Runs the batch for one period over a population read by input.ts.
 *
 * @example
 * const out = await runBatch(population, { period: parsePeriod('2026-10'), date: '2026-11-01T06:00:00Z', threads: 2 });
 */
export async function runBatch(population: Population, options: BatchOptions): Promise<BatchOutput> {
  const config = options.config ?? DEFAULT_ATTRIBUTION;
  const measureIds =
    options.loaded?.map((m) => m.id) ?? options.measures ?? OUTCOME_MEASURES.map((m) => m.id);
  const active = population.patients.filter((b) => activeIn(b, options.period));
  const parts = chunks(active, options.chunkSize ?? 250);
  let done = 0;
  const progress = (n: number) => {
    done += n;
    options.onProgress?.(done, active.length);
  };
  const threads = options.threads ?? 2;
  const measures = options.loaded ?? loadMeasures(measureIds);
  let outputs: ChunkOutput[];
  if (options.pool || (threads > 1 && parts.length > 1)) {
    const pool =
      options.pool ?? new EvaluationPool({ measureIds, directory: population.directory, config }, threads);
    try {
      outputs = await Promise.all(
        parts.map((part) =>
          pool.evaluate(part, options.period).then((output) => {
            progress(part.length);
            return output;
          }),
        ),
      );
    } finally {
      if (!options.pool) await pool.close();
    }
  } else {
    outputs = [];
    for (const part of parts) {
      outputs.push(await evaluateChunk(measures, part, population.directory, options.period, config));
      progress(part.length);
    }
  }
  const results = outputs.flatMap((o) => o.results);
  const assembled = assembleReports(results, population.directory, {
    ...options,
    config,
    measures: new Map(measures.map((m) => [m.id, m.measure])),
  });
  return {
    ...assembled,
    results,
    problems: outputs.flatMap((o) => o.problems),
    failures: outputs.flatMap((o) => o.failures),
    patients: population.patients.length,
    evaluated: active.length,
  };
}

export interface AssembleOptions {
  period: MeasurePeriod;
  date: string;
  measures: Map<string, Measure>;
  config: AttributionConfig;
  individual?: boolean;
  reporter?: string;
}

/**
 * The reports of a period from its attributed results: the last step of a run, and the reduce step of
 * a partitioned one (results of disjoint sets of patients simply concatenate).
 */
export function assembleReports(
  results: AttributedResult[],
  directory: Directory,
  options: AssembleOptions,
): { reports: MeasureReport[]; groups: Group[] } {
  const ctx: ReportContext = {
    period: options.period,
    date: options.date,
    measures: options.measures,
    ...(options.reporter ? { reporter: options.reporter } : {}),
  };
  const tallies = tally(results);
  const groupIds = new Set(
    tallies.filter((t) => t.subject.startsWith('Group/')).map((t) => t.subject.slice(6)),
  );
  const groups = peerGroups(directory, groupIds, options.config);
  // A peer Group's summary carries each member's own counts as a stratum (for the view's benchmark).
  const membersOf = new Map(
    groups.map((g) => [`Group/${g.id}`, new Set(g.member?.map((m) => m.entity.reference))]),
  );
  const members = (t: Tally) =>
    tallies.filter((m) => m.measure === t.measure && membersOf.get(t.subject)?.has(m.subject));
  const reports = [
    ...(options.individual === false ? [] : results.map((r) => individualReport(r, ctx))),
    ...tallies.map((t) => summaryReport(t, ctx, members(t))),
    ...tallies.map((t) => subjectListReport(t, ctx)),
  ];
  return { reports, groups };
}
