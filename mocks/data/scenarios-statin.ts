/*
 * Scenario patients p-024 to p-029: statin for primary prevention (USPSTF 2022: age 40 to 75, at least
 * one risk factor, 10-year ASCVD risk of 10% or more, no current statin).
 */
import { daily, days } from './spec';
import type { PatientSpec } from './spec';

export const STATIN_PATIENTS: PatientSpec[] = [
  {
    // p-024: 62, smoker, hypertension, TC 240, HDL 38, SBP 152, no statin; a coronary stent recorded on
    // the wrong chart and entered in error does not count as ASCVD
    scenarios: ['statin:trigger'],
    encounter: 'bed',
    unit: 'unit-4b',
    age: 62,
    gender: 'male',
    conditions: ['hypertension', 'cellulitis'],
    meds: [daily('amlodipine', 1, 'oral', 1, '{tbl}')],
    smoking: 'current',
    systolic: 152,
    labs: { cholesterol: [{ hoursAgo: days(20), value: 240 }], hdl: [{ hoursAgo: days(20), value: 38 }] },
    procedures: [{ procedure: 'coronaryStent', daysAgo: 200, status: 'entered-in-error' }],
  },
  {
    // p-025: 58, diabetes (HbA1c 7.4%), smoker, TC 220, HDL 45, SBP 160, no statin
    scenarios: ['statin:trigger', 'hba1c:miss-controlled'],
    encounter: 'bed',
    unit: 'unit-icu',
    encounterClass: 'ACUTE',
    age: 58,
    gender: 'female',
    conditions: ['diabetes2', 'hypertension', 'pneumonia'],
    meds: [daily('metformin', 2, 'oral', 2, '{tbl}'), daily('amlodipine', 2, 'oral', 1, '{tbl}')],
    smoking: 'current',
    systolic: 160,
    labs: {
      hba1c: [{ hoursAgo: days(30), value: 7.4 }],
      cholesterol: [{ hoursAgo: days(30), value: 220 }],
      hdl: [{ hoursAgo: days(30), value: 45 }],
    },
  },
  {
    // p-026: like p-024 but 39 years old
    scenarios: ['statin:miss-age-39'],
    encounter: 'bed',
    unit: 'unit-4b',
    age: 39,
    gender: 'male',
    conditions: ['hypertension', 'cellulitis'],
    meds: [daily('amlodipine', 1, 'oral', 1, '{tbl}')],
    smoking: 'current',
    systolic: 150,
    labs: { cholesterol: [{ hoursAgo: days(15), value: 250 }], hdl: [{ hoursAgo: days(15), value: 35 }] },
  },
  {
    // p-027: like p-024 but 76 years old
    scenarios: ['statin:miss-age-76'],
    encounter: 'bed',
    unit: 'unit-icu',
    age: 76,
    gender: 'male',
    conditions: ['hypertension', 'pneumonia'],
    meds: [daily('amlodipine', 1, 'oral', 1, '{tbl}')],
    smoking: 'current',
    systolic: 150,
    labs: { cholesterol: [{ hoursAgo: days(15), value: 250 }], hdl: [{ hoursAgo: days(15), value: 35 }] },
  },
  {
    // p-028: high risk but already on atorvastatin
    scenarios: ['statin:miss-on-statin'],
    encounter: 'bed',
    unit: 'unit-4b',
    age: 64,
    gender: 'male',
    conditions: ['hypertension', 'uti'],
    meds: [daily('amlodipine', 1, 'oral', 1, '{tbl}'), daily('atorvastatin40', 1, 'oral', 1, '{tbl}')],
    smoking: 'current',
    systolic: 148,
    labs: { cholesterol: [{ hoursAgo: days(25), value: 235 }], hdl: [{ hoursAgo: days(25), value: 40 }] },
  },
  {
    // p-029: 45, no risk factor, 10-year risk about 1%
    scenarios: ['statin:miss-low-risk'],
    encounter: 'bed',
    unit: 'unit-4b',
    age: 45,
    gender: 'female',
    conditions: ['gastroenteritis'],
    meds: [],
    smoking: 'never',
    systolic: 112,
    labs: { cholesterol: [{ hoursAgo: days(25), value: 170 }], hdl: [{ hoursAgo: days(25), value: 68 }] },
  },
];
