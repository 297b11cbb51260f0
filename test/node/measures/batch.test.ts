import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { List, MeasureReport } from '@medplum/fhirtypes';
import { activeIn, runBatch } from '../../../src/measures/batch';
import type { BatchOutput } from '../../../src/measures/batch';
import { evaluate, loadMeasures } from '../../../src/measures/engine';
import type { PatientMeasureResult } from '../../../src/measures/engine';
import { parsePeriod } from '../../../src/measures/period';
import { reportKey } from '../../../src/measures/reports';
import { CODE, bundle, order, patient, population } from './factories';
import { handWorkedPatients } from './hand-worked';

let out: BatchOutput;

before(async () => {
  out = await runBatch(population(handWorkedPatients()), {
    period: parsePeriod('2026-01'),
    date: '2026-02-01T06:00:00Z',
    threads: 1,
  });
});

const find = (type: string, measure: string, subject: string): MeasureReport | undefined =>
  out.reports.find(
    (r) => r.type === type && r.measure?.includes(`/Measure/${measure}|`) && r.subject?.reference === subject,
  );

/** [initial population, denominator, numerator] of a summary, and its score. */
function summary(measure: string, subject: string): [number, number, number, number | undefined] {
  const r = find('summary', measure, subject);
  assert.ok(r, `a ${measure} summary for ${subject}`);
  const count = (code: string) =>
    r.group?.[0]?.population?.find((p) => p.code?.coding?.[0]?.code === code)?.count ?? -1;
  return [
    count('initial-population'),
    count('denominator'),
    count('numerator'),
    r.group?.[0]?.measureScore?.value,
  ];
}

function listed(measure: string, subject: string, population: string): string[] {
  const r = find('subject-list', measure, subject);
  const ref = r?.group?.[0]?.population?.find((p) => p.code?.coding?.[0]?.code === population)?.subjectResults
    ?.reference;
  const list = r?.contained?.find((c) => `#${c.id ?? ''}` === ref) as List | undefined;
  return (list?.entry ?? []).map((e) => e.item.reference ?? '');
}

test('VTE prophylaxis: each clinician, unit and peer group gets the counts worked out by hand', () => {
  assert.deepEqual(summary('vte-prophylaxis', 'Practitioner/doc-1'), [2, 2, 2, 1]);
  assert.deepEqual(summary('vte-prophylaxis', 'Practitioner/nurse-1'), [1, 1, 1, 1]);
  assert.deepEqual(summary('vte-prophylaxis', 'Practitioner/doc-2'), [1, 1, 0, 0]);
  // p3 was admitted to ward-a and moved to ward-b: VTE belongs to the admitting unit.
  assert.deepEqual(summary('vte-prophylaxis', 'Location/ward-a'), [2, 2, 2, 1]);
  assert.deepEqual(summary('vte-prophylaxis', 'Location/ward-b'), [1, 1, 0, 0]);
  assert.deepEqual(summary('vte-prophylaxis', 'Group/peers-doctor'), [3, 3, 2, 0.6667]);
  assert.deepEqual(summary('vte-prophylaxis', 'Group/peers-nurse'), [1, 1, 1, 1]);
});

test('naloxone, HbA1c and AKI summaries match the hand count; AKI after the transfer belongs to the new unit', () => {
  assert.deepEqual(summary('naloxone-coprescribing', 'Practitioner/doc-2'), [1, 1, 1, 1]);
  assert.deepEqual(summary('naloxone-coprescribing', 'Practitioner/doc-1'), [1, 1, 0, 0]);
  assert.deepEqual(summary('naloxone-coprescribing', 'Group/peers-doctor'), [2, 2, 1, 0.5]);
  assert.deepEqual(summary('hba1c-poor-control', 'Location/ward-b'), [2, 2, 1, 0.5]);
  assert.deepEqual(summary('nephrotoxin-aki', 'Location/ward-b'), [1, 1, 1, 1]);
  assert.equal(find('summary', 'nephrotoxin-aki', 'Location/ward-a'), undefined);
  assert.equal(
    find('summary', 'statin-primary-prevention', 'Practitioner/doc-2'),
    undefined,
    'no lipids: no statin case',
  );
});

test('subject lists name the patients behind each number', () => {
  assert.deepEqual(listed('vte-prophylaxis', 'Location/ward-a', 'numerator'), ['Patient/p1', 'Patient/p3']);
  assert.deepEqual(listed('vte-prophylaxis', 'Group/peers-doctor', 'denominator'), [
    'Patient/p1',
    'Patient/p2',
    'Patient/p3',
  ]);
  assert.deepEqual(listed('hba1c-poor-control', 'Practitioner/doc-2', 'numerator'), ['Patient/p7']);
});

test('individual reports: one per patient and measure in the initial population, with its attribution', () => {
  const individual = out.reports.filter((r) => r.type === 'individual');
  assert.equal(individual.length, 8);
  const p3 = individual.find(
    (r) => r.subject?.reference === 'Patient/p3' && r.measure?.includes('nephrotoxin-aki'),
  );
  assert.deepEqual(
    p3?.extension?.map((e) => e.valueReference?.reference),
    ['Practitioner/doc-1', 'Location/ward-b'],
  );
  assert.deepEqual(
    p3?.evaluatedResource?.map((r) => r.reference),
    ['Encounter/e3', 'MedicationRequest/m3'],
  );
  assert.ok(!individual.some((r) => r.subject?.reference === 'Patient/p4'), 'p4 is in no population');
});

test('identifiers are deterministic from measure, type, subject and period; peer Groups list their members', () => {
  const r = find('summary', 'vte-prophylaxis', 'Location/ward-a');
  assert.equal(r?.identifier?.[0]?.value, 'vte-prophylaxis:summary:Location/ward-a:2026-01');
  assert.equal(new Set(out.reports.map((x) => x.id)).size, out.reports.length);
  // A subject id with a token separator (not a valid FHIR id, but data is data) cannot split the search.
  assert.equal(
    reportKey('m', 'summary', 'Location/a|b,c%', '2026-01'),
    'm:summary:Location/a%7Cb%2Cc%25:2026-01',
  );
  const doctors = out.groups.find((g) => g.id === 'peers-doctor');
  assert.deepEqual(
    doctors?.member?.map((m) => m.entity.reference),
    ['Practitioner/doc-1', 'Practitioner/doc-2'],
  );
});

test('what cannot be attributed is reported: an order with no requester, a patient with no encounter', () => {
  const messages = out.problems.map((p) => `${p.patient} ${p.measure}: ${p.message}`);
  assert.ok(
    messages.includes('p6 naloxone-coprescribing: MedicationRequest/m6 has no requester'),
    messages.join('\n'),
  );
  assert.ok(messages.includes('p5 naloxone-coprescribing: no encounter: no unit'), messages.join('\n'));
  assert.equal(out.evaluated, 8);
});

test("the populations decided here from fqm-execution's raw results equal those of its calculate()", async () => {
  const measures = loadMeasures();
  const patients = handWorkedPatients();
  const period = parsePeriod('2026-01');
  const raw = await evaluate(measures, patients, period, { mode: 'raw' });
  const detailed = await evaluate(measures, patients, period, { mode: 'detailed' });
  const key = (r: PatientMeasureResult) => `${r.measure} ${r.patient}`;
  const sorted = (list: PatientMeasureResult[]) => [...list].sort((a, b) => key(a).localeCompare(key(b)));
  assert.equal(raw.length, 6 * patients.length);
  assert.deepEqual(sorted(raw), sorted(detailed));
});

test('the activity filter keeps a patient whose only event is a date without a time, or a time with an offset', () => {
  const period = parsePeriod('2026-10');
  const withOrder = (authoredOn: string) =>
    bundle(patient('x'), order('m', 'x', CODE.oxycodone5, authoredOn));
  assert.equal(activeIn(withOrder('2026-10-01'), period), true);
  assert.equal(activeIn(withOrder('2026-10-31T22:00:00-05:00'), period), true);
  assert.equal(activeIn(withOrder('2026-08-15'), period), false);
  assert.equal(activeIn(bundle(patient('x')), period), false);
});

test('every summary of the hand-worked population, and nothing else: [initial population, denominator, numerator]', () => {
  const expected: Record<string, [number, number, number]> = {
    'vte-prophylaxis Practitioner/doc-1': [2, 2, 2],
    'vte-prophylaxis Practitioner/nurse-1': [1, 1, 1],
    'vte-prophylaxis Practitioner/doc-2': [1, 1, 0],
    'vte-prophylaxis Location/ward-a': [2, 2, 2],
    'vte-prophylaxis Location/ward-b': [1, 1, 0],
    'vte-prophylaxis Group/peers-doctor': [3, 3, 2],
    'vte-prophylaxis Group/peers-nurse': [1, 1, 1],
    'naloxone-coprescribing Practitioner/doc-2': [1, 1, 1],
    'naloxone-coprescribing Practitioner/doc-1': [1, 1, 0],
    'naloxone-coprescribing Location/ward-a': [1, 1, 0],
    'naloxone-coprescribing Group/peers-doctor': [2, 2, 1],
    'hba1c-poor-control Practitioner/doc-2': [2, 2, 1],
    'hba1c-poor-control Location/ward-b': [2, 2, 1],
    'hba1c-poor-control Group/peers-doctor': [2, 2, 1],
    'nephrotoxin-aki Practitioner/doc-1': [1, 1, 1],
    'nephrotoxin-aki Location/ward-b': [1, 1, 1],
    'nephrotoxin-aki Group/peers-doctor': [1, 1, 1],
  };
  const actual = Object.fromEntries(
    out.reports
      .filter((r) => r.type === 'summary')
      .map((r) => {
        const measure = /\/Measure\/([^|]+)\|/.exec(r.measure ?? '')?.[1] ?? '';
        const subject = r.subject?.reference ?? '';
        return [`${measure} ${subject}`, summary(measure, subject).slice(0, 3)];
      }),
  );
  assert.deepEqual(actual, expected);
  assert.equal(out.reports.filter((r) => r.type === 'subject-list').length, Object.keys(expected).length);
});

test('a record the engine cannot evaluate costs that patient that measure only, and is named', async () => {
  const patients = handWorkedPatients();
  // p7's HbA1c in "percent": not a UCUM unit, so FHIRHelpers' ToQuantity throws for the whole chunk.
  const p7 = patients.find((b) => b.entry?.[0]?.resource?.id === 'p7');
  const lab = p7?.entry?.find((e) => e.resource?.resourceType === 'Observation')?.resource;
  assert.ok(lab?.resourceType === 'Observation');
  lab.valueQuantity = { value: 9.8, unit: 'percent' };
  const broken = await runBatch(population(patients), {
    period: parsePeriod('2026-01'),
    date: '2026-02-01T06:00:00Z',
    threads: 1,
  });
  assert.deepEqual(
    broken.failures.map((f) => [f.patient, f.measure, /Invalid UCUM unit: 'percent'/.test(f.message)]),
    [['Patient/p7', 'hba1c-poor-control', true]],
  );
  // Every other patient's results, and p7's for the other measures, are those of the clean run.
  const key = (r: PatientMeasureResult) => `${r.measure} ${r.patient}`;
  const expected = out.results
    .filter((r) => key(r) !== 'hba1c-poor-control p7')
    .map(key)
    .sort();
  assert.deepEqual(broken.results.map(key).sort(), expected);
  assert.ok(broken.results.some((r) => r.patient === 'p8' && r.measure === 'hba1c-poor-control'));
});

test('a condition resolved with no end date is not present (QICoreCommon prevalenceInterval); one with no status is', async () => {
  const withStatus = (code: string | undefined) => {
    const patients = handWorkedPatients().filter((b) => b.entry?.[0]?.resource?.id === 'p7');
    const diabetes = patients[0]?.entry?.find((e) => e.resource?.resourceType === 'Condition')?.resource;
    assert.ok(diabetes?.resourceType === 'Condition');
    if (code === undefined) delete diabetes.clinicalStatus;
    else
      diabetes.clinicalStatus = {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code }],
      };
    return patients;
  };
  const [hba1c] = loadMeasures(['hba1c-poor-control']);
  assert.ok(hba1c);
  const inPopulation = async (code: string | undefined) =>
    (await evaluate([hba1c], withStatus(code), parsePeriod('2026-01')))[0]?.populations['initial-population'];
  assert.deepEqual(
    await Promise.all(
      ['active', 'recurrence', 'resolved', 'inactive', 'remission', undefined].map(inPopulation),
    ),
    [true, true, false, false, false, true],
  );
});
