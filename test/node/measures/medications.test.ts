/*
 * Orders as EHRs send them: pointing at a Medication resource (a formulary entry, listed apart in a Bulk
 * export, or contained in the order) instead of carrying a code, and branded products (SBD) where the
 * published sets list the generics (SCD) only.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Medication, MedicationRequest, Resource } from '@medplum/fhirtypes';
import { evaluate, loadMeasures } from '../../../src/measures/engine';
import type { LoadedMeasure } from '../../../src/measures/engine';
import { readPopulation } from '../../../src/measures/input';
import type { PopulationSource } from '../../../src/measures/input';
import { parsePeriod } from '../../../src/measures/period';
import { measureValueSets } from '../../../src/measures/terminology';
import { CODE, RXNORM, condition, encounter, order, patient } from './factories';

const period = parsePeriod('2026-01');
const NARCAN = '1725064'; // naloxone hydrochloride 40 MG/ML Nasal Spray [Narcan]
const ELIQUIS = '1364447'; // apixaban 5 MG Oral Tablet [Eliquis]
const OPIOID_ANTAGONIST = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.196.12.1510';

let measures: LoadedMeasure[];
before(() => {
  measures = loadMeasures(['vte-prophylaxis', 'naloxone-coprescribing']);
});

const medication = (id: string, code: string): Medication => ({
  resourceType: 'Medication',
  id,
  code: { coding: [{ system: RXNORM, code }] },
});

/** An order with its code replaced by a reference. */
const pointing = (o: MedicationRequest, reference: string, contained?: Medication): MedicationRequest => {
  const rest: MedicationRequest = { ...o, medicationReference: { reference } };
  delete rest.medicationCodeableConcept;
  return contained ? { ...rest, contained: [contained] } : rest;
};

/** A medical inpatient at VTE risk (cancer + heart failure, age 75), admitted 3 Jan, and their orders. */
function atRisk(id: string, ...orders: MedicationRequest[]): Resource[] {
  return [
    patient(id),
    encounter(`e-${id}`, id, '2026-01-03T10:00:00Z', { end: '2026-01-09T10:00:00Z', clinicians: ['doc-1'] }),
    condition(`c1-${id}`, id, CODE.cancer, '2025-06-01'),
    condition(`c2-${id}`, id, CODE.heartFailure, '2024-06-01'),
    ...orders,
  ];
}

/** An opioid start at 60 MME/day on 12 Jan, and the given naloxone order. */
function onOpioids(id: string, naloxone: MedicationRequest): Resource[] {
  return [
    patient(id, '1970-01-01', 'male'),
    order(`oxy-${id}`, id, CODE.oxycodone5, '2026-01-12T09:00:00Z', {
      requester: 'doc-2',
      dose: 2,
      perDay: 4,
    }),
    naloxone,
  ];
}

async function* source(resources: Resource[]): PopulationSource {
  let line = 0;
  for (const resource of resources) yield { resource, file: 'export.ndjson', line: ++line };
}

async function numerators(resources: Resource[], measure: string) {
  const population = await readPopulation(source(resources));
  const results = await evaluate(measures, population.patients, period);
  const inNumerator = results
    .filter((r) => r.measure === measure && r.populations.numerator)
    .map((r) => r.patient)
    .sort();
  const inDenominator = results
    .filter((r) => r.measure === measure && r.populations.denominator)
    .map((r) => r.patient)
    .sort();
  return { inNumerator, inDenominator, problems: population.problems };
}

test('an order that points at a Medication resource counts by that Medication code, in the export or contained', async () => {
  const enoxaparin = (id: string) =>
    order(`m-${id}`, id, CODE.enoxaparin40, '2026-01-03T18:00:00Z', { requester: 'doc-1' });
  const out = await numerators(
    [
      medication('enox-40', CODE.enoxaparin40),
      ...atRisk('coded', enoxaparin('coded')),
      ...atRisk('referenced', pointing(enoxaparin('referenced'), 'Medication/enox-40')),
      ...atRisk(
        'absolute',
        pointing(enoxaparin('absolute'), 'https://ehr.example.org/fhir/r4/Medication/enox-40'),
      ),
      ...atRisk('contained', pointing(enoxaparin('contained'), '#med', medication('med', CODE.enoxaparin40))),
      ...atRisk('dangling', pointing(enoxaparin('dangling'), 'Medication/not-exported')),
    ],
    'vte-prophylaxis',
  );
  assert.deepEqual(out.inDenominator, ['absolute', 'coded', 'contained', 'dangling', 'referenced']);
  // An order whose Medication the export lacks has no code to match: not counted, and said so.
  assert.deepEqual(out.inNumerator, ['absolute', 'coded', 'contained', 'referenced']);
  assert.deepEqual(
    out.problems.map((p) => `${p.file}:${p.line}: ${p.message}`),
    [
      'export.ndjson:26: MedicationRequest/m-dangling points at Medication/not-exported, which is not in the export (its code cannot be read)',
    ],
  );
});

test('branded products count as their generic: Narcan as naloxone, Eliquis as an anticoagulant', async () => {
  // The published Opioid Antagonist expansion lists the generic products only.
  const [published] = measureValueSets([OPIOID_ANTAGONIST]);
  assert.ok(!published?.expansion?.contains?.some((c) => c.code === NARCAN));
  const vte = await numerators(
    [
      ...atRisk('eliquis', order('m-eliquis', 'eliquis', ELIQUIS, '2026-01-03T18:00:00Z')),
      ...atRisk('none'),
      ...atRisk(
        'eliquis-formulary',
        pointing(order('m-ef', 'eliquis-formulary', ELIQUIS, '2026-01-03T18:00:00Z'), 'Medication/eliquis-5'),
      ),
      medication('eliquis-5', ELIQUIS),
    ],
    'vte-prophylaxis',
  );
  assert.deepEqual(vte.inNumerator, ['eliquis', 'eliquis-formulary']);
  assert.deepEqual(vte.inDenominator, ['eliquis', 'eliquis-formulary', 'none']);
  const naloxone = await numerators(
    [
      ...onOpioids('narcan', order('n-narcan', 'narcan', NARCAN, '2026-01-12T09:05:00Z')),
      ...onOpioids('generic', order('n-generic', 'generic', CODE.naloxoneSpray, '2026-01-12T09:05:00Z')),
      // A statin is no opioid antagonist, branded or not.
      ...onOpioids('lipitor', order('n-lipitor', 'lipitor', '617320', '2026-01-12T09:05:00Z')),
    ],
    'naloxone-coprescribing',
  );
  assert.deepEqual(naloxone.inDenominator, ['generic', 'lipitor', 'narcan']);
  assert.deepEqual(naloxone.inNumerator, ['generic', 'narcan']);
});
