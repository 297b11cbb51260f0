/**
 * Small DEQM resources for the feedback tests, each built fresh: a Measure, a summary MeasureReport
 * (with optional per-member strata), a subject-list report and a Patient.
 */
import type { Measure, MeasureReport, Patient } from '@medplum/fhirtypes';

export const BASE = 'https://loop.example.org/fhir/Measure';
const POP = 'http://terminology.hl7.org/CodeSystem/measure-population';
const code = (c: string) => ({ coding: [{ system: POP, code: c }] });

export function measure(key: string, direction?: 'increase' | 'decrease', title = `Measure ${key}`): Measure {
  return {
    resourceType: 'Measure',
    id: key,
    url: `${BASE}/${key}`,
    version: '1.0.0',
    title,
    status: 'active',
    ...(direction
      ? {
          improvementNotation: {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/measure-improvement-notation',
                code: direction,
              },
            ],
          },
        }
      : {}),
  };
}

export interface SummaryOptions {
  key: string;
  subject: string;
  month: string;
  numerator?: number;
  denominator?: number;
  exclusion?: number;
  /** Per member: [reference, numerator, denominator]. */
  members?: [string, number, number][];
  date?: string;
  id?: string;
}

let next = 0;

/** The first and last instants of a `YYYY-MM` month, UTC. */
export function monthPeriod(month: string) {
  const [y, m] = month.split('-').map(Number);
  const start = new Date(Date.UTC(y ?? 2025, (m ?? 1) - 1, 1));
  const end = new Date(Date.UTC(y ?? 2025, m ?? 1, 1) - 1);
  return { start: start.toISOString(), end: end.toISOString() };
}

export function summary(o: SummaryOptions): MeasureReport {
  const population = [
    { code: code('denominator'), count: o.denominator ?? 10 },
    ...(o.exclusion !== undefined ? [{ code: code('denominator-exclusion'), count: o.exclusion }] : []),
    { code: code('numerator'), count: o.numerator ?? 5 },
  ];
  const stratifier = o.members
    ? [
        {
          code: [{ text: 'member' }],
          stratum: o.members.map(([who, n, d]) => ({
            value: { text: who },
            population: [
              { code: code('denominator'), count: d },
              { code: code('numerator'), count: n },
            ],
          })),
        },
      ]
    : undefined;
  return {
    resourceType: 'MeasureReport',
    id: o.id ?? `mr-${++next}`,
    status: 'complete',
    type: 'summary',
    measure: `${BASE}/${o.key}|1.0.0`,
    subject: { reference: o.subject },
    date: o.date ?? `${o.month}-28T06:00:00Z`,
    period: monthPeriod(o.month),
    group: [{ id: 'main', population, ...(stratifier ? { stratifier } : {}) }],
  };
}

/** A subject-list report: per population, a contained List of the given patient ids. */
export function subjectList(
  key: string,
  subject: string,
  month: string,
  lists: Record<string, string[]>,
): MeasureReport {
  return {
    resourceType: 'MeasureReport',
    id: `sl-${++next}`,
    status: 'complete',
    type: 'subject-list',
    measure: `${BASE}/${key}|1.0.0`,
    subject: { reference: subject },
    period: monthPeriod(month),
    contained: Object.entries(lists).map(([c, ids]) => ({
      resourceType: 'List' as const,
      id: c,
      status: 'current' as const,
      mode: 'snapshot' as const,
      entry: ids.map((id) => ({ item: { reference: `Patient/${id}` } })),
    })),
    group: [
      {
        population: Object.entries(lists).map(([c, ids]) => ({
          code: code(c),
          count: ids.length,
          subjectResults: { reference: `#${c}` },
        })),
      },
    ],
  };
}

export function person(id: string, family: string, mrn: string): Patient {
  return {
    resourceType: 'Patient',
    id,
    name: [{ use: 'official', family, given: ['Alex'] }],
    identifier: [{ type: { coding: [{ code: 'MR' }] }, value: mrn }],
  };
}
