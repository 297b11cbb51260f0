/**
 * The measure engine: evaluates the starter Measures over patient bundles with fqm-execution
 * (`Calculator.calculate`, the eCQM community's FHIR measure calculator over cql-execution). fqm-execution
 * decides the populations; the attribution statements come back as supplemental data. Reports are
 * assembled elsewhere (reports.ts) so their identifiers are deterministic.
 *
 * @example
 * const measures = loadMeasures();
 * const results = await evaluate(measures, patientBundles, parsePeriod('2026-10'));
 */
import { readFileSync } from 'node:fs';
import { PatientSource } from 'cql-exec-fhir';
import { Calculator } from 'fqm-execution';
import type { Bundle, Measure } from '@medplum/fhirtypes';
import { cacheDateTimeParsing, resetDateTimeCache } from '../rules/engine/parse-cache';
import { OUTCOME_MEASURES, POPULATION_CRITERIA } from './catalog';
import type { PopulationCode } from './catalog';
import { BUNDLES_DIR } from './paths';
import { ATTRIBUTION_STATEMENTS, valueSetPins } from './build/measure-resources';
import type { MeasurePeriod } from './period';
import { cachedPatientSource } from './speedups';
import { libraryCql, withBrandedProducts } from './brands';
import { measureValueSets } from './terminology';
import { isolateFailures, type EvaluationFailure } from './failures';

export type { EvaluationFailure } from './failures';

export interface LoadedMeasure {
  id: string;
  measure: Measure;
  /** Measure, Libraries and the pinned ValueSets: what fqm-execution takes. */
  bundle: Bundle;
}

/** One patient's result on one measure for one period. */
export interface PatientMeasureResult {
  patient: string;
  measure: string;
  populations: Partial<Record<PopulationCode, boolean>>;
  /** `Encounter/<id>` the result is about, when the measure names one. */
  encounter?: string;
  /** `MedicationRequest/<id>` (or ServiceRequest) the result is about, when the measure names one. */
  order?: string;
  /** When the result happened (admission, order time), RFC 3339: the unit is taken at that moment. */
  at?: string;
}

/**
 * Loads the built bundles (`npm run measures:build`) with their value sets (branded products added,
 * brands.ts); all measures by default.
 */
export function loadMeasures(ids: string[] = OUTCOME_MEASURES.map((m) => m.id)): LoadedMeasure[] {
  return ids.map((id) => {
    const bundle = JSON.parse(readFileSync(`${BUNDLES_DIR}${id}.json`, 'utf8')) as Bundle;
    const measure = bundle.entry?.find((e) => e.resource?.resourceType === 'Measure')?.resource as Measure;
    const libraries = (bundle.entry ?? []).flatMap((e) =>
      e.resource?.resourceType === 'Library' ? [e.resource] : [],
    );
    const sets = withBrandedProducts(measureValueSets(valueSetPins(bundle)), libraryCql(libraries));
    const entry = [...(bundle.entry ?? []), ...sets.map((resource) => ({ resource }))];
    return { id, measure, bundle: { ...bundle, entry } };
  });
}

type FqmBundle = Parameters<typeof Calculator.calculate>[0];

interface FqmPopulation {
  populationType: string;
  result: boolean;
}
interface FqmSde {
  id?: string;
  rawResult?: unknown;
}
interface FqmPatientResult {
  patientId: string;
  detailedResults?: { populationResults?: FqmPopulation[] }[];
  supplementalData?: FqmSde[];
}

/** The id of a FHIR object as cql-exec-fhir hands it back (a wrapper whose `id` has a `value`). */
function idOf(raw: unknown): string | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const id = (raw as { id?: unknown }).id;
  if (typeof id === 'string') return id;
  const value = (id as { value?: unknown } | undefined)?.value;
  return typeof value === 'string' ? value : undefined;
}

function typeOf(raw: unknown): string | undefined {
  const name = (raw as { _typeHierarchy?: () => { name?: string }[] } | null)?._typeHierarchy?.()[0]?.name;
  return typeof name === 'string' ? name.replace(/^.*\}/, '') : undefined;
}

function attribution(sdes: FqmSde[] = []): Pick<PatientMeasureResult, 'encounter' | 'order' | 'at'> {
  const raw = (id: string): unknown => sdes.find((s) => s.id === id)?.rawResult;
  const out: Pick<PatientMeasureResult, 'encounter' | 'order' | 'at'> = {};
  const encounter = idOf(raw('attributed-encounter'));
  if (encounter) out.encounter = `Encounter/${encounter}`;
  const orderRaw = raw('attributed-order');
  const order = idOf(orderRaw);
  if (order) out.order = `${typeOf(orderRaw) ?? 'MedicationRequest'}/${order}`;
  const at = raw('attribution-time');
  if (at !== null && at !== undefined) {
    const text = String(at);
    const time = Date.parse(text);
    if (!Number.isNaN(time)) out.at = new Date(time).toISOString();
  }
  return out;
}

let source: PatientSource | undefined;

/**
 * One PatientSource for the thread: fqm-execution would build a new one per call, and each parses the
 * FHIR model info XML again (about a third of the batch's time when it did). Bundles are loaded anew
 * before each measure (cql-execution walks the source to its end).
 */
function patientSource(patients: Bundle[]): PatientSource {
  source ??= PatientSource.FHIRv401({ requireProfileTagging: false });
  source.reset();
  source.loadBundles(patients);
  return cachedPatientSource(source);
}

export interface EvaluateOptions {
  /**
   * `raw` (default): fqm-execution's calculateRaw, with the proportion rules applied here to the
   * population defines. `detailed`: fqm-execution's calculate, which also decides the populations but
   * rebuilds statement dependency maps and clause results on every call (a fifth of the batch's time);
   * the tests check that both agree.
   */
  mode?: 'raw' | 'detailed';
  /**
   * Hears each patient the engine could not evaluate for a measure (malformed data: a unit that is not
   * UCUM, a string where a quantity belongs); the rest are evaluated. Without it the error is thrown;
   * with it too when every patient of a chunk fails alike (failures.ts, isolateFailures).
   */
  onFailure?: (failure: EvaluationFailure) => void;
}

/**
 * One measure over the patients; with `onFailure`, a patient the engine cannot take costs its own
 * result, not its chunk's, and a measure that fails everyone alike is thrown (failures.ts).
 */
function evaluateIsolating(
  m: LoadedMeasure,
  patients: Bundle[],
  period: MeasurePeriod,
  options: EvaluateOptions,
): Promise<PatientMeasureResult[]> {
  const run = (chunk: Bundle[]) => evaluateOne(m, chunk, period, options.mode ?? 'raw');
  return options.onFailure ? isolateFailures(m.id, patients, run, options.onFailure) : run(patients);
}

type Raw = Record<string, unknown>;

/** Patient-based proportion scoring: each population within the one before it. */
export function proportionPopulations(
  raw: Raw,
  declared: PopulationCode[],
): Partial<Record<PopulationCode, boolean>> {
  const is = (code: PopulationCode) => declared.includes(code) && raw[POPULATION_CRITERIA[code]] === true;
  const ip = is('initial-population');
  const den = ip && is('denominator');
  const denex = den && is('denominator-exclusion');
  const numer = den && !denex && is('numerator');
  const denexcep = den && !denex && !numer && is('denominator-exception');
  const all: Record<PopulationCode, boolean> = {
    'initial-population': ip,
    denominator: den,
    'denominator-exclusion': denex,
    numerator: numer,
    'denominator-exception': denexcep,
  };
  return Object.fromEntries(declared.map((c) => [c, all[c]]));
}

function declaredPopulations(measure: Measure): PopulationCode[] {
  return (measure.group?.[0]?.population ?? []).map((p) => p.code?.coding?.[0]?.code as PopulationCode);
}

async function evaluateOne(
  m: LoadedMeasure,
  patients: Bundle[],
  period: MeasurePeriod,
  mode: 'raw' | 'detailed',
) {
  const options = {
    measurementPeriodStart: period.start,
    measurementPeriodEnd: period.end,
    trustMetaProfile: false,
    patientSource: patientSource(patients),
    useElmJsonsCaching: true,
  };
  const results: PatientMeasureResult[] = [];
  if (mode === 'detailed') {
    const output = await Calculator.calculate(m.bundle as FqmBundle, patients as FqmBundle[], {
      ...options,
      calculateSDEs: true,
      verboseCalculationResults: false,
    });
    for (const r of output.results as unknown as FqmPatientResult[]) {
      const populations: Partial<Record<PopulationCode, boolean>> = {};
      for (const p of r.detailedResults?.[0]?.populationResults ?? [])
        populations[p.populationType as PopulationCode] = p.result;
      results.push({ patient: r.patientId, measure: m.id, populations, ...attribution(r.supplementalData) });
    }
    return results;
  }
  const output = await Calculator.calculateRaw(m.bundle as FqmBundle, patients as FqmBundle[], options);
  const raw = output.results as { patientResults?: Record<string, Raw> } | string;
  if (typeof raw === 'string') throw new Error(`${m.id}: ${raw}`);
  const declared = declaredPopulations(m.measure);
  for (const [patient, statements] of Object.entries(raw.patientResults ?? {})) {
    const sdes = ATTRIBUTION_STATEMENTS.map((s) => ({
      id: s.toLowerCase().replace(/ /g, '-'),
      rawResult: statements[s],
    }));
    results.push({
      patient,
      measure: m.id,
      populations: proportionPopulations(statements, declared),
      ...attribution(sdes),
    });
  }
  return results;
}

/**
 * Evaluates every measure over the bundles (one per patient, its Patient first) for one period. Every
 * patient gets a result per measure (all false when in no population).
 */
export async function evaluate(
  measures: LoadedMeasure[],
  patients: Bundle[],
  period: MeasurePeriod,
  options: EvaluateOptions = {},
): Promise<PatientMeasureResult[]> {
  if (!patients.length) return [];
  cacheDateTimeParsing();
  const results: PatientMeasureResult[] = [];
  for (const m of measures) {
    resetDateTimeCache();
    results.push(...(await evaluateIsolating(m, patients, period, options)));
  }
  return results;
}
