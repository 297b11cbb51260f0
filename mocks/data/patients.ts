/*
 * Turns one PatientSpec into its FHIR resources: Patient, Encounter, vitals, labs, Conditions,
 * Procedures and MedicationRequests. Scenario values come from the spec; the rest (names, vitals,
 * normal labs) from the seeded generator, always consumed in the same order.
 */
import type {
  Encounter,
  EncounterLocation,
  Location,
  Organization,
  Patient,
  Practitioner,
  Reference,
  Resource,
} from '@medplum/fhirtypes';
import { reference } from './refs';
import { SYSTEM, coding } from './codes';
import type { ConditionKey } from './codes';
import { ORGANIZATION_ID } from './facility';
import type { PersonName } from './names';
import type { Rng } from './random';
import {
  bloodPressure,
  condition,
  lab,
  medicationRequest,
  procedure,
  smokingStatus,
  vital,
} from './resources';
import type { Subject } from './resources';
import { ENOXAPARIN_PROPHYLAXIS, HEPARIN_PROPHYLAXIS, days } from './spec';
import type { LabKey, LabPoint, MedSpec, PatientSpec } from './spec';
import { birthDateForAge, hoursBefore } from './time';
import type { SyntheticPatient, SyntheticPractitioner } from './types';

export interface PatientContext {
  /** 1-based position: p-001 is 1. */
  index: number;
  now: Date;
  rng: Rng;
  name: PersonName;
  /** The active bed and, for a transfer, the earlier one. */
  bed?: string;
  previousBed?: string;
  physician: SyntheticPractitioner;
  nurse: SyntheticPractitioner;
}

const ENCOUNTER_CLASS = {
  IMP: 'inpatient encounter',
  ACUTE: 'inpatient acute',
} as const;

/** How long before admission each chronic condition was first recorded (acute ones: at admission). */
const CHRONIC_ONSET_DAYS: Partial<Record<ConditionKey, number>> = {
  diabetes2: 2190,
  hypertension: 1460,
  cancer: 240,
  heartFailure: 900,
  chronicPain: 1100,
  anxiety: 700,
  copd: 2500,
};

/** Hours before now of the last bed move, for transferred patients. */
const TRANSFER_HOURS_AGO = 36;

const practitionerRef = (p: SyntheticPractitioner): Reference<Practitioner> =>
  reference<Practitioner>('Practitioner', p.id, p.name);

function patientResource(id: string, spec: PatientSpec, ctx: PatientContext): Patient {
  const n = String(ctx.index).padStart(3, '0');
  return {
    resourceType: 'Patient',
    id,
    active: true,
    identifier: [
      {
        use: 'usual',
        type: { coding: [coding(SYSTEM.identifierType, 'MR', 'Medical record number')] },
        system: SYSTEM.mrn,
        value: `MRN-100${n}`,
      },
    ],
    ...(spec.noName
      ? {}
      : { name: [{ use: 'official' as const, family: ctx.name.family, given: [ctx.name.given] }] }),
    gender: spec.gender,
    birthDate: birthDateForAge(ctx.now, spec.age, ((ctx.index * 37) % 350) + 5),
    managingOrganization: reference<Organization>('Organization', ORGANIZATION_ID),
  };
}

function encounterResource(
  id: string,
  patient: Reference<Patient>,
  spec: PatientSpec,
  ctx: PatientContext,
  start: string,
): Encounter {
  const cls = spec.encounterClass ?? 'IMP';
  const locations: EncounterLocation[] = [];
  if (spec.encounter === 'bed' && ctx.bed) {
    const moved = hoursBefore(ctx.now, TRANSFER_HOURS_AGO);
    if (ctx.previousBed) {
      locations.push({
        location: reference<Location>('Location', ctx.previousBed),
        status: 'completed',
        period: { start, end: moved },
      });
    }
    locations.push({
      location: reference<Location>('Location', ctx.bed),
      status: 'active',
      period: { start: ctx.previousBed ? moved : start },
    });
  }
  const participant = (code: 'ATND' | 'PART', display: string, who: SyntheticPractitioner) => ({
    type: [{ coding: [coding(SYSTEM.participationType, code, display)] }],
    individual: practitionerRef(who),
  });
  return {
    resourceType: 'Encounter',
    id,
    status: 'in-progress',
    class: coding(SYSTEM.actCode, cls, ENCOUNTER_CLASS[cls]),
    subject: patient,
    participant: [
      participant('ATND', 'attender', ctx.physician),
      participant('PART', 'Participation', ctx.nurse),
    ],
    period: { start },
    ...(locations.length ? { location: locations } : {}),
    serviceProvider: reference<Organization>('Organization', ORGANIZATION_ID),
  };
}

/** Labs as specified, plus a normal platelet count and a stable creatinine when the spec gives none. */
function labPoints(spec: PatientSpec, rng: Rng, clinic: boolean): [LabKey, LabPoint[]][] {
  const given = spec.labs ?? {};
  const platelets = given.platelets ?? [{ hoursAgo: clinic ? days(20) : 30, value: rng.int(160, 360) }];
  const base = rng.int(6, 11) / 10;
  const later = Math.round((base + rng.int(-1, 1) / 10) * 10) / 10;
  const creatinine =
    given.creatinine ??
    (given.creatinineMolar
      ? []
      : [
          { hoursAgo: clinic ? days(21) : 50, value: base },
          { hoursAgo: clinic ? days(20) : 8, value: later },
        ]);
  const keys: [LabKey, LabPoint[]][] = [
    ['platelets', platelets],
    ['creatinine', creatinine],
    ['creatinineMolar', given.creatinineMolar ?? []],
    ['hba1c', given.hba1c ?? []],
    ['cholesterol', given.cholesterol ?? []],
    ['hdl', given.hdl ?? []],
  ];
  return keys;
}

function medications(spec: PatientSpec): MedSpec[] {
  const icu = spec.unit === 'unit-icu';
  const prophylaxis = spec.vteProphylaxis ?? (spec.encounter !== 'none' && (icu || spec.age >= 50));
  return prophylaxis ? [...spec.meds, icu ? HEPARIN_PROPHYLAXIS : ENOXAPARIN_PROPHYLAXIS] : spec.meds;
}

/** All resources of one patient, and its summary for the simulator. */
export function buildPatient(
  spec: PatientSpec,
  ctx: PatientContext,
): { resources: Resource[]; summary: SyntheticPatient } {
  const { now, rng } = ctx;
  const id = `p-${String(ctx.index).padStart(3, '0')}`;
  const display = spec.noName ? '(no name)' : `${ctx.name.given} ${ctx.name.family}`;
  const patientRef = reference<Patient>('Patient', id, spec.noName ? undefined : display);
  const admittedDays = spec.admittedDaysAgo ?? rng.int(2, 6);
  // Drawn above even when the spec sets the hours, so every later patient's data stays as it was.
  const admittedHours = spec.admittedHoursAgo ?? admittedDays * 24 + 5;
  const hasEncounter = spec.encounter !== 'none';
  const start = hoursBefore(now, admittedHours);
  const encounterId = hasEncounter ? `enc-${id}` : undefined;
  const subject: Subject = encounterId
    ? { patient: patientRef, encounter: { reference: reference<Encounter>('Encounter', encounterId), start } }
    : { patient: patientRef };

  const resources: Resource[] = [patientResource(id, spec, ctx)];
  if (encounterId) resources.push(encounterResource(encounterId, patientRef, spec, ctx, start));

  // The first vitals 26 hours ago, or just after admission when the stay is younger than that.
  const vitalTimes = hasEncounter ? [Math.min(26, admittedHours - 1), 2] : [days(20)];
  const weight = spec.weight ?? rng.int(520, 1040) / 10;
  vitalTimes.forEach((h, i) => {
    const at = hoursBefore(now, h);
    resources.push(
      vital(`obs-${id}-hr-${i + 1}`, 'heartRate', subject, at, rng.int(64, 96)),
      bloodPressure(
        `obs-${id}-bp-${i + 1}`,
        subject,
        at,
        spec.systolic ?? rng.int(108, 136),
        rng.int(62, 84),
      ),
      vital(`obs-${id}-weight-${i + 1}`, 'weight', subject, at, weight),
    );
  });

  for (const [key, points] of labPoints(spec, rng, !hasEncounter)) {
    points.forEach((p, i) => {
      const at = hoursBefore(now, p.hoursAgo);
      const issued = hoursBefore(now, p.hoursAgo - 1);
      const code = p.code ?? key;
      resources.push(lab(`obs-${id}-${key.toLowerCase()}-${i + 1}`, code, subject, at, p.value, issued));
    });
  }
  if (spec.smoking)
    resources.push(smokingStatus(`obs-${id}-smoking-1`, subject, hoursBefore(now, days(20)), spec.smoking));

  spec.conditions.forEach((key, i) => {
    const onset = hoursBefore(now, admittedHours - 1 + (CHRONIC_ONSET_DAYS[key] ?? 0) * 24);
    resources.push(condition(`cond-${id}-${i + 1}`, key, subject, onset));
  });

  (spec.procedures ?? []).forEach((p, i) => {
    resources.push(procedure(`proc-${id}-${i + 1}`, p, subject, hoursBefore(now, days(p.daysAgo))));
  });

  const authored = hasEncounter ? hoursBefore(now, admittedHours - 2) : hoursBefore(now, days(20));
  // Orders of a stay are inpatient orders unless the spec says otherwise (home medications, discharge
  // prescriptions); a patient seen without a stay gets outpatient orders.
  const defaultCategory = hasEncounter ? 'inpatient' : 'outpatient';
  medications(spec).forEach((m, i) => {
    resources.push(
      medicationRequest(
        `medrx-${id}-${i + 1}`,
        m,
        subject,
        authored,
        practitionerRef(ctx.physician),
        m.category ?? defaultCategory,
      ),
    );
  });

  const summary: SyntheticPatient = { id, name: display, scenarios: [...spec.scenarios] };
  if (encounterId) summary.encounterId = encounterId;
  if (spec.encounter === 'bed') summary.unitId = spec.unit;
  return { resources, summary };
}
