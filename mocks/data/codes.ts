/*
 * Every code the generator emits, in one place, so each can be checked against its source once. The
 * data is coded as EHRs code it: medication orders with RxNorm products (not ingredients), problems in
 * SNOMED CT with ICD-10-CM (some in ICD-10-CM only), labs under several LOINC codes.
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
  medicationCategory: 'http://terminology.hl7.org/CodeSystem/medicationrequest-category',
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
  hba1cHplc: { code: '17856-6', display: 'Hemoglobin A1c/Hemoglobin.total in Blood by HPLC', unit: '%' },
  hba1cElectrophoresis: {
    code: '4549-2',
    display: 'Hemoglobin A1c/Hemoglobin.total in Blood by Electrophoresis',
    unit: '%',
  },
  plateletsBlood: { code: '26515-7', display: 'Platelets [#/volume] in Blood', unit: '10*3/uL' },
  creatinineBlood: { code: '38483-4', display: 'Creatinine [Mass/volume] in Blood', unit: 'mg/dL' },
  cholesterol: { code: '2093-3', display: 'Cholesterol [Mass/volume] in Serum or Plasma', unit: 'mg/dL' },
  hdl: { code: '2085-9', display: 'Cholesterol in HDL [Mass/volume] in Serum or Plasma', unit: 'mg/dL' },
  smoking: { code: '72166-2', display: 'Tobacco smoking status', unit: '' },
} as const;
export type LoincKey = keyof typeof LOINC;

/**
 * Conditions: SNOMED CT with the ICD-10-CM code where the mapping is one to one; `icdOnly` ones are
 * coded in ICD-10-CM alone, as many problem lists are.
 */
export const CONDITION = {
  diabetes2: { snomed: '44054006', display: 'Diabetes mellitus type 2', icd10: 'E11.9', chronic: true },
  diabetesCkd: {
    snomed: '',
    display: 'Type 2 diabetes mellitus with diabetic chronic kidney disease',
    icd10: 'E11.22',
    chronic: true,
    icdOnly: true,
  },
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

/**
 * RxNorm products (SCD, and SBD for brands), as EHR orders carry them, named as RxNorm names them.
 * Each code is checked by a test against a published source: the vendored value-set expansions and
 * OMTK product table (src/terminology/published), the public sample records (test/fixtures/fhir-samples),
 * or, for three injectables, a VSAC antibiotic value set read through the code index (see the test).
 * `mgPerUnit` is the strength of one tablet, capsule, syringe or spray, for doses given as a count.
 */
export const DRUG = {
  oxycodone5: { rxnorm: '1049621', display: 'oxycodone hydrochloride 5 MG Oral Tablet', group: 'opioid' },
  oxycodone10: { rxnorm: '1049683', display: 'oxycodone hydrochloride 10 MG Oral Tablet', group: 'opioid' },
  morphine15: { rxnorm: '892582', display: 'morphine sulfate 15 MG Oral Tablet', group: 'opioid' },
  morphine30: { rxnorm: '892672', display: 'morphine sulfate 30 MG Oral Tablet', group: 'opioid' },
  naloxoneSpray: {
    rxnorm: '1725059',
    display: 'naloxone hydrochloride 40 MG/ML Nasal Spray',
    group: 'opioid-antagonist',
  },
  alprazolam: { rxnorm: '308048', display: 'alprazolam 0.5 MG Oral Tablet', group: 'benzodiazepine' },
  lorazepam: { rxnorm: '197901', display: 'lorazepam 1 MG Oral Tablet', group: 'benzodiazepine' },
  diazepam: { rxnorm: '197591', display: 'diazepam 5 MG Oral Tablet', group: 'benzodiazepine' },
  enoxaparin: {
    rxnorm: '854235',
    display: '0.4 ML enoxaparin sodium 100 MG/ML Prefilled Syringe',
    group: 'anticoagulant',
  },
  heparin: {
    rxnorm: '1659263',
    display: '1 ML heparin sodium, porcine 5000 UNT/ML Injection',
    group: 'anticoagulant',
  },
  vancomycin: { rxnorm: '1807513', display: 'vancomycin 1000 MG Injection', group: 'nephrotoxin' },
  gentamicin: { rxnorm: '313996', display: 'gentamicin 40 MG/ML Injectable Solution', group: 'nephrotoxin' },
  ibuprofen: { rxnorm: '197806', display: 'ibuprofen 600 MG Oral Tablet', group: 'nephrotoxin' },
  metformin: {
    rxnorm: '860975',
    display: '24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet',
    group: 'antidiabetic',
  },
  insulinHumulin: {
    rxnorm: '106892',
    display:
      'insulin human, isophane 70 UNT/ML / Regular Insulin, Human 30 UNT/ML Injectable Suspension [Humulin]',
    group: 'antidiabetic',
  },
  atorvastatin20: { rxnorm: '617310', display: 'atorvastatin 20 MG Oral Tablet', group: 'statin' },
  atorvastatin40: { rxnorm: '617311', display: 'atorvastatin 40 MG Oral Tablet', group: 'statin' },
  simvastatin: { rxnorm: '312961', display: 'simvastatin 20 MG Oral Tablet', group: 'statin' },
  amlodipine: { rxnorm: '197361', display: 'amlodipine 5 MG Oral Tablet', group: 'other' },
  metoprolol: {
    rxnorm: '866414',
    display: '24 HR metoprolol succinate 100 MG Extended Release Oral Tablet [Toprol]',
    group: 'other',
  },
  acetaminophen: { rxnorm: '198440', display: 'acetaminophen 500 MG Oral Tablet', group: 'other' },
  ondansetron: { rxnorm: '1740467', display: '2 ML ondansetron 2 MG/ML Injection', group: 'other' },
  ceftriaxone: { rxnorm: '1665021', display: 'ceftriaxone 1000 MG Injection', group: 'other' },
} as const;
export type DrugKey = keyof typeof DRUG;

/**
 * Procedures (SNOMED CT), each a member of the published value set a rule reads it through: Hemodialysis
 * and Dialysis Services (kidney rule), PCI (statin: known ASCVD), Palliative Care Intervention (the
 * end-of-life exclusions).
 */
export const PROCEDURE = {
  hemodialysis: { snomed: '302497006', display: 'Hemodialysis (procedure)' },
  coronaryStent: { snomed: '36969009', display: 'Placement of stent in coronary artery (procedure)' },
  palliativeCare: { snomed: '103735009', display: 'Palliative care (regime/therapy)' },
} as const;
export type ProcedureKey = keyof typeof PROCEDURE;

/** MedicationRequest.category codes (http://terminology.hl7.org/CodeSystem/medicationrequest-category). */
export const MED_CATEGORY = {
  inpatient: 'Inpatient',
  outpatient: 'Outpatient',
  community: 'Community',
  discharge: 'Discharge',
} as const;
export type MedCategory = keyof typeof MED_CATEGORY;

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
