/*
 * Small FHIR R4 factories for rule tests: a patient's record built resource by resource, coded the way
 * EHRs code it (RxNorm products, ICD-10-CM or SNOMED CT problems, LOINC labs), with dates relative to
 * NOW. Each call returns a fresh object: tests never share a mutable fixture.
 */
import type {
  Bundle,
  Condition,
  Dosage,
  Encounter,
  MedicationRequest,
  Observation,
  Patient,
  Procedure,
  Resource,
} from '@medplum/fhirtypes';
import { NOW } from './helpers';

export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const SNOMED = 'http://snomed.info/sct';
export const ICD10 = 'http://hl7.org/fhir/sid/icd-10-cm';
export const LOINC = 'http://loinc.org';
export const CPT = 'http://www.ama-assn.org/go/cpt';
export const ICD10PCS = 'http://www.cms.gov/Medicare/Coding/ICD10';
const UCUM = 'http://unitsofmeasure.org';
const HOUR = 3_600_000;
const PATIENT = 'test-patient';

export const hoursAgo = (h: number): string => new Date(NOW.getTime() - h * HOUR).toISOString();
export const daysAgo = (d: number): string => hoursAgo(d * 24);

let next = 0;
const id = (prefix: string) => `${prefix}-${++next}`;
const subject = { reference: `Patient/${PATIENT}` };

/** A patient of `age` whole years at NOW (born half a year earlier than the birthday that makes it so). */
export function patient(age: number, gender: 'male' | 'female' = 'female'): Patient {
  const born = new Date(NOW.getTime());
  born.setUTCFullYear(born.getUTCFullYear() - age);
  born.setUTCMonth(born.getUTCMonth() - 6);
  return { resourceType: 'Patient', id: PATIENT, gender, birthDate: born.toISOString().slice(0, 10) };
}

export function inpatientStay(days = 3, ward?: string): Encounter {
  return {
    resourceType: 'Encounter',
    id: 'stay',
    status: 'in-progress',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
    subject,
    period: { start: daysAgo(days) },
    ...(ward
      ? { location: [{ location: { reference: `Location/${ward}` }, status: 'active' as const }] }
      : {}),
  };
}

/** A finished encounter of a given type (hospice, palliative care) that ended `days` ago. */
export function pastEncounter(system: string, code: string, days: number, disposition?: string): Encounter {
  return {
    resourceType: 'Encounter',
    id: id('enc'),
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    type: [{ coding: [{ system, code }] }],
    subject,
    period: { start: daysAgo(days + 1), end: daysAgo(days) },
    ...(disposition
      ? { hospitalization: { dischargeDisposition: { coding: [{ system: SNOMED, code: disposition }] } } }
      : {}),
  };
}

export function condition(system: string, code: string, active = true, onsetDaysAgo = 100): Condition {
  return {
    resourceType: 'Condition',
    id: id('cond'),
    clinicalStatus: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
          code: active ? 'active' : 'resolved',
        },
      ],
    },
    code: { coding: [{ system, code }] },
    subject,
    onsetDateTime: daysAgo(onsetDaysAgo),
  };
}

/**
 * A procedure done `days` ago (performedDateTime), or under way since then (an open performedPeriod,
 * status in-progress), coded as the published sets code it (SNOMED CT, CPT, ICD-10-PCS).
 */
export function procedure(
  system: string,
  code: string,
  days: number,
  status: Procedure['status'] = 'completed',
): Procedure {
  return {
    resourceType: 'Procedure',
    id: id('proc'),
    status,
    code: { coding: [{ system, code }] },
    subject,
    ...(status === 'in-progress'
      ? { performedPeriod: { start: daysAgo(days) } }
      : { performedDateTime: daysAgo(days) }),
  };
}

/** A numeric result in a UCUM unit, `hours` ago. */
export function lab(loinc: string, value: number, unit: string, hours: number): Observation {
  return {
    resourceType: 'Observation',
    id: id('obs'),
    status: 'final',
    code: { coding: [{ system: LOINC, code: loinc }] },
    subject,
    effectiveDateTime: hoursAgo(hours),
    valueQuantity: { value, unit, system: UCUM, code: unit },
  };
}

export interface OrderSpec {
  /** RxNorm product code, and its RxNorm name (the display EHRs send). */
  code?: string;
  name?: string;
  /** Dose: a UCUM quantity, or a range ("1-2 tablets") with `high`. */
  dose?: number;
  high?: number;
  unit?: string;
  /** timing.repeat: `frequency` per `period` `periodUnit` (default once a day). */
  frequency?: number;
  period?: number;
  periodUnit?: 'h' | 'd' | 'wk';
  /** A route, or none; default oral. */
  route?: { system: string; code: string } | null;
  category?: 'inpatient' | 'outpatient' | 'community' | 'discharge';
  status?: 'active' | 'stopped' | 'completed';
  /** Give the dosage instruction as is (overrides dose, timing and route). */
  dosage?: Dosage[];
  encounter?: string;
}

export function order(spec: OrderSpec): MedicationRequest {
  const route = spec.route === undefined ? { system: SNOMED, code: '26643006' } : spec.route;
  const quantity = (value: number) => ({
    value,
    unit: spec.unit ?? 'mg',
    system: UCUM,
    code: spec.unit ?? 'mg',
  });
  const dose =
    spec.dose === undefined
      ? undefined
      : spec.high === undefined
        ? { doseQuantity: quantity(spec.dose) }
        : { doseRange: { low: quantity(spec.dose), high: quantity(spec.high) } };
  const dosage: Dosage[] = spec.dosage ?? [
    {
      timing: {
        repeat: {
          frequency: spec.frequency ?? 1,
          period: spec.period ?? 1,
          periodUnit: spec.periodUnit ?? 'd',
        },
      },
      ...(route ? { route: { coding: [route] } } : {}),
      ...(dose ? { doseAndRate: [dose] } : {}),
    },
  ];
  return {
    resourceType: 'MedicationRequest',
    id: id('mr'),
    status: spec.status ?? 'active',
    intent: 'order',
    ...(spec.category
      ? {
          category: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/medicationrequest-category',
                  code: spec.category,
                },
              ],
            },
          ],
        }
      : {}),
    medicationCodeableConcept: {
      coding: [
        {
          system: RXNORM,
          ...(spec.code ? { code: spec.code } : {}),
          ...(spec.name ? { display: spec.name } : {}),
        },
      ],
      ...(spec.name ? { text: spec.name } : {}),
    },
    subject,
    ...(spec.encounter ? { encounter: { reference: `Encounter/${spec.encounter}` } } : {}),
    authoredOn: daysAgo(2),
    dosageInstruction: dosage,
  };
}

export function record(...resources: Resource[]): Bundle {
  return { resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) };
}
