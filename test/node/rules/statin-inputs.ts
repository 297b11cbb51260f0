/* A 60-year-old male smoker with hypertension, TC 240, HDL 38, systolic 150: about 30% at 10 years. */
import type { Observation, Resource } from '@medplum/fhirtypes';
import { ICD10, LOINC, SNOMED, condition, daysAgo, lab, patient } from './factories';

export function inputs(): Resource[] {
  const smoker: Observation = {
    resourceType: 'Observation',
    id: 'smoking',
    status: 'final',
    code: { coding: [{ system: LOINC, code: '72166-2' }] },
    subject: { reference: 'Patient/test-patient' },
    effectiveDateTime: daysAgo(20),
    valueCodeableConcept: { coding: [{ system: SNOMED, code: '449868002' }] },
  };
  return [
    patient(60, 'male'),
    condition(ICD10, 'I10'),
    smoker,
    lab('2093-3', 240, 'mg/dL', 24 * 20),
    lab('2085-9', 38, 'mg/dL', 24 * 20),
    lab('8480-6', 150, 'mm[Hg]', 24 * 20),
  ];
}
