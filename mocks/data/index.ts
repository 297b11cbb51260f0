/**
 * Deterministic synthetic FHIR R4 data for the local EHR simulator and tests: one hospital, two wards
 * with rooms and beds, six clinicians, and forty inpatients tagged with the starter-rule scenarios
 * they exercise (DESIGN.md, "Rules").
 *
 * The same seed and `now` give byte-identical JSON; resource ids depend on neither `now` nor the seed,
 * and every clinical date is an offset from `now` (the generator reads no clock).
 *
 * @example
 * const data = generateDataset({ seed: 42, now: new Date('2026-01-15T08:00:00Z') });
 * data.patients.filter((p) => p.scenarios.includes('aki:trigger-48h'));
 */
import type { Location, Resource } from '@medplum/fhirtypes';
import { SYSTEM, coding } from './codes';
import { buildFacility } from './facility';
import type { Bed } from './facility';
import { backgroundPatients } from './background';
import { drawName } from './names';
import { buildPatient } from './patients';
import { Rng } from './random';
import { SCENARIO_PATIENTS } from './scenarios';
import type { PatientSpec, UnitId } from './spec';
import type { GenerateOptions, SyntheticDataset, SyntheticPatient, SyntheticPractitioner } from './types';

export type { SyntheticDataset, SyntheticPatient, SyntheticPractitioner, SyntheticUnit } from './types';

/** Used when no `now` is given: a fixed instant, never the clock. */
export const DEFAULT_NOW = '2026-01-15T08:00:00.000Z';
const DEFAULT_SEED = 42;

interface BedPlan {
  bed?: string;
  previousBed?: string;
}

/** Active beds first, in patient order, then the earlier beds of transfers from what is left free. */
function assignBeds(specs: PatientSpec[], beds: Record<string, Bed[]>): BedPlan[] {
  const free = new Map<string, string[]>(
    Object.entries(beds).map(([unit, list]) => [unit, list.map((b) => b.id)]),
  );
  const take = (unit: UnitId): string => {
    const bed = free.get(unit)?.shift();
    if (bed === undefined) throw new Error(`synthetic data: no free bed left on ${unit}`);
    return bed;
  };
  const plans: BedPlan[] = specs.map((s) => (s.encounter === 'bed' ? { bed: take(s.unit) } : {}));
  specs.forEach((s, i) => {
    const plan = plans[i];
    if (plan?.bed && s.previousUnit) plan.previousBed = take(s.previousUnit);
  });
  return plans;
}

function withBedStatus(location: Location, occupied: Set<string>): Location {
  if (location.physicalType?.coding?.[0]?.code !== 'bd' || location.id === undefined) return location;
  const status = occupied.has(location.id)
    ? coding(SYSTEM.bedStatus, 'O', 'Occupied')
    : coding(SYSTEM.bedStatus, 'U', 'Unoccupied');
  return { ...location, operationalStatus: status };
}

function careTeam(practitioners: SyntheticPractitioner[], unit: UnitId, index: number) {
  const onUnit = practitioners.filter((p) => p.unitId === unit);
  const physicians = onUnit.filter((p) => p.role === 'Physician');
  const nurses = onUnit.filter((p) => p.role === 'Nurse');
  const physician = physicians[index % Math.max(physicians.length, 1)];
  const nurse = nurses[index % Math.max(nurses.length, 1)];
  if (!physician || !nurse) throw new Error(`synthetic data: ${unit} needs a physician and a nurse`);
  return { physician, nurse };
}

/** Generates the whole dataset. See the module comment for the guarantees. */
export function generateDataset(options: GenerateOptions = {}): SyntheticDataset {
  const now = options.now ?? new Date(DEFAULT_NOW);
  if (Number.isNaN(now.getTime())) throw new RangeError('generateDataset: `now` is not a valid date');
  const rng = new Rng(options.seed ?? DEFAULT_SEED);
  const facility = buildFacility();
  const specs = [...SCENARIO_PATIENTS, ...backgroundPatients(rng)];
  const beds = assignBeds(specs, facility.beds);

  const taken = new Set<string>();
  const patientResources: Resource[] = [];
  const patients: SyntheticPatient[] = [];
  specs.forEach((spec, i) => {
    const { physician, nurse } = careTeam(facility.practitioners, spec.unit, i);
    const built = buildPatient(spec, {
      index: i + 1,
      now,
      rng,
      name: drawName(rng, spec.gender, taken),
      ...beds[i],
      physician,
      nurse,
    });
    patientResources.push(...built.resources);
    patients.push(built.summary);
  });

  const occupied = new Set(beds.map((b) => b.bed).filter((b): b is string => b !== undefined));
  return {
    now: now.toISOString(),
    resources: [
      facility.organization,
      ...facility.locations.map((l) => withBedStatus(l, occupied)),
      ...facility.practitionerResources,
      ...patientResources,
    ],
    units: facility.units,
    practitioners: facility.practitioners,
    patients,
  };
}
