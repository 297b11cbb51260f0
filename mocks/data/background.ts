/*
 * Patients p-030 to p-040: background patients drawn from the seeded generator, and the edge cases the
 * simulator must show (no name, an encounter without a location, no encounter). Background patients are
 * kept clear of every starter rule: no opioid, nephrotoxin, diabetes or lipid panel, a stable creatinine,
 * and VTE prophylaxis when 50 or older or in the ICU. Three of them (p-031 to p-033) would get a prompt
 * but for a procedure on record, the exclusions the rules read from Procedure resources: dialysis (kidney
 * rule), a coronary stent (statin: known ASCVD) and palliative care (HbA1c). Their additions are made
 * after the draw, so the seeded values (and every name) stay what they were.
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

/** A drawn patient with more on record: tags, conditions and orders appended, the rest replaced. */
function plus(spec: PatientSpec, more: Partial<PatientSpec>): PatientSpec {
  return {
    ...spec,
    ...more,
    scenarios: [...spec.scenarios, ...(more.scenarios ?? [])],
    conditions: [...new Set([...spec.conditions, ...(more.conditions ?? [])])],
    meds: [...spec.meds, ...(more.meds ?? [])],
  };
}

/** The eleven non-scenario patients, in id order (p-030 to p-040). Consumes `rng` in a fixed order. */
export function backgroundPatients(rng: Rng): PatientSpec[] {
  const list: PatientSpec[] = [
    // p-030: moved from an ICU bed to the ward during this stay
    background(rng, 'unit-4b', { scenarios: ['edge:transferred'], previousUnit: 'unit-icu' }),
    // p-031: vancomycin and a creatinine rising between haemodialysis sessions (the last 2 days ago)
    plus(background(rng, 'unit-icu', { encounterClass: 'ACUTE' }), {
      scenarios: ['aki:miss-dialysis'],
      meds: [every('vancomycin', 1000, 'iv', 12)],
      labs: {
        creatinine: [
          { hoursAgo: 40, value: 3.1 },
          { hoursAgo: 4, value: 4.2 },
        ],
      },
      procedures: [{ procedure: 'hemodialysis', daysAgo: 2 }],
    }),
  ];
  // p-032: 64, smoker, treated hypertension, TC 250, HDL 36, no statin, and a coronary stent 2 years ago
  const p032 = background(rng, 'unit-4b');
  const treated = p032.meds.some((m) => m.drug === 'amlodipine' || m.drug === 'metoprolol');
  list.push(
    plus(p032, {
      scenarios: ['statin:miss-revascularised'],
      age: 64,
      conditions: ['hypertension'],
      meds: treated ? [] : [daily('amlodipine', 1, 'oral', 1, '{tbl}')],
      smoking: 'current',
      labs: {
        cholesterol: [{ hoursAgo: days(20), value: 250 }],
        hdl: [{ hoursAgo: days(20), value: 36 }],
      },
      procedures: [{ procedure: 'coronaryStent', daysAgo: 730 }],
    }),
  );
  // p-033: 67, type 2 diabetes with no HbA1c on record, under palliative care since 2 months ago
  list.push(
    plus(background(rng, 'unit-4b'), {
      scenarios: ['hba1c:miss-palliative-care'],
      age: 67,
      conditions: ['diabetes2'],
      meds: [daily('metformin', 2, 'oral', 2, '{tbl}')],
      procedures: [{ procedure: 'palliativeCare', daysAgo: 60 }],
    }),
  );
  for (let i = 0; i < 4; i++) list.push(background(rng, 'unit-4b'));
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
