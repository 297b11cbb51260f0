import type { Resource } from '@medplum/fhirtypes';

/** A ward: a Location with physicalType `wa`. */
export interface SyntheticUnit {
  id: string;
  name: string;
  kind: 'medical-ward' | 'icu';
}

/** A clinician and the PractitionerRole that places them on a unit. */
export interface SyntheticPractitioner {
  id: string;
  name: string;
  /** 'Physician' | 'Nurse' | 'Pharmacist' */
  role: string;
  practitionerRoleId: string;
  unitId: string;
}

/** A patient, with the scenario tags saying which starter rule it should trigger or just miss. */
export interface SyntheticPatient {
  id: string;
  /** Display name, e.g. 'Ada Example', or '(no name)' when the Patient has no name element. */
  name: string;
  /** Undefined when the patient has no in-progress encounter. */
  encounterId?: string;
  /** The ward of the encounter's active bed; undefined when there is no encounter or it has no location. */
  unitId?: string;
  /** Tags such as `vte:trigger` or `aki:miss-0.2`; empty for background patients. */
  scenarios: string[];
}

export interface SyntheticDataset {
  /** The instant every clinical date was computed from (RFC 3339 UTC). */
  now: string;
  resources: Resource[];
  units: SyntheticUnit[];
  practitioners: SyntheticPractitioner[];
  patients: SyntheticPatient[];
}

export interface GenerateOptions {
  /** Seed of the pseudo-random generator for names and background values; default 42. */
  seed?: number;
  /** The instant dates are relative to; default 2026-01-15T08:00:00Z (the generator reads no clock). */
  now?: Date;
}
