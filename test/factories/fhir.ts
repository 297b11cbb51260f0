import type {
  Encounter,
  Location,
  Patient,
  Practitioner,
  PractitionerRole,
  Resource,
} from '@medplum/fhirtypes';

/** Small FHIR resource factories: each call returns a fresh object, overrides merged on top. */

export function patient(overrides: Partial<Patient> = {}): Patient {
  return {
    resourceType: 'Patient',
    id: 'p-1',
    name: [{ use: 'official', given: ['Ada'], family: 'Example' }],
    gender: 'female',
    birthDate: '1950-06-15',
    identifier: [{ type: { coding: [{ code: 'MR' }] }, value: 'MRN-001' }],
    ...overrides,
  };
}

export function ward(id: string, name = `Ward ${id}`, overrides: Partial<Location> = {}): Location {
  return location(id, 'wa', undefined, { name, ...overrides });
}

export function location(
  id: string,
  physicalType: 'wa' | 'ro' | 'bd',
  partOf?: string,
  overrides: Partial<Location> = {},
): Location {
  return {
    resourceType: 'Location',
    id,
    name: id,
    status: 'active',
    physicalType: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/location-physical-type', code: physicalType },
      ],
    },
    ...(partOf ? { partOf: { reference: `Location/${partOf}` } } : {}),
    ...overrides,
  };
}

export function encounter(overrides: Partial<Encounter> = {}): Encounter {
  return {
    resourceType: 'Encounter',
    id: 'enc-1',
    status: 'in-progress',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
    subject: { reference: 'Patient/p-1' },
    period: { start: '2026-01-10T08:00:00Z' },
    location: [{ location: { reference: 'Location/bed-1' }, status: 'active' }],
    ...overrides,
  };
}

export function practitioner(overrides: Partial<Practitioner> = {}): Practitioner {
  return {
    resourceType: 'Practitioner',
    id: 'pr-1',
    name: [{ given: ['Grace'], family: 'Hopper', prefix: ['Dr'] }],
    ...overrides,
  };
}

export function practitionerRole(overrides: Partial<PractitionerRole> = {}): PractitionerRole {
  return {
    resourceType: 'PractitionerRole',
    id: 'prrole-1',
    active: true,
    practitioner: { reference: 'Practitioner/pr-1' },
    location: [{ reference: 'Location/ward-b' }],
    code: [{ text: 'Physician' }],
    ...overrides,
  };
}

/** A hospital: ward-a > room-1 > bed-1, and ward-b for the clinician's role. */
export function hospital(): Resource[] {
  return [
    ward('ward-a', 'Medical Ward 4B'),
    location('room-1', 'ro', 'ward-a'),
    location('bed-1', 'bd', 'room-1'),
    ward('ward-b', 'Intensive Care Unit'),
    patient(),
    encounter(),
    practitioner(),
    practitionerRole(),
  ];
}
