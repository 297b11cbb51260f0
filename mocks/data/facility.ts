/*
 * The hospital: one Organization, two wards (a medical ward and an ICU) with rooms and beds, and six
 * clinicians with PractitionerRoles on those wards. None of it is random, so ids never move.
 */
import type { Location, Organization, Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import { reference } from './refs';
import { SYSTEM, coding, concept } from './codes';
import type { SyntheticPractitioner, SyntheticUnit } from './types';

export const ORGANIZATION_ID = 'org-001';

interface UnitPlan extends SyntheticUnit {
  /** Short label used in room and bed ids and names. */
  label: string;
  roleCode: { code: string; display: string };
  rooms: number;
  bedsPerRoom: number;
}

const UNIT_PLANS: UnitPlan[] = [
  {
    id: 'unit-4b',
    name: 'Medical Ward 4B',
    kind: 'medical-ward',
    label: '4b',
    roleCode: { code: 'HU', display: 'Hospital unit' },
    rooms: 14,
    bedsPerRoom: 2,
  },
  {
    id: 'unit-icu',
    name: 'Intensive Care Unit',
    kind: 'icu',
    label: 'icu',
    roleCode: { code: 'ICU', display: 'Intensive care unit' },
    rooms: 12,
    bedsPerRoom: 1,
  },
];

type RoleName = 'Physician' | 'Nurse' | 'Pharmacist';

const ROLE_CODES: Record<RoleName, { hl7: string; snomed: string; display: string }> = {
  Physician: { hl7: 'doctor', snomed: '309343006', display: 'Physician' },
  Nurse: { hl7: 'nurse', snomed: '224535009', display: 'Registered nurse' },
  Pharmacist: { hl7: 'pharmacist', snomed: '46255001', display: 'Pharmacist' },
};

const STAFF: { given: string; family: string; role: RoleName; unitId: string }[] = [
  { given: 'Amara', family: 'Castellanos', role: 'Physician', unitId: 'unit-4b' },
  { given: 'Tobias', family: 'Nakamura-Reyes', role: 'Nurse', unitId: 'unit-4b' },
  { given: 'Lena', family: 'Oyelaran', role: 'Nurse', unitId: 'unit-4b' },
  { given: 'Pieter', family: 'Valdivia', role: 'Pharmacist', unitId: 'unit-4b' },
  { given: 'Ines', family: 'Halvorsen', role: 'Physician', unitId: 'unit-icu' },
  { given: 'Kwame', family: 'Lindqvist', role: 'Nurse', unitId: 'unit-icu' },
];

export interface Bed {
  id: string;
  unitId: string;
}

export interface Facility {
  organization: Organization;
  locations: Location[];
  units: SyntheticUnit[];
  /** Beds of each unit, in id order. */
  beds: Record<string, Bed[]>;
  practitioners: SyntheticPractitioner[];
  practitionerResources: (Practitioner | PractitionerRole)[];
}

const pad = (n: number): string => String(n).padStart(2, '0');

function physicalType(code: 'wa' | 'ro' | 'bd', display: string) {
  return { coding: [coding(SYSTEM.physicalType, code, display)] };
}

function unitLocations(plan: UnitPlan): { locations: Location[]; beds: Bed[] } {
  const ward: Location = {
    resourceType: 'Location',
    id: plan.id,
    status: 'active',
    name: plan.name,
    mode: 'instance',
    type: [concept(SYSTEM.roleCode, plan.roleCode.code, plan.roleCode.display)],
    physicalType: physicalType('wa', 'Ward'),
    managingOrganization: reference<Organization>('Organization', ORGANIZATION_ID),
  };
  const locations: Location[] = [ward];
  const beds: Bed[] = [];
  const upper = plan.label.toUpperCase();
  for (let r = 1; r <= plan.rooms; r++) {
    const roomId = `room-${plan.label}-${pad(r)}`;
    locations.push({
      resourceType: 'Location',
      id: roomId,
      status: 'active',
      name: `Room ${upper}-${pad(r)}`,
      mode: 'instance',
      physicalType: physicalType('ro', 'Room'),
      partOf: reference<Location>('Location', plan.id, plan.name),
      managingOrganization: reference<Organization>('Organization', ORGANIZATION_ID),
    });
    for (let b = 0; b < plan.bedsPerRoom; b++) {
      const letter = String.fromCharCode(97 + b);
      const bedId = `bed-${plan.label}-${pad(r)}${letter}`;
      beds.push({ id: bedId, unitId: plan.id });
      locations.push({
        resourceType: 'Location',
        id: bedId,
        status: 'active',
        name: `Bed ${upper}-${pad(r)}${letter.toUpperCase()}`,
        mode: 'instance',
        physicalType: physicalType('bd', 'Bed'),
        partOf: reference<Location>('Location', roomId, `Room ${upper}-${pad(r)}`),
        managingOrganization: reference<Organization>('Organization', ORGANIZATION_ID),
      });
    }
  }
  return { locations, beds };
}

function staff(): { list: SyntheticPractitioner[]; resources: (Practitioner | PractitionerRole)[] } {
  const list: SyntheticPractitioner[] = [];
  const resources: (Practitioner | PractitionerRole)[] = [];
  STAFF.forEach((s, i) => {
    const n = String(i + 1).padStart(3, '0');
    const id = `pr-${n}`;
    const roleId = `prrole-${n}`;
    const name = `${s.given} ${s.family}`;
    const codes = ROLE_CODES[s.role];
    const unitName = UNIT_PLANS.find((u) => u.id === s.unitId)?.name ?? s.unitId;
    resources.push({
      resourceType: 'Practitioner',
      id,
      active: true,
      identifier: [{ system: SYSTEM.staffId, value: `STAFF-${n}` }],
      name: [
        {
          use: 'official',
          family: s.family,
          given: [s.given],
          ...(s.role === 'Physician' ? { prefix: ['Dr'] } : {}),
        },
      ],
    });
    resources.push({
      resourceType: 'PractitionerRole',
      id: roleId,
      active: true,
      practitioner: reference<Practitioner>('Practitioner', id, name),
      organization: reference<Organization>('Organization', ORGANIZATION_ID),
      code: [
        {
          coding: [
            coding(SYSTEM.practitionerRole, codes.hl7),
            coding(SYSTEM.snomed, codes.snomed, codes.display),
          ],
          text: s.role,
        },
      ],
      location: [reference<Location>('Location', s.unitId, unitName)],
    });
    list.push({ id, name, role: s.role, practitionerRoleId: roleId, unitId: s.unitId });
  });
  return { list, resources };
}

/** Builds the whole facility. Deterministic and independent of seed and `now`. */
export function buildFacility(): Facility {
  const organization: Organization = {
    resourceType: 'Organization',
    id: ORGANIZATION_ID,
    active: true,
    name: 'Riverbend General Hospital (synthetic)',
    type: [concept('http://terminology.hl7.org/CodeSystem/organization-type', 'prov', 'Healthcare Provider')],
  };
  const locations: Location[] = [];
  const beds: Record<string, Bed[]> = {};
  for (const plan of UNIT_PLANS) {
    const built = unitLocations(plan);
    locations.push(...built.locations);
    beds[plan.id] = built.beds;
  }
  const units = UNIT_PLANS.map(({ id, name, kind }) => ({ id, name, kind }));
  const { list, resources } = staff();
  return { organization, locations, units, beds, practitioners: list, practitionerResources: resources };
}
