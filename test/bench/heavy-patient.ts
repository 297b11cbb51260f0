/**
 * The benchmark's heavy patient: synthetic patient p-013 (a nephrotoxin and a rising creatinine, so
 * the AKI rule fires) with three years of history added: 5,000 Observations in all (vitals, labs the
 * rules read, labs they do not) and 300 MedicationRequests (20 active). Deterministic. Added labs the
 * rules read are at least 8 days old, so the patient's prompts are the same as without the history.
 */
import type { MedicationRequest, Observation, Resource } from '@medplum/fhirtypes';
import { generateDataset } from '../../mocks/data/index';
import { DRUG, LOINC, SYSTEM } from '../../mocks/data/codes';

export const HEAVY_PATIENT = 'p-013';
const DAY = 86_400_000;

type Mix = {
  code: { code: string; display: string; unit: string };
  share: number;
  value: (i: number) => number;
  recent?: boolean;
};
const HEART_RATE: Mix = { code: LOINC.heartRate, share: 0.4, value: (i) => 60 + (i % 30), recent: true };
const MIX: {
  code: { code: string; display: string; unit: string };
  share: number;
  value: (i: number) => number;
  recent?: boolean;
}[] = [
  HEART_RATE,
  { code: LOINC.systolic, share: 0.12, value: (i) => 110 + (i % 40) },
  { code: LOINC.diastolic, share: 0.12, value: (i) => 65 + (i % 20) },
  { code: LOINC.weight, share: 0.05, value: (i) => 80 + (i % 5) },
  { code: LOINC.platelets, share: 0.08, value: (i) => 180 + (i % 90) },
  { code: LOINC.creatinine, share: 0.08, value: () => 0.9 },
  { code: LOINC.hba1c, share: 0.02, value: () => 6.1 },
  { code: LOINC.cholesterol, share: 0.02, value: (i) => 170 + (i % 30) },
  { code: LOINC.hdl, share: 0.02, value: () => 55 },
  {
    code: { code: '2345-7', display: 'Glucose [Mass/volume] in Serum or Plasma', unit: 'mg/dL' },
    share: 0.09,
    value: (i) => 90 + (i % 40),
  },
];

function observation(i: number, now: Date, total: number): Observation {
  let pick = HEART_RATE;
  let acc = 0;
  const slot = (i * 7919) % total; // spread the codes over time
  for (const m of MIX) {
    acc += m.share * total;
    if (slot < acc) {
      pick = m;
      break;
    }
  }
  const { code, value, recent } = pick;
  const ageDays = (recent ? 0.1 : 8) + ((i * 1_097) % (3 * 365 * 10)) / 10;
  return {
    resourceType: 'Observation',
    id: `heavy-obs-${i}`,
    status: 'final',
    category: [
      { coding: [{ system: SYSTEM.observationCategory, code: recent ? 'vital-signs' : 'laboratory' }] },
    ],
    code: { coding: [{ system: SYSTEM.loinc, code: code.code, display: code.display }], text: code.display },
    subject: { reference: `Patient/${HEAVY_PATIENT}` },
    effectiveDateTime: new Date(now.getTime() - ageDays * DAY).toISOString(),
    valueQuantity: { value: value(i), unit: code.unit, system: SYSTEM.ucum, code: code.unit },
  };
}

const DRUGS = Object.values(DRUG);

function medicationRequest(i: number, now: Date): MedicationRequest {
  const drug = DRUGS[i % DRUGS.length] ?? DRUG.acetaminophen;
  const active =
    i < 20 &&
    !['opioid', 'benzodiazepine', 'anticoagulant', 'statin', 'opioid-antagonist'].includes(drug.group);
  return {
    resourceType: 'MedicationRequest',
    id: `heavy-mr-${i}`,
    status: active ? 'active' : i % 3 ? 'completed' : 'stopped',
    intent: 'order',
    medicationCodeableConcept: {
      coding: [{ system: SYSTEM.rxnorm, code: drug.rxnorm, display: drug.display }],
      text: drug.display,
    },
    subject: { reference: `Patient/${HEAVY_PATIENT}` },
    authoredOn: new Date(now.getTime() - (10 + ((i * 37) % 1000)) * DAY).toISOString(),
  };
}

/** Everything the mock EHR holds (the synthetic hospital plus the heavy patient's history). */
export function heavyDataset(now: Date): { all: Resource[]; record: Resource[] } {
  const dataset = generateDataset({ now });
  const ref = `Patient/${HEAVY_PATIENT}`;
  const own = dataset.resources.filter((r) => {
    const x = r as { id?: string; subject?: { reference?: string }; patient?: { reference?: string } };
    return r.resourceType === 'Patient'
      ? x.id === HEAVY_PATIENT
      : x.subject?.reference === ref || x.patient?.reference === ref;
  });
  const ownObservations = own.filter((r) => r.resourceType === 'Observation').length;
  const ownOrders = own.filter((r) => r.resourceType === 'MedicationRequest').length;
  const observations = Array.from({ length: 5_000 - ownObservations }, (_, i) => observation(i, now, 5_000));
  const orders = Array.from({ length: 300 - ownOrders }, (_, i) => medicationRequest(i, now));
  const record = [...own, ...observations, ...orders];
  return { all: [...dataset.resources, ...observations, ...orders], record };
}
