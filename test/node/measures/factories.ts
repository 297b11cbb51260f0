/*
 * Small factories for the measures tests: each returns a fresh FHIR resource, so no test shares a
 * mutable fixture. Codes are taken from the published value sets the measures pin.
 */
import type {
  Bundle,
  Condition,
  Encounter,
  Location,
  MedicationRequest,
  Observation,
  Patient,
  Practitioner,
  PractitionerRole,
  Resource,
  ServiceRequest,
} from '@medplum/fhirtypes';
import type { Directory, Population } from '../../../src/measures/input';

export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const SNOMED = 'http://snomed.info/sct';
export const LOINC = 'http://loinc.org';

/** Product codes from the published expansions (checked by the build test's value-set load). */
export const CODE = {
  enoxaparin40: '854235', // 0.4 ML enoxaparin sodium 100 MG/ML Prefilled Syringe (LMWH for VTE prophylaxis)
  oxycodone5: '1049621', // oxycodone hydrochloride 5 MG Oral Tablet (opioid analgesics; OMTK 5 mg, factor 1.5)
  naloxoneSpray: '1725059', // naloxone hydrochloride 40 MG/ML Nasal Spray (Opioid Antagonist)
  vancomycin: '1807513', // local nephrotoxin set
  atorvastatin20: '617310', // Moderate Intensity Statin Therapy
  cancer: '363346000', // Malignant neoplastic disease (Cancer)
  heartFailure: '84114007', // Heart failure
  diabetes: '44054006', // Diabetes mellitus type 2 (Diabetes)
  hba1c: '4548-4',
  creatinine: '2160-0',
  pegMean: '91147-9',
} as const;

export function patient(id: string, birthDate = '1950-03-01', gender: Patient['gender'] = 'female'): Patient {
  return { resourceType: 'Patient', id, birthDate, gender };
}

export interface Stay {
  location: string;
  start: string;
  end?: string;
}

export function encounter(
  id: string,
  patientId: string,
  start: string,
  options: { end?: string; clinicians?: string[]; stays?: Stay[]; status?: Encounter['status'] } = {},
): Encounter {
  return {
    resourceType: 'Encounter',
    id,
    status: options.status ?? (options.end ? 'finished' : 'in-progress'),
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
    subject: { reference: `Patient/${patientId}` },
    period: options.end ? { start, end: options.end } : { start },
    participant: (options.clinicians ?? []).map((c) => ({ individual: { reference: `Practitioner/${c}` } })),
    ...(options.stays
      ? {
          location: options.stays.map((s) => ({
            location: { reference: `Location/${s.location}` },
            status: s.end ? ('completed' as const) : ('active' as const),
            period: s.end ? { start: s.start, end: s.end } : { start: s.start },
          })),
        }
      : {}),
  };
}

export function condition(id: string, patientId: string, code: string, onset: string): Condition {
  return {
    resourceType: 'Condition',
    id,
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    code: { coding: [{ system: SNOMED, code }] },
    subject: { reference: `Patient/${patientId}` },
    onsetDateTime: onset,
  };
}

export function order(
  id: string,
  patientId: string,
  code: string,
  authoredOn: string,
  options: { requester?: string; encounter?: string; dose?: number; doseUnit?: string; perDay?: number } = {},
): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    id,
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: { coding: [{ system: RXNORM, code }] },
    subject: { reference: `Patient/${patientId}` },
    ...(options.encounter ? { encounter: { reference: `Encounter/${options.encounter}` } } : {}),
    authoredOn,
    ...(options.requester ? { requester: { reference: `Practitioner/${options.requester}` } } : {}),
    ...(options.dose
      ? {
          dosageInstruction: [
            {
              timing: { repeat: { frequency: options.perDay ?? 1, period: 1, periodUnit: 'd' as const } },
              doseAndRate: [
                {
                  doseQuantity: {
                    value: options.dose,
                    unit: options.doseUnit ?? '{tbl}',
                    system: 'http://unitsofmeasure.org',
                    code: options.doseUnit ?? '{tbl}',
                  },
                },
              ],
            },
          ],
        }
      : {}),
  };
}

export function serviceRequest(
  id: string,
  patientId: string,
  code: string,
  authoredOn: string,
): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    id,
    status: 'active',
    intent: 'order',
    code: { coding: [{ system: SNOMED, code }] },
    subject: { reference: `Patient/${patientId}` },
    authoredOn,
  };
}

export function lab(
  id: string,
  patientId: string,
  code: string,
  at: string,
  value: number,
  unit: string,
): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: LOINC, code }] },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: at,
    valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit },
  };
}

export function bundle(...resources: Resource[]): Bundle {
  return { resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) };
}

export function practitioner(id: string): Practitioner {
  return { resourceType: 'Practitioner', id, active: true };
}

export function role(id: string, practitionerId: string, code: string): PractitionerRole {
  return {
    resourceType: 'PractitionerRole',
    id,
    active: true,
    practitioner: { reference: `Practitioner/${practitionerId}` },
    code: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/practitioner-role', code }] }],
  };
}

/** A ward with one room and one bed: `<ward>`, `room-<ward>`, `bed-<ward>`. */
export function ward(id: string): Location[] {
  const type = (code: string) => ({
    coding: [{ system: 'http://terminology.hl7.org/CodeSystem/location-physical-type', code }],
  });
  return [
    { resourceType: 'Location', id, physicalType: type('wa') },
    {
      resourceType: 'Location',
      id: `room-${id}`,
      physicalType: type('ro'),
      partOf: { reference: `Location/${id}` },
    },
    {
      resourceType: 'Location',
      id: `bed-${id}`,
      physicalType: type('bd'),
      partOf: { reference: `Location/room-${id}` },
    },
  ];
}

/** Two wards (ward-a, ward-b), two doctors (doc-1, doc-2) and a nurse (nurse-1). */
export function directory(): Directory {
  return {
    practitioners: new Map(['doc-1', 'doc-2', 'nurse-1'].map((id) => [id, practitioner(id)])),
    roles: [
      role('r-doc-1', 'doc-1', 'doctor'),
      role('r-doc-2', 'doc-2', 'doctor'),
      role('r-nurse-1', 'nurse-1', 'nurse'),
    ],
    locations: new Map([...ward('ward-a'), ...ward('ward-b')].map((l) => [l.id ?? '', l])),
  };
}

export function population(patients: Bundle[], dir: Directory = directory()): Population {
  return { patients, directory: dir, problems: [], unread: new Map(), lines: 0, resources: 0 };
}
