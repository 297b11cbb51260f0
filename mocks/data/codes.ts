/*
 * Every code the generator emits, in one place, so each can be checked against its source once.
 * RxNorm codes are ingredient concepts (TTY IN); strength and form are carried by the dosage and the
 * concept's text, which keeps the value sets that rules use (ingredient level) simple.
 */
import type { CodeableConcept, Coding } from '@medplum/fhirtypes';

export const SYSTEM = {
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  ucum: 'http://unitsofmeasure.org',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  physicalType: 'http://terminology.hl7.org/CodeSystem/location-physical-type',
  roleCode: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  participationType: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
  practitionerRole: 'http://terminology.hl7.org/CodeSystem/practitioner-role',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  bedStatus: 'http://terminology.hl7.org/CodeSystem/v2-0116',
  dataAbsentReason: 'http://terminology.hl7.org/CodeSystem/data-absent-reason',
  mrn: 'http://example.org/fhir/sid/mrn',
  staffId: 'http://example.org/fhir/sid/staff-id',
} as const;

/** LOINC observation codes, with the UCUM unit each value is sent in. */
export const LOINC = {
  heartRate: { code: '8867-4', display: 'Heart rate', unit: '/min' },
  bpPanel: { code: '85354-9', display: 'Blood pressure panel with all children optional', unit: '' },
  systolic: { code: '8480-6', display: 'Systolic blood pressure', unit: 'mm[Hg]' },
  diastolic: { code: '8462-4', display: 'Diastolic blood pressure', unit: 'mm[Hg]' },
  weight: { code: '29463-7', display: 'Body weight', unit: 'kg' },
  platelets: { code: '777-3', display: 'Platelets [#/volume] in Blood by Automated count', unit: '10*3/uL' },
  creatinine: { code: '2160-0', display: 'Creatinine [Mass/volume] in Serum or Plasma', unit: 'mg/dL' },
  creatinineMolar: {
    code: '14682-9',
    display: 'Creatinine [Moles/volume] in Serum or Plasma',
    unit: 'umol/L',
  },
  hba1c: { code: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood', unit: '%' },
  cholesterol: { code: '2093-3', display: 'Cholesterol [Mass/volume] in Serum or Plasma', unit: 'mg/dL' },
  hdl: { code: '2085-9', display: 'Cholesterol in HDL [Mass/volume] in Serum or Plasma', unit: 'mg/dL' },
  smoking: { code: '72166-2', display: 'Tobacco smoking status', unit: '' },
} as const;
export type LoincKey = keyof typeof LOINC;

/** Conditions: SNOMED CT, with the ICD-10-CM code where the mapping is one to one. */
export const CONDITION = {
  diabetes2: { snomed: '44054006', display: 'Diabetes mellitus type 2', icd10: 'E11.9', chronic: true },
  hypertension: { snomed: '59621000', display: 'Essential hypertension', icd10: 'I10', chronic: true },
  cancer: { snomed: '363346000', display: 'Malignant neoplastic disease', icd10: 'C80.1', chronic: true },
  heartFailure: { snomed: '84114007', display: 'Heart failure', icd10: 'I50.9', chronic: true },
  sepsis: { snomed: '91302008', display: 'Sepsis', icd10: 'A41.9', chronic: false },
  pneumonia: { snomed: '233604007', display: 'Pneumonia', icd10: 'J18.9', chronic: false },
  thrombocytopenia: {
    snomed: '302215000',
    display: 'Thrombocytopenic disorder',
    icd10: 'D69.6',
    chronic: false,
  },
  chronicPain: { snomed: '82423001', display: 'Chronic pain', icd10: 'G89.29', chronic: true },
  anxiety: { snomed: '197480006', display: 'Anxiety disorder', icd10: 'F41.9', chronic: true },
  dehydration: { snomed: '34095006', display: 'Dehydration', icd10: 'E86.0', chronic: false },
  cellulitis: { snomed: '128045006', display: 'Cellulitis', icd10: 'L03.90', chronic: false },
  uti: { snomed: '68566005', display: 'Urinary tract infectious disease', icd10: 'N39.0', chronic: false },
  copd: { snomed: '13645005', display: 'Chronic obstructive lung disease', icd10: 'J44.9', chronic: true },
  gastroenteritis: { snomed: '25374005', display: 'Gastroenteritis', icd10: 'K52.9', chronic: false },
  abdominalPain: { snomed: '21522001', display: 'Abdominal pain', icd10: 'R10.9', chronic: false },
} as const;
export type ConditionKey = keyof typeof CONDITION;

/** RxNorm ingredients (TTY IN), grouped as the starter rules look at them. */
export const DRUG = {
  oxycodone: { rxnorm: '7804', display: 'oxycodone', group: 'opioid' },
  morphine: { rxnorm: '7052', display: 'morphine', group: 'opioid' },
  naloxone: { rxnorm: '7242', display: 'naloxone', group: 'opioid-antagonist' },
  alprazolam: { rxnorm: '596', display: 'alprazolam', group: 'benzodiazepine' },
  lorazepam: { rxnorm: '6470', display: 'lorazepam', group: 'benzodiazepine' },
  diazepam: { rxnorm: '3322', display: 'diazepam', group: 'benzodiazepine' },
  enoxaparin: { rxnorm: '67108', display: 'enoxaparin', group: 'anticoagulant' },
  heparin: { rxnorm: '5224', display: 'heparin', group: 'anticoagulant' },
  vancomycin: { rxnorm: '11124', display: 'vancomycin', group: 'nephrotoxin' },
  gentamicin: { rxnorm: '4413', display: 'gentamicin', group: 'nephrotoxin' },
  ibuprofen: { rxnorm: '5640', display: 'ibuprofen', group: 'nephrotoxin' },
  metformin: { rxnorm: '6809', display: 'metformin', group: 'antidiabetic' },
  insulinGlargine: { rxnorm: '274783', display: 'insulin glargine', group: 'antidiabetic' },
  atorvastatin: { rxnorm: '83367', display: 'atorvastatin', group: 'statin' },
  simvastatin: { rxnorm: '36567', display: 'simvastatin', group: 'statin' },
  amlodipine: { rxnorm: '17767', display: 'amlodipine', group: 'other' },
  metoprolol: { rxnorm: '6918', display: 'metoprolol', group: 'other' },
  acetaminophen: { rxnorm: '161', display: 'acetaminophen', group: 'other' },
  pantoprazole: { rxnorm: '40790', display: 'pantoprazole', group: 'other' },
  ceftriaxone: { rxnorm: '2193', display: 'ceftriaxone', group: 'other' },
} as const;
export type DrugKey = keyof typeof DRUG;

/** SNOMED CT routes of administration. */
export const ROUTE = {
  oral: { code: '26643006', display: 'Oral route' },
  iv: { code: '47625008', display: 'Intravenous route' },
  subcut: { code: '34206005', display: 'Subcutaneous route' },
  nasal: { code: '46713006', display: 'Nasal route' },
} as const;
export type RouteKey = keyof typeof ROUTE;

/** Tobacco smoking status answers (SNOMED CT, as US Core uses them). */
export const SMOKING = {
  current: { code: '449868002', display: 'Smokes tobacco daily' },
  former: { code: '8517006', display: 'Ex-smoker' },
  never: { code: '266919005', display: 'Never smoked tobacco' },
} as const;
export type SmokingKey = keyof typeof SMOKING;

export function coding(system: string, code: string, display?: string): Coding {
  return display === undefined ? { system, code } : { system, code, display };
}

export function concept(system: string, code: string, display: string, text?: string): CodeableConcept {
  return { coding: [coding(system, code, display)], text: text ?? display };
}
