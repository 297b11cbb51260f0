/**
 * FHIR builders for the population history: one `Record` per admission collects the patient's
 * Encounter, Conditions, orders and results. Codes are those of the published value sets the starter
 * measures pin (product-level RxNorm, as real orders carry), and the measures' local sets.
 *
 * @example
 * const r = new Record('h-2024-01-01');
 * r.order('oxycodone', Date.parse('2024-01-03T12:00:00Z'), 'pr-001', 2);
 */
import type { Bundle, Coding, Observation, Patient, Resource } from '@medplum/fhirtypes';
import type { PersonName } from '../data/names';

const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const SNOMED = 'http://snomed.info/sct';
const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';

const CONDITIONS = {
  cancer: { code: '363346000', display: 'Malignant neoplastic disease' },
  heartFailure: { code: '84114007', display: 'Heart failure' },
  diabetes: { code: '44054006', display: 'Diabetes mellitus type 2' },
  hypertension: { code: '59621000', display: 'Essential hypertension' },
} as const;

/** Product codes from the published expansions (nephrotoxin: the measures' local set). */
const DRUGS = {
  enoxaparin: { code: '854235', display: '0.4 ML enoxaparin sodium 100 MG/ML Prefilled Syringe' },
  oxycodone: { code: '1049621', display: 'oxycodone hydrochloride 5 MG Oral Tablet' },
  naloxone: { code: '1725059', display: 'naloxone hydrochloride 40 MG/ML Nasal Spray' },
  atorvastatin: { code: '617310', display: 'atorvastatin 20 MG Oral Tablet' },
  vancomycin: { code: '1807513', display: 'vancomycin 1000 MG Injection' },
} as const;

const LABS = {
  hba1c: { code: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood', unit: '%' },
  cholesterol: { code: '2093-3', display: 'Cholesterol [Mass/volume] in Serum or Plasma', unit: 'mg/dL' },
  hdl: { code: '2085-9', display: 'Cholesterol in HDL [Mass/volume] in Serum or Plasma', unit: 'mg/dL' },
  creatinine: { code: '2160-0', display: 'Creatinine [Mass/volume] in Serum or Plasma', unit: 'mg/dL' },
} as const;

const iso = (t: number): string => new Date(t).toISOString();
const code = (system: string, c: { code: string; display: string }): Coding => ({ system, ...c });

/** The Patient as the drill-down shows it: name, MRN, sex, birth date. */
export function person(
  id: string,
  name: PersonName,
  gender: 'male' | 'female',
  age: number,
  at: number,
  n: number,
): Patient {
  const birth = new Date(at - age * 365.25 * 86_400_000 - ((n * 53) % 300) * 86_400_000);
  return {
    resourceType: 'Patient',
    id,
    identifier: [
      {
        use: 'usual',
        system: 'http://example.org/fhir/sid/mrn',
        value: `MRN-2${String(n).padStart(5, '0')}`,
      },
    ],
    name: [{ use: 'official', family: name.family, given: [name.given] }],
    gender,
    birthDate: birth.toISOString().slice(0, 10),
  };
}

export class Record {
  private readonly resources: Resource[] = [];
  private count = 0;

  constructor(private readonly patient: string) {}

  private next(prefix: string): string {
    this.count++;
    return `${prefix}-${this.patient}-${this.count}`;
  }

  private get subject() {
    return { reference: `Patient/${this.patient}` };
  }

  /** An inpatient stay; `stays` are [bed, days from admission to leaving it]. */
  encounter(start: number, end: number, participants: string[], stays: [string, number][]): void {
    let from = start;
    this.resources.push({
      resourceType: 'Encounter',
      id: `enc-${this.patient}`,
      status: 'finished',
      class: {
        system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
        code: 'IMP',
        display: 'inpatient encounter',
      },
      subject: this.subject,
      period: { start: iso(start), end: iso(end) },
      participant: participants.map((p, i) => ({
        type: [
          {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
                code: i === 0 ? 'ATND' : 'PART',
              },
            ],
          },
        ],
        individual: { reference: `Practitioner/${p}` },
      })),
      location: stays.map(([bed, days]) => {
        const until = Math.min(start + days * 86_400_000, end);
        const stay = {
          location: { reference: `Location/${bed}` },
          status: 'completed' as const,
          period: { start: iso(from), end: iso(until) },
        };
        from = until;
        return stay;
      }),
    });
  }

  condition(key: keyof typeof CONDITIONS, onset: number): void {
    this.resources.push({
      resourceType: 'Condition',
      id: this.next('cond'),
      clinicalStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
      },
      verificationStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }],
      },
      code: { coding: [code(SNOMED, CONDITIONS[key])] },
      subject: this.subject,
      onsetDateTime: iso(onset),
    });
  }

  /** An order; opioids carry `tablets` per dose, four times a day. */
  order(key: keyof typeof DRUGS, at: number, requester: string, tablets?: number): void {
    this.resources.push({
      resourceType: 'MedicationRequest',
      id: this.next('medrx'),
      status: 'completed',
      intent: 'order',
      medicationCodeableConcept: { coding: [code(RXNORM, DRUGS[key])] },
      subject: this.subject,
      encounter: { reference: `Encounter/enc-${this.patient}` },
      authoredOn: iso(at),
      requester: { reference: `Practitioner/${requester}` },
      ...(tablets
        ? {
            dosageInstruction: [
              {
                timing: { repeat: { frequency: 4, period: 1, periodUnit: 'd' as const } },
                doseAndRate: [
                  { doseQuantity: { value: tablets, unit: 'tablet', system: UCUM, code: '{tbl}' } },
                ],
              },
            ],
          }
        : {}),
    });
  }

  private observation(at: number, coding: Coding, value: Partial<Observation>): void {
    this.resources.push({
      resourceType: 'Observation',
      id: this.next('obs'),
      status: 'final',
      code: { coding: [coding] },
      subject: this.subject,
      effectiveDateTime: iso(at),
      ...value,
    });
  }

  lab(key: keyof typeof LABS, at: number, value: number): void {
    const l = LABS[key];
    this.observation(at, code(LOINC, l), {
      valueQuantity: { value, unit: l.unit, system: UCUM, code: l.unit },
    });
  }

  peg(at: number, score: number): void {
    this.observation(at, code(LOINC, { code: '91147-9', display: 'Mean score [PEG]' }), {
      valueQuantity: { value: score, unit: '{score}', system: UCUM, code: '{score}' },
    });
  }

  smoker(at: number): void {
    this.observation(at, code(LOINC, { code: '72166-2', display: 'Tobacco smoking status' }), {
      valueCodeableConcept: {
        coding: [code(SNOMED, { code: '449868002', display: 'Smokes tobacco daily' })],
      },
    });
  }

  systolic(at: number, mmHg: number): void {
    this.observation(
      at,
      code(LOINC, { code: '85354-9', display: 'Blood pressure panel with all children optional' }),
      {
        component: [
          {
            code: { coding: [code(LOINC, { code: '8480-6', display: 'Systolic blood pressure' })] },
            valueQuantity: { value: mmHg, unit: 'mm[Hg]', system: UCUM, code: 'mm[Hg]' },
          },
        ],
      },
    );
  }

  bundle(patient: Patient): Bundle {
    return {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [patient, ...this.resources].map((resource) => ({ resource })),
    };
  }
}
