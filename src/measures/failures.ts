/**
 * A patient the measure engine could not evaluate: reported by patient and measure with the engine's
 * own words, instead of one malformed record failing every patient evaluated with it. A failure that is
 * not one record's (a broken measure bundle, a missing value set, an engine bug) stops the run instead.
 */
import type { Bundle } from '@medplum/fhirtypes';
import { printable } from './printable';

/** A patient the engine could not evaluate for a measure, and the engine's own words why. */
export interface EvaluationFailure {
  /** `Patient/<id>`. */
  patient: string;
  measure: string;
  message: string;
}

/**
 * cql-execution's message without its banner: the error and the library it came from, on one line
 * with any control character from the data shown escaped.
 *
 * @example engineMessage(error) // "Invalid UCUM unit: 'percent'. (in FHIRHelpers|4.0.1)"
 */
export function engineMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const message = /Error Message:\s*(.*)/.exec(text)?.[1]?.trim();
  const library = /CQL Library:\s*(.*)/.exec(text)?.[1]?.trim();
  return printable(
    message ? `${message}${library ? ` (in ${library})` : ''}` : (text.split('\n')[0] ?? text),
  );
}

/** A measure that failed for every patient alike: the measure or the engine is at fault, not a record. */
export class MeasureFailure extends Error {
  override name = 'MeasureFailure';
}

/**
 * Runs a measure over the patients; when the engine throws, the patients are halved until the one (or
 * ones) it cannot take are found, each reported to `onFailure`, the others' results kept. When the
 * failures are not patient-specific (systemicFailure) nothing is reported and that error is thrown, so
 * the run stops with an evaluation error instead of listing every patient as a bad record.
 *
 * @example const results = await isolateFailures('vte-prophylaxis', patients, run, (f) => failures.push(f));
 */
export async function isolateFailures<T>(
  measure: string,
  patients: Bundle[],
  run: (chunk: Bundle[]) => Promise<T[]>,
  onFailure: (failure: EvaluationFailure) => void,
): Promise<T[]> {
  const failures: EvaluationFailure[] = [];
  const halve = async (chunk: Bundle[]): Promise<T[]> => {
    try {
      return await run(chunk);
    } catch (error) {
      if (chunk.length === 1) {
        const patient = chunk[0]?.entry?.[0]?.resource?.id ?? '(no id)';
        failures.push({ patient: `Patient/${patient}`, measure, message: engineMessage(error) });
        return [];
      }
      const half = Math.ceil(chunk.length / 2);
      return [...(await halve(chunk.slice(0, half))), ...(await halve(chunk.slice(half)))];
    }
  };
  const results = await halve(patients);
  const systemic = systemicFailure(measure, patients.length, failures);
  if (systemic) throw systemic;
  failures.forEach(onFailure);
  return results;
}

/**
 * The error to stop on when a chunk's failures are not patient-specific, or undefined. The rule: the
 * chunk had more than one patient, every one of them failed, and all with the same message. A missing
 * value set or a broken library fails everyone with one message; a bad record fails its own patient and
 * leaves the others evaluated. A chunk of one patient cannot tell the two apart, so its failure stays
 * that patient's (a broken measure still fails the full chunks of any real population). The price: a
 * small chunk (the last of a population, or a population of a few) whose every patient has the same bad
 * value stops the run too, rare past a handful of patients since most records do not reach a given value.
 *
 * @example systemicFailure('vte-prophylaxis', 250, failures) // MeasureFailure, or undefined
 */
export function systemicFailure(
  measure: string,
  chunk: number,
  failures: readonly EvaluationFailure[],
): MeasureFailure | undefined {
  const message = failures[0]?.message;
  if (chunk < 2 || failures.length < chunk || failures.some((f) => f.message !== message)) return undefined;
  return new MeasureFailure(
    `${measure}: evaluation error for all ${chunk} patients of a chunk alike (the measure, its value sets or the engine, not a record): ${message ?? ''}`,
  );
}
