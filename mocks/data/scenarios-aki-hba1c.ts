/*
 * Scenario patients p-013 to p-023: nephrotoxin with rising creatinine (KDIGO 2012: a rise of 0.3 mg/dL
 * within 48 h, or 1.5 times baseline within 7 days) and diabetes with HbA1c above 9% or none in 6 months.
 */
import { daily, days, every } from './spec';
import type { PatientSpec } from './spec';

export const AKI_HBA1C_PATIENTS: PatientSpec[] = [
  // Nephrotoxin + rising creatinine
  {
    // p-013: vancomycin; creatinine 0.9 -> 1.3 mg/dL within 36 h (+0.4 in 48 h); a haemodialysis session
    // 45 days ago (an earlier AKI, recovered) is outside the 30 days that exclude
    scenarios: ['aki:trigger-48h'],
    encounter: 'bed',
    unit: 'unit-4b',
    age: 58,
    gender: 'male',
    conditions: ['cellulitis'],
    meds: [every('vancomycin', 1000, 'iv', 12)],
    labs: {
      creatinine: [
        { hoursAgo: 40, value: 0.9 },
        { hoursAgo: 4, value: 1.3 },
      ],
    },
    procedures: [{ procedure: 'hemodialysis', daysAgo: 45 }],
  },
  {
    // p-014: gentamicin; 0.8 -> 1.0 -> 1.25 mg/dL over 6 days: no 0.3 rise in any 48 h, but 1.56x baseline
    scenarios: ['aki:trigger-7d', 'edge:transferred'],
    encounter: 'bed',
    unit: 'unit-icu',
    previousUnit: 'unit-4b',
    admittedDaysAgo: 8,
    age: 63,
    gender: 'female',
    conditions: ['sepsis', 'uti'],
    weight: 70,
    meds: [daily('gentamicin', 350, 'iv')],
    labs: {
      creatinine: [
        { hoursAgo: days(6), value: 0.8 },
        { hoursAgo: days(3), value: 1.0 },
        { hoursAgo: 6, value: 1.25 },
      ],
    },
  },
  {
    // p-015: ibuprofen; creatinine 1.0 -> 1.2 mg/dL in 24 h: +0.2, 1.2x
    scenarios: ['aki:miss-0.2'],
    encounter: 'bed',
    unit: 'unit-4b',
    age: 47,
    gender: 'male',
    conditions: ['chronicPain'],
    meds: [every('ibuprofen', 600, 'oral', 8)],
    labs: {
      creatinine: [
        { hoursAgo: 30, value: 1.0 },
        { hoursAgo: 6, value: 1.2 },
      ],
    },
  },
  {
    // p-016: vancomycin; creatinine only in umol/L: 80 -> 115 (0.90 -> 1.30 mg/dL at 88.4 umol/L per mg/dL)
    scenarios: ['aki:trigger-umol'],
    encounter: 'bed',
    unit: 'unit-icu',
    age: 57,
    gender: 'female',
    conditions: ['pneumonia'],
    meds: [every('vancomycin', 1250, 'iv', 12)],
    labs: {
      creatinineMolar: [
        { hoursAgo: 40, value: 80 },
        { hoursAgo: 5, value: 115 },
      ],
    },
  },
  {
    // p-017: vancomycin; one usable creatinine, then an unparseable string and a data-absent result
    scenarios: ['aki:miss-unparseable'],
    encounter: 'bed',
    unit: 'unit-4b',
    age: 53,
    gender: 'male',
    conditions: ['cellulitis'],
    meds: [every('vancomycin', 1000, 'iv', 12)],
    labs: {
      creatinine: [
        { hoursAgo: 40, value: 1.0 },
        { hoursAgo: 20, value: { text: 'hemolysed, recollect' } },
        { hoursAgo: 3, value: { absent: 'error' } },
      ],
    },
  },
  {
    // p-018: creatinine 0.9 -> 1.4 mg/dL in 24 h but no nephrotoxic medication
    scenarios: ['aki:miss-no-nephrotoxin'],
    encounter: 'bed',
    unit: 'unit-4b',
    age: 36,
    gender: 'female',
    conditions: ['dehydration', 'gastroenteritis'],
    meds: [every('ondansetron', 4, 'iv', 8)],
    labs: {
      creatinine: [
        { hoursAgo: 30, value: 0.9 },
        { hoursAgo: 6, value: 1.4 },
      ],
    },
  },
  // Diabetes and HbA1c (6 months = 182 days)
  {
    // p-019: HbA1c 9.6% 40 days ago, reported under LOINC 17856-6 (HPLC) (on a statin, so the statin rule
    // stays quiet)
    scenarios: ['hba1c:trigger-high'],
    encounter: 'bed',
    unit: 'unit-4b',
    age: 58,
    gender: 'male',
    conditions: ['diabetes2', 'cellulitis'],
    meds: [daily('metformin', 2, 'oral', 2, '{tbl}'), daily('atorvastatin20', 1, 'oral', 1, '{tbl}')],
    labs: { hba1c: [{ hoursAgo: days(40), value: 9.6, code: 'hba1cHplc' }] },
  },
  {
    // p-020: diabetes, no HbA1c on record (74: CMS122 covers 18 to 75); palliative care 13 months ago
    // is outside the 12 months that exclude
    scenarios: ['hba1c:trigger-none-6m'],
    encounter: 'bed',
    unit: 'unit-icu',
    age: 74,
    gender: 'female',
    conditions: ['diabetes2', 'pneumonia'],
    meds: [daily('insulinHumulin', 20, 'subcut', 1, '[iU]')],
    procedures: [{ procedure: 'palliativeCare', daysAgo: 400 }],
  },
  {
    // p-021: only HbA1c is 9.5% from 240 days ago: stale, so "none in 6 months"; diabetes coded in
    // ICD-10-CM alone (E11.22, with chronic kidney disease)
    scenarios: ['hba1c:trigger-stale'],
    encounter: 'bed',
    unit: 'unit-4b',
    age: 71,
    gender: 'male',
    conditions: ['diabetesCkd', 'uti'],
    meds: [daily('metformin', 1, 'oral', 2, '{tbl}')],
    labs: { hba1c: [{ hoursAgo: days(240), value: 9.5 }] },
  },
  {
    // p-022: latest HbA1c 8.9% 60 days ago, LOINC 4549-2 (an older 9.8% must not count)
    scenarios: ['hba1c:miss-8.9'],
    encounter: 'bed',
    unit: 'unit-4b',
    age: 73,
    gender: 'female',
    conditions: ['diabetes2', 'cellulitis'],
    meds: [daily('metformin', 2, 'oral', 2, '{tbl}')],
    labs: {
      hba1c: [
        { hoursAgo: days(250), value: 9.8 },
        { hoursAgo: days(60), value: 8.9, code: 'hba1cElectrophoresis' },
      ],
    },
  },
  {
    // p-023: HbA1c exactly 9.0%: not above 9
    scenarios: ['hba1c:miss-9.0'],
    encounter: 'bed',
    unit: 'unit-icu',
    age: 68,
    gender: 'male',
    conditions: ['diabetes2', 'sepsis'],
    meds: [daily('insulinHumulin', 16, 'subcut', 1, '[iU]')],
    labs: { hba1c: [{ hoursAgo: days(45), value: 9.0 }] },
  },
];
