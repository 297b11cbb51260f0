/*
 * Independent re-implementations of what each starter rule looks at, so the tests check the generated
 * data against the clinical definitions rather than against the generator's own tables.
 */
import type {
  Condition,
  Encounter,
  MedicationRequest,
  Observation,
  Patient,
  Procedure,
  Resource,
} from '@medplum/fhirtypes';
import type { SyntheticDataset } from '../../../mocks/data/index';

export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const HOUR = 3_600_000;

/**
 * The opioid products the generator orders (RxNorm SCD): mg of opioid per tablet, read off the RxNorm
 * name, and the CDC 2022 (MMWR RR-71-3) conversion factor of the ingredient (oxycodone 1.5, morphine 1).
 */
export const OPIOID_PRODUCT: Record<string, { mg: number; factor: number }> = {
  '1049621': { mg: 5, factor: 1.5 }, // oxycodone hydrochloride 5 MG Oral Tablet
  '1049683': { mg: 10, factor: 1.5 }, // oxycodone hydrochloride 10 MG Oral Tablet
  '892582': { mg: 15, factor: 1 }, // morphine sulfate 15 MG Oral Tablet
  '892672': { mg: 30, factor: 1 }, // morphine sulfate 30 MG Oral Tablet
};
export const OPIOIDS = new Set(Object.keys(OPIOID_PRODUCT));
export const BENZODIAZEPINES = new Set(['308048', '197901', '197591']);
export const ANTICOAGULANTS = new Set(['854235', '1659263', '1364445', '1364447']);
export const NEPHROTOXINS = new Set(['1807513', '313996', '197806']);
export const STATINS = new Set(['617310', '617311', '312961', '617320']);
export const ANTIHYPERTENSIVES = new Set(['197361', '866414']);
/** Codes of a diabetes diagnosis the generator uses: SNOMED type 2 diabetes, ICD-10-CM E11.9 and E11.22. */
export const DIABETES = ['44054006', 'E11.9', 'E11.22'];
/** HbA1c as labs report it: 4548-4, 17856-6 (HPLC), 4549-2 (electrophoresis). */
export const HBA1C = ['4548-4', '17856-6', '4549-2'];
const NALOXONE = '1725059';

export interface PatientRecord {
  id: string;
  resources: Resource[];
  observations: Observation[];
  conditions: Condition[];
  meds: MedicationRequest[];
  procedures: Procedure[];
}

const subjectOf = (r: Resource): string | undefined =>
  'subject' in r && r.subject && typeof r.subject === 'object' && 'reference' in r.subject
    ? r.subject.reference
    : undefined;

export function recordOf(data: SyntheticDataset, patientId: string): PatientRecord {
  const resources = data.resources.filter(
    (r) => subjectOf(r) === `Patient/${patientId}` || (r.resourceType === 'Patient' && r.id === patientId),
  );
  return {
    id: patientId,
    resources,
    observations: resources.filter((r): r is Observation => r.resourceType === 'Observation'),
    conditions: resources.filter((r): r is Condition => r.resourceType === 'Condition'),
    meds: resources.filter((r): r is MedicationRequest => r.resourceType === 'MedicationRequest'),
    procedures: resources.filter((r): r is Procedure => r.resourceType === 'Procedure'),
  };
}

export const rxcode = (m: MedicationRequest): string =>
  m.medicationCodeableConcept?.coding?.find((c) => c.system === RXNORM)?.code ?? '';

export const activeMeds = (rec: PatientRecord, codes: Set<string>): MedicationRequest[] =>
  rec.meds.filter((m) => m.status === 'active' && codes.has(rxcode(m)));

/** An active condition with one of the codes (SNOMED CT or ICD-10-CM). */
export const hasCondition = (rec: PatientRecord, ...codes: string[]): boolean =>
  rec.conditions.some(
    (c) =>
      c.clinicalStatus?.coding?.[0]?.code === 'active' &&
      c.code?.coding?.some((x) => codes.includes(x.code ?? '')),
  );

/** Administrations per day from timing.repeat (frequency per period periodUnit). */
export function perDay(m: MedicationRequest): number {
  const repeat = m.dosageInstruction?.[0]?.timing?.repeat;
  const hours: Record<string, number> = { min: 1 / 60, h: 1, d: 24, wk: 168 };
  const unitHours = hours[repeat?.periodUnit ?? ''];
  if (!repeat?.frequency || !repeat.period || unitHours === undefined) return 0;
  return (repeat.frequency * 24) / (repeat.period * unitHours);
}

/** mg of opioid in one dose: a dose in mg, or a count of tablets (the top of a range). */
function doseMg(m: MedicationRequest, mgPerTablet: number): number | undefined {
  const rate = m.dosageInstruction?.[0]?.doseAndRate?.[0];
  const dose = rate?.doseQuantity ?? rate?.doseRange?.high;
  if (dose?.value === undefined) return undefined;
  if (dose.code === 'mg') return dose.value;
  return dose.code === '{tbl}' ? dose.value * mgPerTablet : undefined;
}

/** Total MME/day of the active opioid products (doses in mg or in tablets). */
export function mmePerDay(rec: PatientRecord): number {
  let total = 0;
  for (const m of rec.meds) {
    const product = OPIOID_PRODUCT[rxcode(m)];
    const mg = product ? doseMg(m, product.mg) : undefined;
    if (m.status !== 'active' || !product || mg === undefined) continue;
    total += mg * perDay(m) * product.factor;
  }
  return Math.round(total * 100) / 100;
}

export const hasActiveNaloxone = (rec: PatientRecord): boolean =>
  activeMeds(rec, new Set([NALOXONE])).length > 0;

export const obsOf = (rec: PatientRecord, ...loinc: string[]): Observation[] =>
  rec.observations
    .filter((o) =>
      o.code?.coding?.some((c) => c.system === 'http://loinc.org' && loinc.includes(c.code ?? '')),
    )
    .sort((a, b) => (a.effectiveDateTime ?? '').localeCompare(b.effectiveDateTime ?? ''));

/** Numeric creatinine results in mg/dL (umol/L divided by 88.4); unparseable or absent ones are skipped. */
export function creatinineSeries(rec: PatientRecord): { at: number; mgdl: number }[] {
  const points: { at: number; mgdl: number }[] = [];
  for (const o of [...obsOf(rec, '2160-0'), ...obsOf(rec, '38483-4'), ...obsOf(rec, '14682-9')]) {
    const q = o.valueQuantity;
    if (q?.value === undefined || !o.effectiveDateTime) continue;
    const mgdl = q.code === 'mg/dL' ? q.value : q.code === 'umol/L' ? q.value / 88.4 : undefined;
    if (mgdl !== undefined) points.push({ at: Date.parse(o.effectiveDateTime), mgdl });
  }
  return points.sort((a, b) => a.at - b.at);
}

/** KDIGO 2012: a rise of 0.3 mg/dL or more within 48 h. Returns the largest such rise (0 when none). */
export function maxRiseWithin48h(series: { at: number; mgdl: number }[]): number {
  let best = 0;
  series.forEach((a, i) =>
    series.slice(i + 1).forEach((b) => {
      if (b.at - a.at <= 48 * HOUR) best = Math.max(best, b.mgdl - a.mgdl);
    }),
  );
  return Math.round(best * 1000) / 1000;
}

/** KDIGO 2012: latest value over the lowest of the previous 7 days (1.5 or more is AKI). */
export function ratioToBaseline7d(series: { at: number; mgdl: number }[]): number {
  const latest = series[series.length - 1];
  if (!latest) return 0;
  const prior = series
    .filter((p) => p.at < latest.at && latest.at - p.at <= 7 * 24 * HOUR)
    .map((p) => p.mgdl);
  return prior.length ? Math.round((latest.mgdl / Math.min(...prior)) * 1000) / 1000 : 0;
}

/** The 2013 ACC/AHA pooled cohort equations (white cohort), 10-year ASCVD risk as a fraction. */
export function pooledCohortRisk(p: {
  sex: 'male' | 'female';
  age: number;
  tc: number;
  hdl: number;
  sbp: number;
  treated: boolean;
  smoker: boolean;
  diabetic: boolean;
}): number {
  const [la, lt, lh, ls] = [Math.log(p.age), Math.log(p.tc), Math.log(p.hdl), Math.log(p.sbp)];
  const s = p.smoker ? 1 : 0;
  const d = p.diabetic ? 1 : 0;
  if (p.sex === 'male') {
    const sum =
      12.344 * la +
      11.853 * lt -
      2.664 * la * lt -
      7.99 * lh +
      1.769 * la * lh +
      (p.treated ? 1.797 : 1.764) * ls +
      7.837 * s -
      1.795 * la * s +
      0.658 * d;
    return 1 - 0.9144 ** Math.exp(sum - 61.18);
  }
  const sum =
    -29.799 * la +
    4.884 * la * la +
    13.54 * lt -
    3.114 * la * lt -
    13.578 * lh +
    3.149 * la * lh +
    (p.treated ? 2.019 : 1.957) * ls +
    7.574 * s -
    1.665 * la * s +
    0.661 * d;
  return 1 - 0.9665 ** Math.exp(sum + 29.18);
}

/** Completed years from a YYYY-MM-DD birth date to `now`. */
export function age(birthDate: string, now: Date): number {
  const [y = 0, m = 0, d = 0] = birthDate.split('-').map(Number);
  const before = now.getUTCMonth() + 1 < m || (now.getUTCMonth() + 1 === m && now.getUTCDate() < d);
  return now.getUTCFullYear() - y - (before ? 1 : 0);
}

export const patientOf = (rec: PatientRecord): Patient | undefined =>
  rec.resources.find((r): r is Patient => r.resourceType === 'Patient');

export const inpatient = (rec: PatientRecord): boolean =>
  rec.resources.some((r): r is Encounter => r.resourceType === 'Encounter' && r.status === 'in-progress');

export const latest = (rec: PatientRecord, loinc: string): Observation | undefined =>
  obsOf(rec, loinc).at(-1);

/**
 * A procedure with a code in `members` (`system|code`) under way, or completed within `days` of `now`
 * (any time when `days` is omitted). Entered-in-error and not-done procedures never count.
 */
export function hadProcedure(rec: PatientRecord, members: Set<string>, now: Date, days?: number): boolean {
  return rec.procedures.some((p) => {
    if (!p.code?.coding?.some((c) => members.has(`${c.system}|${c.code}`))) return false;
    if (p.status === 'in-progress') return true;
    if (p.status !== 'completed') return false;
    const at = Date.parse(p.performedDateTime ?? p.performedPeriod?.end ?? p.performedPeriod?.start ?? '');
    return days === undefined || now.getTime() - at <= days * 24 * HOUR;
  });
}
