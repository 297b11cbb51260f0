/*
 * Scenario patients p-001 to p-012: VTE prophylaxis (Padua score 4 or more: active cancer 3, age 70+ 1,
 * heart failure 1, acute infection 1) and the opioid rules. The opioid and benzodiazepine orders are
 * home medications (category community), which the CDC 2022 guideline covers; MME/day uses the OMTK
 * product strengths and the CDC 2022 conversion factors (oral morphine 1, oral oxycodone 1.5).
 */
import { ENOXAPARIN_PROPHYLAXIS, HEPARIN_PROPHYLAXIS, daily, every } from './spec';
import type { MedSpec, PatientSpec } from './spec';

/** Naloxone 4 mg nasal spray (one spray), as needed, repeated every 3 minutes. */
const naloxoneSpray: MedSpec = {
  drug: 'naloxoneSpray',
  dose: 1,
  unit: '{spray}',
  route: 'nasal',
  frequency: 1,
  period: 3,
  periodUnit: 'min',
  prn: true,
  category: 'community',
};

/** A home medication (MedicationRequest.category community). */
const home = (m: MedSpec): MedSpec => ({ ...m, category: 'community' });

export const VTE_OPIOID_PATIENTS: PatientSpec[] = [
  // VTE prophylaxis
  {
    // p-001: cancer (3) + age 74 (1) + pneumonia (1), no anticoagulant, platelets normal
    scenarios: ['vte:trigger'],
    encounter: 'bed',
    unit: 'unit-4b',
    // Admitted this morning: prophylaxis accepted and signed in the simulator meets the VTE measure
    // (ordered within 24 hours of admission), so the loop can be seen to move a clinician's numbers.
    admittedHoursAgo: 6,
    age: 74,
    gender: 'female',
    conditions: ['cancer', 'pneumonia'],
    meds: [daily('ceftriaxone', 1000, 'iv')],
    vteProphylaxis: false,
    labs: { platelets: [{ hoursAgo: 5, value: 231 }] },
  },
  {
    // p-002: sepsis + heart failure + cancer in the ICU, age 68, no anticoagulant
    scenarios: ['vte:trigger'],
    encounter: 'bed',
    unit: 'unit-icu',
    encounterClass: 'ACUTE',
    age: 68,
    gender: 'male',
    conditions: ['sepsis', 'heartFailure', 'cancer'],
    meds: [daily('ceftriaxone', 2000, 'iv')],
    vteProphylaxis: false,
    labs: { platelets: [{ hoursAgo: 20, value: 182 }] },
  },
  {
    // p-003: same risk as p-001, already on enoxaparin
    scenarios: ['vte:miss-anticoagulated'],
    encounter: 'bed',
    unit: 'unit-4b',
    age: 72,
    gender: 'female',
    conditions: ['cancer', 'pneumonia'],
    meds: [ENOXAPARIN_PROPHYLAXIS, daily('ceftriaxone', 1000, 'iv')],
    vteProphylaxis: false,
    labs: { platelets: [{ hoursAgo: 28, value: 214 }] },
  },
  {
    // p-004: same risk as p-002, already on subcutaneous heparin
    scenarios: ['vte:miss-anticoagulated'],
    encounter: 'bed',
    unit: 'unit-icu',
    age: 70,
    gender: 'male',
    conditions: ['sepsis', 'heartFailure', 'cancer'],
    meds: [HEPARIN_PROPHYLAXIS, daily('ceftriaxone', 2000, 'iv')],
    vteProphylaxis: false,
    labs: { platelets: [{ hoursAgo: 22, value: 176 }] },
  },
  {
    // p-005: at risk, no anticoagulant, but platelets 42 x10^3/uL (< 50: prophylaxis contraindicated)
    scenarios: ['vte:miss-low-platelets'],
    encounter: 'bed',
    unit: 'unit-4b',
    age: 71,
    gender: 'male',
    conditions: ['cancer', 'pneumonia', 'thrombocytopenia'],
    meds: [daily('ceftriaxone', 1000, 'iv')],
    vteProphylaxis: false,
    labs: {
      platelets: [
        { hoursAgo: 30, value: 58 },
        { hoursAgo: 6, value: 42 },
      ],
    },
  },
  // Opioids: MME, naloxone, benzodiazepines
  {
    // p-006: oxycodone 10 mg tablet, 1 every 6 hours = 40 mg/day x 1.5 = 60 MME/day, no naloxone
    scenarios: ['opioid-mme:trigger-50', 'naloxone:trigger'],
    encounter: 'bed',
    unit: 'unit-4b',
    age: 55,
    gender: 'male',
    conditions: ['chronicPain'],
    meds: [home(every('oxycodone10', 1, 'oral', 6, '{tbl}'))],
  },
  {
    // p-007: morphine 30 mg q8h = 90 MME/day, no naloxone
    scenarios: ['opioid-mme:trigger-90', 'naloxone:trigger'],
    encounter: 'bed',
    unit: 'unit-4b',
    age: 48,
    gender: 'female',
    conditions: ['chronicPain'],
    meds: [home(every('morphine30', 30, 'oral', 8))],
  },
  {
    // p-008: oxycodone 5 mg tablets, 1 to 2 every 4 hours: the top of the range, 60 mg/day x 1.5 = 90
    // MME/day (the boundary), naloxone prescribed
    scenarios: ['opioid-mme:trigger-90', 'naloxone:miss-has-naloxone'],
    encounter: 'bed',
    unit: 'unit-icu',
    encounterClass: 'ACUTE',
    age: 61,
    gender: 'male',
    conditions: ['chronicPain', 'pneumonia'],
    meds: [home({ ...every('oxycodone5', 1, 'oral', 4, '{tbl}'), doseHigh: 2 }), naloxoneSpray],
  },
  {
    // p-009: oxycodone 5 mg tablet every 4 hours, no route on the order (the tablet says oral):
    // 30 mg/day x 1.5 = 45 MME/day, just under 50
    scenarios: ['opioid-mme:miss-45', 'naloxone:miss-below-50'],
    encounter: 'bed',
    unit: 'unit-4b',
    age: 44,
    gender: 'female',
    conditions: ['chronicPain'],
    meds: [home({ ...every('oxycodone5', 1, 'oral', 4, '{tbl}'), noRoute: true })],
  },
  {
    // p-010: oxycodone 60 MME/day with alprazolam
    scenarios: ['opioid-benzo:trigger', 'opioid-mme:trigger-50', 'naloxone:trigger'],
    encounter: 'bed',
    unit: 'unit-4b',
    age: 52,
    gender: 'female',
    conditions: ['chronicPain', 'anxiety'],
    meds: [home(every('oxycodone10', 10, 'oral', 6)), home(daily('alprazolam', 1, 'oral', 3, '{tbl}'))],
  },
  {
    // p-011: morphine 15 mg q12h = 30 MME/day; lorazepam stopped, so no current benzodiazepine
    scenarios: ['opioid-benzo:miss-benzo-stopped'],
    encounter: 'bed',
    unit: 'unit-icu',
    age: 66,
    gender: 'male',
    conditions: ['chronicPain', 'anxiety'],
    meds: [
      home(every('morphine15', 15, 'oral', 12)),
      home({ ...every('lorazepam', 1, 'oral', 8, '{tbl}'), status: 'stopped' }),
    ],
  },
  {
    // p-012: diazepam without any opioid
    scenarios: ['opioid-benzo:miss-no-opioid'],
    encounter: 'bed',
    unit: 'unit-4b',
    age: 39,
    gender: 'female',
    conditions: ['anxiety', 'gastroenteritis'],
    meds: [home(daily('diazepam', 5, 'oral', 2))],
  },
];
