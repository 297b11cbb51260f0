/**
 * The patients behind one number: a DEQM subject-list report's contained Lists, sorted into who needs
 * action, who met the measure and who was excluded, with names and MRNs. Pure; fetching is in load.ts.
 */
import type { Patient } from '@medplum/fhirtypes';
import { summarisePatient } from '../context/summaries';
import { parseReference } from '../fhir/reference';
import type { Direction } from './types';

export type DrillGroupKind = 'action' | 'met' | 'excluded';

export interface DrillPatient {
  id: string;
  /** Undefined when the record has no usable name, or the EHR did not return it. */
  name: string | undefined;
  mrn: string | undefined;
}

export interface DrillGroup {
  kind: DrillGroupKind;
  label: string;
  patients: DrillPatient[];
}

/** Patient ids per population of a subject-list report, or why there are none. */
export type SubjectLists = { byPopulation: Map<string, string[]>; notes: string[] } | { problem: string };

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

/**
 * The patient ids of each population, read from the report's contained Lists (`subjectResults`).
 * A population whose list is missing gets a note, not a guess.
 *
 * @example subjectLists(report).byPopulation.get('numerator'); // ['p-1', 'p-4']
 */
export function subjectLists(report: unknown): SubjectLists {
  if (!isObject(report) || report.resourceType !== 'MeasureReport')
    return { problem: 'is not a MeasureReport' };
  const group = list(report.group).find(isObject);
  if (!group) return { problem: 'has no groups' };
  const contained = new Map<string, Json>(
    list(report.contained)
      .filter(isObject)
      .map((r) => [`#${String(r.id)}`, r]),
  );
  const byPopulation = new Map<string, string[]>();
  const notes: string[] = [];
  for (const population of list(group.population).filter(isObject)) {
    const coding = isObject(population.code) ? list(population.code.coding).find(isObject) : undefined;
    const code = typeof coding?.code === 'string' ? coding.code : undefined;
    if (!code) continue;
    const target = isObject(population.subjectResults) ? population.subjectResults.reference : undefined;
    const listed = typeof target === 'string' ? contained.get(target) : undefined;
    if (!listed) {
      if (typeof population.count === 'number' && population.count > 0)
        notes.push(`The list of patients for ${code} is missing from the report.`);
      byPopulation.set(code, []);
      continue;
    }
    const ids = list(listed.entry)
      .map((e) => parseReference(isObject(e) && isObject(e.item) ? e.item.reference : undefined))
      .filter((r) => r?.type === 'Patient')
      .map((r) => r?.id ?? '');
    byPopulation.set(code, [...new Set(ids)]);
  }
  return { byPopulation, notes };
}

const LABELS: Record<Exclude<Direction, 'unknown'> | 'unknown', Record<'action' | 'met', string>> = {
  increase: { action: 'Not met', met: 'Met' },
  decrease: { action: 'Counted by the measure (lower is better)', met: 'Not counted' },
  unknown: { action: 'In the numerator', met: 'Not in the numerator' },
};

/**
 * Who needs action first: for a measure where higher is better, the patients in the denominator who
 * did not meet it; where lower is better, the patients the numerator counts (poor control, harm).
 * Then the others of the denominator, then those excluded. Empty groups are left out.
 *
 * @example drillGroups(lists.byPopulation, 'increase', patients)[0].label; // 'Not met'
 */
export function drillGroups(
  byPopulation: Map<string, string[]>,
  direction: Direction,
  patients: Map<string, DrillPatient>,
): DrillGroup[] {
  const ids = (code: string) => new Set(byPopulation.get(code) ?? []);
  const excluded = new Set([...ids('denominator-exclusion'), ...ids('denominator-exception')]);
  const numeratorOut = ids('numerator-exclusion');
  const inDenominator = [...ids('denominator')].filter((id) => !excluded.has(id));
  const numerator = ids('numerator');
  const counted = inDenominator.filter((id) => numerator.has(id) && !numeratorOut.has(id));
  const notCounted = inDenominator.filter((id) => !counted.includes(id));
  const [action, met] = direction === 'increase' ? [notCounted, counted] : [counted, notCounted];
  const labels = LABELS[direction];
  const person = (id: string): DrillPatient => patients.get(id) ?? { id, name: undefined, mrn: undefined };
  const sorted = (list: string[]) =>
    list
      .map(person)
      .sort((a, b) => (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff') || a.id.localeCompare(b.id));
  const groups: DrillGroup[] = [
    { kind: 'action', label: labels.action, patients: sorted(action) },
    { kind: 'met', label: labels.met, patients: sorted(met) },
    { kind: 'excluded', label: 'Excluded', patients: sorted([...excluded]) },
  ];
  return groups.filter((g) => g.patients.length);
}

/** Names and MRNs of the Patients the server returned, by id. */
export function drillPatients(resources: readonly unknown[], now: Date): Map<string, DrillPatient> {
  const out = new Map<string, DrillPatient>();
  for (const r of resources) {
    if (!isObject(r) || r.resourceType !== 'Patient' || typeof r.id !== 'string') continue;
    const summary = summarisePatient(r as unknown as Patient, now);
    out.set(r.id, { id: r.id, name: summary.name, mrn: summary.mrn });
  }
  return out;
}
