/*
 * The declarative shape of one synthetic patient. Scenario patients are written out by hand in
 * scenarios.ts, so the values a rule decides on never depend on the seed; background patients are
 * drawn from the seeded generator in background.ts.
 */
import type {
  ConditionKey,
  DrugKey,
  LoincKey,
  MedCategory,
  ProcedureKey,
  RouteKey,
  SmokingKey,
} from './codes';

/** A lab value: a number in the lab's unit, an unparseable string, or a data-absent reason. */
export type LabValue = number | { text: string } | { absent: 'error' | 'not-performed' };

export interface LabPoint {
  hoursAgo: number;
  value: LabValue;
  /** Another LOINC code for the same test (labs report HbA1c, platelets, creatinine under several). */
  code?: LoincKey;
}

export type LabKey = 'platelets' | 'creatinine' | 'creatinineMolar' | 'hba1c' | 'cholesterol' | 'hdl';

export interface MedSpec {
  drug: DrugKey;
  dose: number;
  /** UCUM code of the dose: a mass, units, or a count of tablets or sprays of the product. */
  unit: 'mg' | '[iU]' | '{tbl}' | '{spray}';
  /** The top of a dose range ("1-2 tablets"): the dose is then `dose` to `doseHigh`. */
  doseHigh?: number;
  route: RouteKey;
  /** No route on the order (EHRs leave it out; the product's dose form says it). */
  noRoute?: boolean;
  /** MedicationRequest.category; default inpatient during a stay, outpatient without one. */
  category?: MedCategory;
  /** timing.repeat: `frequency` times per `period` `periodUnit`. */
  frequency: number;
  period: number;
  periodUnit: 'min' | 'h' | 'd';
  prn?: boolean;
  /** MedicationRequest.status; default 'active'. */
  status?: 'active' | 'stopped';
}

/** A procedure done `daysAgo` days ago (or, in progress, started then). */
export interface ProcedureSpec {
  procedure: ProcedureKey;
  daysAgo: number;
  /** Procedure.status; default 'completed'. */
  status?: 'completed' | 'in-progress' | 'entered-in-error';
}

export type UnitId = 'unit-4b' | 'unit-icu';

export interface PatientSpec {
  scenarios: string[];
  /**
   * 'bed': an in-progress encounter in a bed of `unit`; 'no-location': an in-progress encounter
   * without Encounter.location (its clinicians are from `unit`); 'none': no encounter at all.
   */
  encounter: 'bed' | 'no-location' | 'none';
  unit: UnitId;
  encounterClass?: 'IMP' | 'ACUTE';
  /** The unit of an earlier, completed bed in the same encounter (a transfer). */
  previousUnit?: UnitId;
  admittedDaysAgo?: number;
  /**
   * Admitted this many hours ago (instead of 2 to 6 days): a stay young enough that a prophylaxis
   * ordered now still counts as within 24 hours of admission in the VTE measure.
   */
  admittedHoursAgo?: number;
  age: number;
  gender: 'male' | 'female';
  conditions: ConditionKey[];
  meds: MedSpec[];
  /** Procedures on record (dialysis, revascularisation, palliative care); none by default. */
  procedures?: ProcedureSpec[];
  /** Labs beyond the defaults; giving creatinine or creatinineMolar replaces the default creatinine. */
  labs?: Partial<Record<LabKey, LabPoint[]>>;
  systolic?: number;
  weight?: number;
  smoking?: SmokingKey;
  /** Default: prophylaxis (enoxaparin on the ward, heparin in the ICU) for ICU patients and those 50 or older. */
  vteProphylaxis?: boolean;
  /** The Patient has no name element at all. */
  noName?: boolean;
}

/** `dose` every `hours` hours. */
export function every(
  drug: DrugKey,
  dose: number,
  route: RouteKey,
  hours: number,
  unit: MedSpec['unit'] = 'mg',
): MedSpec {
  return { drug, dose, unit, route, frequency: 1, period: hours, periodUnit: 'h' };
}

/** `dose` `times` times a day. */
export function daily(
  drug: DrugKey,
  dose: number,
  route: RouteKey,
  times = 1,
  unit: MedSpec['unit'] = 'mg',
): MedSpec {
  return { drug, dose, unit, route, frequency: times, period: 1, periodUnit: 'd' };
}

export const days = (n: number): number => n * 24;

export const ENOXAPARIN_PROPHYLAXIS: MedSpec = daily('enoxaparin', 40, 'subcut');
export const HEPARIN_PROPHYLAXIS: MedSpec = every('heparin', 5000, 'subcut', 8, '[iU]');
