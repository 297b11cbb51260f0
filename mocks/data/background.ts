/*
 * Patients p-030 to p-040: background patients drawn from the seeded generator, and the edge cases the
 * simulator must show (no name, an encounter without a location, no encounter). Background patients are
 * kept clear of every starter rule: no opioid, nephrotoxin, diabetes or lipid panel, a stable creatinine,
 * and VTE prophylaxis when 50 or older or in the ICU.
 */
import type { ConditionKey } from './codes';
import type { Rng } from './random';
import { daily, days, every } from './spec';
import type { MedSpec, PatientSpec, UnitId } from './spec';

const WARD_PROBLEMS: readonly [ConditionKey, ...ConditionKey[]] = [
  'cellulitis',
  'uti',
  'gastroenteritis',
  'abdominalPain',
  'copd',
];

function background(rng: Rng, unit: UnitId, extra: Partial<PatientSpec> = {}): PatientSpec {
  const icu = unit === 'unit-icu';
  const problem: ConditionKey = icu ? 'pneumonia' : rng.pick(WARD_PROBLEMS);
  const conditions: ConditionKey[] = [problem];
  const meds: MedSpec[] = [
    { ...every('acetaminophen', 2, 'oral', 6, '{tbl}'), prn: true },
    { ...every('ondansetron', 4, 'iv', 8), prn: true },
  ];
  if (problem === 'cellulitis' || problem === 'uti' || problem === 'pneumonia')
    meds.push(daily('ceftriaxone', 1000, 'iv'));
  const age = rng.int(icu ? 45 : 22, 88);
  if (age >= 55 && rng.next() < 0.4) {
    conditions.push('hypertension');
    meds.push(
      rng.next() < 0.5
        ? daily('amlodipine', 1, 'oral', 1, '{tbl}')
        : daily('metoprolol', 1, 'oral', 1, '{tbl}'),
    );
  }
  return {
    scenarios: [],
    encounter: 'bed',
    unit,
    age,
    gender: rng.next() < 0.5 ? 'female' : 'male',
    conditions,
    meds,
    ...extra,
  };
}

/** The eleven non-scenario patients, in id order (p-030 to p-040). Consumes `rng` in a fixed order. */
export function backgroundPatients(rng: Rng): PatientSpec[] {
  const list: PatientSpec[] = [
    // p-030: moved from an ICU bed to the ward during this stay
    background(rng, 'unit-4b', { scenarios: ['edge:transferred'], previousUnit: 'unit-icu' }),
    background(rng, 'unit-icu', { encounterClass: 'ACUTE' }),
  ];
  for (let i = 0; i < 6; i++) list.push(background(rng, 'unit-4b'));
  // p-038: a Patient without any name element
  list.push(background(rng, 'unit-4b', { scenarios: ['edge:no-name'], noName: true }));
  // p-039: an in-progress encounter with no Encounter.location: the unit can only come from the clinician
  list.push(
    background(rng, 'unit-icu', { scenarios: ['edge:encounter-no-location'], encounter: 'no-location' }),
  );
  // p-040: no encounter at all (seen in clinic); the HbA1c rule needs none, so it still fires
  list.push({
    scenarios: ['edge:no-encounter', 'hba1c:trigger-high'],
    encounter: 'none',
    unit: 'unit-4b',
    age: 70,
    gender: rng.next() < 0.5 ? 'female' : 'male',
    conditions: ['diabetes2', 'hypertension'],
    meds: [daily('metformin', 2, 'oral', 2, '{tbl}'), daily('amlodipine', 1, 'oral', 1, '{tbl}')],
    labs: { hba1c: [{ hoursAgo: days(20), value: 9.8 }] },
    vteProphylaxis: false,
  });
  return list;
}
