/**
 * One unit of work of the batch, the same in the main thread and in a worker thread: evaluate every
 * measure over a chunk of patients and attribute each result (clinicians, ward, peer groups).
 *
 * @example
 * const { results, problems } = await evaluateChunk(measures, bundles, directory, period, config);
 */
import type { Bundle } from '@medplum/fhirtypes';
import { DEFAULT_ATTRIBUTION, attribute, indexResources, peerGroupsOf, rulesFor } from './attribution';
import type { AttributionConfig } from './attribution';
import { evaluate } from './engine';
import type { EvaluationFailure, LoadedMeasure } from './engine';
import type { Directory } from './input';
import type { MeasurePeriod } from './period';
import type { AttributedResult } from './reports';

/** A result that could not be fully attributed: which patient, which measure, why. */
export interface AttributionProblem {
  patient: string;
  measure: string;
  message: string;
}

export interface ChunkOutput {
  /** Results that reached the initial population, attributed. */
  results: AttributedResult[];
  problems: AttributionProblem[];
  /** Patients the engine could not evaluate for a measure (left out of that measure's reports). */
  failures: EvaluationFailure[];
}

/**
 * Evaluates and attributes one chunk: only results in an initial population come back.
 *
 * @example
 * const { results } = await evaluateChunk(loadMeasures(), bundles, directory, parsePeriod('2026-10'));
 */
export async function evaluateChunk(
  measures: LoadedMeasure[],
  patients: Bundle[],
  directory: Directory,
  period: MeasurePeriod,
  config: AttributionConfig = DEFAULT_ATTRIBUTION,
): Promise<ChunkOutput> {
  const failures: EvaluationFailure[] = [];
  const evaluated = await evaluate(measures, patients, period, { onFailure: (f) => failures.push(f) });
  const byId = new Map(patients.map((b) => [b.entry?.[0]?.resource?.id ?? '', b]));
  const indexes = new Map<string, ReturnType<typeof indexResources>>();
  const results: AttributedResult[] = [];
  const problems: AttributionProblem[] = [];
  for (const r of evaluated) {
    if (!r.populations['initial-population']) continue;
    let index = indexes.get(r.patient);
    if (!index) {
      const bundle = byId.get(r.patient);
      index = bundle ? indexResources(bundle) : new Map();
      indexes.set(r.patient, index);
    }
    const a = attribute(r, index, directory, rulesFor(r.measure, config));
    for (const message of a.problems) problems.push({ patient: r.patient, measure: r.measure, message });
    const peers = a.clinicians.flatMap((c) => peerGroupsOf(c, directory, config));
    const subjects = [
      ...a.clinicians.map((c) => `Practitioner/${c}`),
      ...a.units.map((u) => `Location/${u}`),
      ...[...new Set(peers)].map((g) => `Group/${g}`),
    ];
    results.push({ ...r, subjects });
  }
  return { results, problems, failures };
}
