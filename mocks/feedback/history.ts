/**
 * A 24-month population history for the simulator's hospital (the wards, beds and clinicians of
 * `mocks/data/facility.ts`): every month about 23 admissions to Medical Ward 4B and 4 to the ICU (the
 * small unit, whose monthly counts fall under the small-n threshold), each a new patient with the FHIR
 * record the starter measures read. Rates drift and vary by chance; Dr Castellanos (pr-001, 4B) gives
 * VTE prophylaxis and naloxone far more often once the prompts start (month 13). Deterministic: a seed,
 * no clock.
 *
 * @example
 * const history = generateHistory({ months: monthsEndingWith('2025-12', 24) });
 */
import type { Bundle, Patient, Resource } from '@medplum/fhirtypes';
import { buildFacility } from '../data/facility';
import { drawName } from '../data/names';
import { Rng } from '../data/random';
import type { MeasurePeriod } from '../../src/measures/period';
import type { Directory } from '../../src/measures/input';
import * as fhir from './history-resources';

export interface HistoryOptions {
  months: MeasurePeriod[];
  seed?: number;
  /** Month index (0-based) from which the prompts run. Default 12. */
  promptsFrom?: number;
  /** Names already used (the simulator's patients), so none repeats. */
  taken?: Set<string>;
  /** Admissions per month (default 20-26 on the ward, 3-5 in the ICU); a benchmark asks for thousands. */
  perMonth?: { ward: number; icu: number };
}

export interface History {
  patients: Bundle[];
  /** Name, MRN, sex and birth date of each patient, for the drill-down. */
  people: Patient[];
  directory: Directory;
}

interface Staff {
  physician: string;
  nurses: string[];
  pharmacist?: string;
}

const STAFF: Record<'unit-4b' | 'unit-icu', Staff> = {
  'unit-4b': { physician: 'pr-001', nurses: ['pr-002', 'pr-003'], pharmacist: 'pr-004' },
  'unit-icu': { physician: 'pr-005', nurses: ['pr-006'] },
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The chance of each care step in month `m`, by physician: the loop's story lives here. */
function chances(physician: string, m: number, promptsFrom: number) {
  const prompted = m >= promptsFrom;
  const castellanos = physician === 'pr-001';
  return {
    vteProphylaxis: castellanos ? (prompted ? 0.8 + 0.006 * (m - promptsFrom) : 0.42 + 0.004 * m) : 0.74,
    naloxone: castellanos ? (prompted ? 0.72 : 0.22) : 0.5,
    statin: 0.45 + 0.006 * m,
    aki: 0.2 - 0.003 * m,
    hba1cMean: 8.4 - 0.035 * m,
    pegImproves: (castellanos && prompted ? 0.62 : 0.5) + 0.002 * m,
  };
}

export function directoryOf(): Directory {
  const facility = buildFacility();
  const practitioners = facility.practitionerResources.filter((r) => r.resourceType === 'Practitioner');
  const roles = facility.practitionerResources.filter((r) => r.resourceType === 'PractitionerRole');
  return {
    practitioners: new Map(practitioners.map((p) => [p.id ?? '', p])),
    roles,
    locations: new Map(facility.locations.map((l) => [l.id ?? '', l])),
  };
}

export function generateHistory(options: HistoryOptions): History {
  const rng = new Rng(options.seed ?? 2024);
  const promptsFrom = options.promptsFrom ?? 12;
  const facility = buildFacility();
  const taken = new Set(options.taken ?? []);
  const patients: Bundle[] = [];
  const people: Patient[] = [];
  options.months.forEach((month, m) => {
    const monthStart = Date.parse(month.start);
    const admissions: ('unit-4b' | 'unit-icu')[] = [
      ...Array.from({ length: options.perMonth?.ward ?? rng.int(20, 26) }, () => 'unit-4b' as const),
      ...Array.from({ length: options.perMonth?.icu ?? rng.int(3, 5) }, () => 'unit-icu' as const),
    ];
    admissions.forEach((unit, i) => {
      const id = `h-${month.label}-${String(i + 1).padStart(2, '0')}`;
      const staff = STAFF[unit];
      const nurse = staff.nurses[i % staff.nurses.length] ?? 'pr-002';
      const p = chances(staff.physician, m, promptsFrom);
      const start = monthStart + rng.int(0, 26) * DAY + rng.int(7, 20) * HOUR;
      const gender = rng.next() < 0.5 ? 'female' : 'male';
      const age = rng.int(35, 89);
      // The invented names give 1,188 people: past 900, let them repeat rather than search for long.
      if (taken.size > 900) taken.clear();
      const name = drawName(rng, gender, taken);
      const person = fhir.person(id, name, gender, age, start, people.length + 1);
      people.push(person);
      const beds = facility.beds[unit] ?? [];
      const bed = beds[rng.int(0, beds.length - 1)]?.id ?? '';
      const days = rng.int(2, 8);
      const transfer = unit === 'unit-icu' && rng.next() < 0.4;
      const wardBed = facility.beds['unit-4b']?.[rng.int(0, 27)]?.id ?? '';
      const record = new fhir.Record(id);
      const nephrotoxin = rng.next() < 0.3;
      const participants = [
        staff.physician,
        nurse,
        ...(nephrotoxin && staff.pharmacist ? [staff.pharmacist] : []),
      ];
      record.encounter(
        start,
        start + days * DAY,
        participants,
        transfer
          ? [
              [bed, 2],
              [wardBed, days],
            ]
          : [[bed, days]],
      );

      if (rng.next() < 0.6) {
        // Padua 4 or more: active cancer (3) with age 70+ or heart failure (1).
        record.condition('cancer', start - rng.int(60, 400) * DAY);
        if (age < 70) record.condition('heartFailure', start - rng.int(200, 900) * DAY);
        const roll = rng.next();
        if (roll < p.vteProphylaxis)
          record.order('enoxaparin', start + rng.int(1, 20) * HOUR, staff.physician);
        else if (roll < p.vteProphylaxis + 0.08)
          record.order('enoxaparin', start + rng.int(30, 60) * HOUR, staff.physician);
      }
      if (rng.next() < 0.45) {
        const high = rng.next() < 0.65;
        const opioidAt = start + rng.int(2, 30) * HOUR;
        record.order('oxycodone', opioidAt, staff.physician, high ? 2 : 1);
        if (high && rng.next() < p.naloxone)
          record.order('naloxone', opioidAt + rng.int(0, 6) * HOUR, staff.physician);
        if (rng.next() < 0.7) {
          const baseline = rng.int(55, 85) / 10;
          const improved = rng.next() < p.pegImproves;
          const ratio = improved ? rng.int(30, 65) / 100 : rng.int(72, 110) / 100;
          record.peg(opioidAt - rng.int(1, 20) * HOUR, baseline);
          record.peg(opioidAt + rng.int(80, 100) * DAY, Math.round(baseline * ratio * 10) / 10);
        }
      }
      if (age <= 75 && rng.next() < 0.4) {
        record.condition('diabetes', start - rng.int(400, 4000) * DAY);
        if (rng.next() < 0.85) {
          const value = Math.max(5.6, Math.round((p.hba1cMean + (rng.next() - 0.5) * 4) * 10) / 10);
          record.lab('hba1c', start - rng.int(0, 80) * DAY + 2 * HOUR, value);
        }
      }
      if (age >= 45 && age <= 75 && rng.next() < 0.3) {
        record.condition('hypertension', start - rng.int(400, 3000) * DAY);
        record.smoker(start - rng.int(10, 200) * DAY);
        record.lab('cholesterol', start - rng.int(5, 300) * DAY, rng.int(225, 290));
        record.lab('hdl', start - rng.int(5, 300) * DAY, rng.int(32, 44));
        record.systolic(start + 3 * HOUR, rng.int(142, 168));
        if (rng.next() < p.statin)
          record.order('atorvastatin', start + rng.int(4, 40) * HOUR, staff.physician);
      }
      if (nephrotoxin) {
        const baseline = rng.int(7, 11) / 10;
        record.order('vancomycin', start + 10 * HOUR, staff.physician);
        record.lab('creatinine', start + 2 * HOUR, baseline);
        const aki = rng.next() < p.aki;
        record.lab('creatinine', start + 58 * HOUR, Math.round(baseline * (aki ? 1.7 : 1.05) * 10) / 10);
      }
      patients.push(record.bundle(person));
    });
  });
  return { patients, people, directory: directoryOf() };
}

/** All resources of the history, for an NDJSON export of it. */
export function historyResources(history: History): Resource[] {
  return history.patients.flatMap((b) => (b.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : [])));
}
