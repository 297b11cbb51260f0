/*
 * Builders for the clinical resources of one patient. Each takes plain values (ids, instants already
 * computed from `now`) and returns a FHIR R4 resource; none draws random numbers or reads a clock.
 */
import type {
  Condition,
  Encounter,
  MedicationRequest,
  Observation,
  Patient,
  Practitioner,
  Procedure,
  Quantity,
  Reference,
} from '@medplum/fhirtypes';
import {
  CONDITION,
  DRUG,
  LOINC,
  MED_CATEGORY,
  PROCEDURE,
  ROUTE,
  SMOKING,
  SYSTEM,
  coding,
  concept,
} from './codes';
import type { ConditionKey, LoincKey, MedCategory, SmokingKey } from './codes';
import type { LabValue, MedSpec, ProcedureSpec } from './spec';

/** Who and where a resource belongs to. */
export interface Subject {
  patient: Reference<Patient>;
  /** The in-progress encounter and its start, if the patient has one. */
  encounter?: { reference: Reference<Encounter>; start: string };
}

type Category = 'vital-signs' | 'laboratory' | 'social-history';
const CATEGORY_DISPLAY: Record<Category, string> = {
  'vital-signs': 'Vital Signs',
  laboratory: 'Laboratory',
  'social-history': 'Social History',
};

const UNIT_DISPLAY: Record<string, string> = {
  '/min': 'beats/minute',
  '[iU]': 'IU',
  '{tbl}': 'tablet',
  '{spray}': 'spray',
};

export function quantity(value: number, ucum: string): Quantity {
  return { value, unit: UNIT_DISPLAY[ucum] ?? ucum, system: SYSTEM.ucum, code: ucum };
}

/** The encounter reference, only for facts recorded during the encounter. */
function encounterAt(subject: Subject, at: string): { encounter?: Reference<Encounter> } {
  return subject.encounter && at >= subject.encounter.start ? { encounter: subject.encounter.reference } : {};
}

function observationBase(
  id: string,
  key: LoincKey,
  category: Category,
  subject: Subject,
  at: string,
): Observation {
  const code = LOINC[key];
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [{ coding: [coding(SYSTEM.observationCategory, category, CATEGORY_DISPLAY[category])] }],
    code: concept(SYSTEM.loinc, code.code, code.display),
    subject: subject.patient,
    ...encounterAt(subject, at),
    effectiveDateTime: at,
  };
}

/** A vital sign with a single quantity (heart rate, body weight). */
export function vital(
  id: string,
  key: 'heartRate' | 'weight',
  subject: Subject,
  at: string,
  value: number,
): Observation {
  return {
    ...observationBase(id, key, 'vital-signs', subject, at),
    valueQuantity: quantity(value, LOINC[key].unit),
  };
}

/** A blood pressure panel (85354-9) with systolic (8480-6) and diastolic (8462-4) components. */
export function bloodPressure(
  id: string,
  subject: Subject,
  at: string,
  systolic: number,
  diastolic: number,
): Observation {
  const component = (key: 'systolic' | 'diastolic', value: number) => ({
    code: concept(SYSTEM.loinc, LOINC[key].code, LOINC[key].display),
    valueQuantity: quantity(value, LOINC[key].unit),
  });
  return {
    ...observationBase(id, 'bpPanel', 'vital-signs', subject, at),
    component: [component('systolic', systolic), component('diastolic', diastolic)],
  };
}

/** A laboratory result: a quantity in the LOINC code's unit, a string that is not a number, or absent. */
export function lab(
  id: string,
  key: LoincKey,
  subject: Subject,
  at: string,
  value: LabValue,
  issued: string,
): Observation {
  const base: Observation = { ...observationBase(id, key, 'laboratory', subject, at), issued };
  if (typeof value === 'number') return { ...base, valueQuantity: quantity(value, LOINC[key].unit) };
  if ('text' in value) return { ...base, valueString: value.text };
  const display = value.absent === 'error' ? 'Error' : 'Not Performed';
  return { ...base, dataAbsentReason: concept(SYSTEM.dataAbsentReason, value.absent, display) };
}

/** Tobacco smoking status (72166-2) with a SNOMED CT answer. */
export function smokingStatus(id: string, subject: Subject, at: string, status: SmokingKey): Observation {
  const answer = SMOKING[status];
  return {
    ...observationBase(id, 'smoking', 'social-history', subject, at),
    valueCodeableConcept: concept(SYSTEM.snomed, answer.code, answer.display),
  };
}

/** An active, confirmed Condition: chronic ones on the problem list, acute ones as encounter diagnoses. */
export function condition(id: string, key: ConditionKey, subject: Subject, onset: string): Condition {
  const c = CONDITION[key];
  const category = c.chronic ? 'problem-list-item' : 'encounter-diagnosis';
  return {
    resourceType: 'Condition',
    id,
    clinicalStatus: concept(SYSTEM.conditionClinical, 'active', 'Active'),
    verificationStatus: concept(SYSTEM.conditionVerification, 'confirmed', 'Confirmed'),
    category: [
      concept(SYSTEM.conditionCategory, category, c.chronic ? 'Problem List Item' : 'Encounter Diagnosis'),
    ],
    code: {
      coding: [
        ...('icdOnly' in c ? [] : [coding(SYSTEM.snomed, c.snomed, c.display)]),
        coding(SYSTEM.icd10cm, c.icd10, 'icdOnly' in c ? c.display : undefined),
      ],
      text: c.display,
    },
    subject: subject.patient,
    ...(c.chronic ? {} : encounterAt(subject, onset)),
    onsetDateTime: onset,
    recordedDate: onset,
  };
}

/** A Procedure as EHRs record it: done at `at` (performedDateTime), or under way since then. */
export function procedure(id: string, spec: ProcedureSpec, subject: Subject, at: string): Procedure {
  const p = PROCEDURE[spec.procedure];
  const status = spec.status ?? 'completed';
  return {
    resourceType: 'Procedure',
    id,
    status,
    code: concept(SYSTEM.snomed, p.snomed, p.display),
    subject: subject.patient,
    ...encounterAt(subject, at),
    ...(status === 'in-progress' ? { performedPeriod: { start: at } } : { performedDateTime: at }),
  };
}

const UNIT_WORD: Record<MedSpec['periodUnit'], [string, string]> = {
  min: ['minute', 'minutes'],
  h: ['hour', 'hours'],
  d: ['day', 'days'],
};

/** Human-readable timing, e.g. 'every 6 hours', 'twice daily'. */
export function timingText(m: MedSpec): string {
  const [one, many] = UNIT_WORD[m.periodUnit];
  if (m.periodUnit === 'd' && m.period === 1) {
    return m.frequency === 1
      ? 'once daily'
      : m.frequency === 2
        ? 'twice daily'
        : `${m.frequency} times daily`;
  }
  const every = m.period === 1 ? `every ${one}` : `every ${m.period} ${many}`;
  return m.frequency === 1 ? every : `${m.frequency} times ${every}`;
}

/** The dose as text: "10 mg", "1 tablet", "1-2 tablets". */
function doseText(m: MedSpec): string {
  const amount = m.doseHigh === undefined ? String(m.dose) : `${m.dose}-${m.doseHigh}`;
  const unit = UNIT_DISPLAY[m.unit] ?? m.unit;
  const plural = (m.doseHigh ?? m.dose) > 1 && /^(tablet|spray)$/.test(unit) ? 's' : '';
  return `${amount} ${unit}${plural}`;
}

/**
 * A MedicationRequest coded with an RxNorm product (its RxNorm name as display, the prescriber's words
 * as text), a category, and a structured dose (a quantity or a range) and timing.
 */
export function medicationRequest(
  id: string,
  m: MedSpec,
  subject: Subject,
  authoredOn: string,
  requester: Reference<Practitioner>,
  category: MedCategory,
): MedicationRequest {
  const drug = DRUG[m.drug];
  const route = ROUTE[m.route];
  const dose = doseText(m);
  const routeWord = route.display.replace(/ route$/, '').toLowerCase();
  const text = `${dose} ${m.noRoute ? '' : `${routeWord} `}${timingText(m)}${m.prn ? ' as needed' : ''}`;
  const doseAndRate =
    m.doseHigh === undefined
      ? [{ doseQuantity: quantity(m.dose, m.unit) }]
      : [{ doseRange: { low: quantity(m.dose, m.unit), high: quantity(m.doseHigh, m.unit) } }];
  return {
    resourceType: 'MedicationRequest',
    id,
    status: m.status ?? 'active',
    intent: 'order',
    category: [{ coding: [coding(SYSTEM.medicationCategory, category, MED_CATEGORY[category])] }],
    medicationCodeableConcept: {
      coding: [coding(SYSTEM.rxnorm, drug.rxnorm, drug.display)],
      text: drug.display,
    },
    subject: subject.patient,
    ...encounterAt(subject, authoredOn),
    authoredOn,
    requester,
    dosageInstruction: [
      {
        sequence: 1,
        text,
        timing: { repeat: { frequency: m.frequency, period: m.period, periodUnit: m.periodUnit } },
        ...(m.prn ? { asNeededBoolean: true } : {}),
        ...(m.noRoute ? {} : { route: concept(SYSTEM.snomed, route.code, route.display) }),
        doseAndRate,
      },
    ],
  };
}
