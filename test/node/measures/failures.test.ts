/*
 * Evaluation failures (failures.ts): a record the engine cannot take costs its own patient (batch.test.ts
 * checks one bad patient among good ones); a measure that fails every patient alike stops the run with
 * one error instead of listing every patient as a bad record. And text from the data is printed escaped.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Bundle } from '@medplum/fhirtypes';
import { DEFAULT_ATTRIBUTION } from '../../../src/measures/attribution';
import { runBatch } from '../../../src/measures/batch';
import { evaluate, loadMeasures } from '../../../src/measures/engine';
import type { EvaluationFailure, LoadedMeasure } from '../../../src/measures/engine';
import { MeasureFailure, chunkErrorText, engineMessage } from '../../../src/measures/failures';
import { parsePeriod } from '../../../src/measures/period';
import { EvaluationPool } from '../../../src/measures/pool';
import { printable } from '../../../src/core/printable';
import { directory, population } from './factories';
import { handWorkedPatients } from './hand-worked';

const PERIOD = parsePeriod('2026-01');

/** The HbA1c measure without its value sets: what a broken build or a missing expansion gives. */
function withoutValueSets(): LoadedMeasure {
  const [m] = loadMeasures(['hba1c-poor-control']);
  assert.ok(m);
  const entry = m.bundle.entry?.filter((e) => e.resource?.resourceType !== 'ValueSet');
  return { ...m, bundle: { ...m.bundle, entry } };
}

test('a measure that fails every patient alike is one evaluation error naming it, not N bad records', async () => {
  const failures: EvaluationFailure[] = [];
  await assert.rejects(
    evaluate([withoutValueSets()], handWorkedPatients(), PERIOD, { onFailure: (f) => failures.push(f) }),
    (err: unknown) =>
      err instanceof MeasureFailure &&
      /^hba1c-poor-control: evaluation error for every patient \(8\) and for a patient with nothing recorded.*Missing the following valuesets/.test(
        err.message,
      ),
  );
  assert.deepEqual(failures, [], 'no patient is reported as a bad record');
  // The batch (and so the command, exit 1) stops on it too.
  await assert.rejects(
    runBatch(population(handWorkedPatients()), {
      period: PERIOD,
      date: '2026-02-01T06:00:00Z',
      threads: 1,
      loaded: [withoutValueSets()],
    }),
    /hba1c-poor-control: evaluation error for every patient \(8\)/,
  );
});

test("a worker thread's answer for a failed chunk: a broken measure's one line, any other error with its stack", async () => {
  const broken = await evaluate([withoutValueSets()], handWorkedPatients().slice(0, 2), PERIOD, {
    onFailure: () => assert.fail('reported as a record'),
  }).catch((err: unknown) => err);
  const text = chunkErrorText(broken);
  assert.match(text, /^hba1c-poor-control: evaluation error for every patient \(2\)/);
  assert.doesNotMatch(text, /\n\s+at /, 'no stack: the measure is named, nothing crashed');
  assert.match(chunkErrorText(new TypeError('x is undefined')), /^TypeError: x is undefined\n\s+at /);
  assert.equal(chunkErrorText('thrown text'), 'thrown text');
});

test('a chunk of one patient: the patient with nothing recorded tells a broken measure from a bad record', async () => {
  const one = handWorkedPatients().slice(0, 1);
  await assert.rejects(
    evaluate([withoutValueSets()], one, PERIOD, { onFailure: () => assert.fail('reported as a record') }),
    /evaluation error for every patient \(1\) and for a patient with nothing recorded/,
  );
  assert.deepEqual(await notEvaluated(withUnits({ p7: 'percent' })), ['Patient/p7']);
});

test('every patient failing with different messages stays per patient', async () => {
  assert.deepEqual(await notEvaluated(withUnits({ p7: 'percent', p8: 'per cent' })), [
    'Patient/p7',
    'Patient/p8',
  ]);
});

test('records that all share one bad value are each reported and the run goes on (a small last chunk)', async () => {
  const patients = withUnits({ p7: 'percent', p8: 'percent' });
  const pool = new EvaluationPool(
    { measureIds: ['hba1c-poor-control'], directory: directory(), config: DEFAULT_ATTRIBUTION },
    1,
  );
  try {
    const output = await pool.evaluate(patients, PERIOD);
    assert.deepEqual(
      output.failures.map((f) => [f.patient, /'percent'/.test(f.message)]),
      [
        ['Patient/p7', true],
        ['Patient/p8', true],
      ],
    );
  } finally {
    await pool.close();
  }
});

test('control characters and bidi overrides from the data are shown escaped, on one line', () => {
  assert.equal(printable('Patient/\u001b[31mred\u001b[0m'), 'Patient/\\x1b[31mred\\x1b[0m');
  assert.equal(printable('a\nb\r\tc\u007f\u009b'), 'a\\x0ab\\x0d\\x09c\\x7f\\x9b');
  assert.equal(printable('\u202eevil\u2066x\u2069'), '\\u202eevil\\u2066x\\u2069');
  assert.equal(printable('Ünïcödé ok – 9.8 %'), 'Ünïcödé ok – 9.8 %');
  assert.equal(printable(printable('\u001b')), '\\x1b', 'escaping twice changes nothing more');
  assert.equal(
    engineMessage(
      new Error("Error Message: Invalid UCUM unit: '\u001b[2Jpercent'.\nCQL Library: FHIRHelpers"),
    ),
    "Invalid UCUM unit: '\\x1b[2Jpercent'. (in FHIRHelpers)",
  );
});

/** The hand-worked patients named, each with its HbA1c in the unit given (not UCUM, so not evaluable). */
function withUnits(units: Record<string, string>): Bundle[] {
  const patients = handWorkedPatients().filter((b) => (b.entry?.[0]?.resource?.id ?? '') in units);
  for (const [id, unit] of Object.entries(units)) setUnit(patients, id, unit);
  return patients;
}

/** The patients the HbA1c measure reports as not evaluated. */
async function notEvaluated(patients: Bundle[]): Promise<string[]> {
  const [hba1c] = loadMeasures(['hba1c-poor-control']);
  assert.ok(hba1c);
  const failures: EvaluationFailure[] = [];
  await evaluate([hba1c], patients, PERIOD, { onFailure: (f) => failures.push(f) });
  return failures.map((f) => f.patient);
}

function setUnit(patients: Bundle[], id: string, unit: string): void {
  const lab = patients
    .find((b) => b.entry?.[0]?.resource?.id === id)
    ?.entry?.find((e) => e.resource?.resourceType === 'Observation')?.resource;
  assert.ok(lab?.resourceType === 'Observation' && lab.valueQuantity);
  // No UCUM code: the engine reads the unit as written, and 'percent' is not UCUM.
  lab.valueQuantity = { value: lab.valueQuantity.value, unit };
}
