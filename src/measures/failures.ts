/**
 * A patient the measure engine could not evaluate: reported by patient and measure with the engine's
 * own words, instead of one malformed record failing every patient evaluated with it. A failure that is
 * not one record's (a broken measure bundle, a missing value set, an engine bug) stops the run instead.
 */
import type { Bundle } from '@medplum/fhirtypes';
import { printable } from '../core/printable';

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
 * What a worker thread sends back for a chunk that threw: a MeasureFailure says all in its message
 * (the run's one error line, no stack a reader would take for a crash); anything else keeps its stack.
 *
 * @example chunkErrorText(new MeasureFailure('hba1c-poor-control: evaluation error ...'))
 */
export function chunkErrorText(err: unknown): string {
  if (err instanceof MeasureFailure) return err.message;
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

/**
 * A patient with nothing recorded. A measure that cannot evaluate even this one is at fault itself (a
 * missing value set, a broken library), whatever the records hold.
 */
const CANARY: Bundle = {
  resourceType: 'Bundle',
  type: 'collection',
  entry: [
    {
      resource: {
        resourceType: 'Patient',
        id: 'nothing-recorded',
        gender: 'unknown',
        birthDate: '1970-01-01',
      },
    },
  ],
};

/**
 * Runs a measure over the patients; when the engine throws, the patients are halved until the one (or
 * ones) it cannot take are found, each reported to `onFailure`, the others' results kept. When every
 * patient failed with the same message, a patient with nothing recorded is evaluated too: if it fails
 * as well, the measure is at fault, nothing is reported and a MeasureFailure is thrown, so the run stops
 * with an evaluation error instead of listing every patient as a bad record. If it evaluates, the
 * records share a bad value (a site-wide unit that is not UCUM) and each patient is reported.
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
  const alike =
    failures.length === patients.length && failures.every((f) => f.message === failures[0]?.message);
  if (alike && failures.length) {
    const canary = await run([CANARY]).then(
      () => undefined,
      (error: unknown) => engineMessage(error),
    );
    if (canary !== undefined)
      throw new MeasureFailure(
        `${measure}: evaluation error for every patient (${patients.length}) and for a patient with nothing recorded, so the measure, its value sets or the engine, not a record: ${canary}`,
      );
  }
  failures.forEach(onFailure);
  return results;
}
