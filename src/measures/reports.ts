/**
 * MeasureReports in the shapes of Da Vinci DEQM: individual (one patient), summary (a clinician as
 * `Practitioner`, a unit as `Location`, peers as a `Group`) and subject-list (the patients behind each
 * population, as contained `List`s). Every report carries an identifier made of measure, type, subject
 * and period, so a rerun of the same period replaces what it wrote (conditional update) instead of
 * adding to it, and an id derived from that identifier. Pure: no clock (the data date is passed in).
 *
 * @example
 * const tallies = tally(attributed);
 * const reports = summaryReports(tallies, context);
 */
import { createHash } from 'node:crypto';
import type {
  Extension,
  List,
  Measure,
  MeasureReport,
  MeasureReportGroupPopulation,
  MeasureReportGroupStratifier,
  Reference,
} from '@medplum/fhirtypes';
import { MEASURE_BASE } from './catalog';
import type { PopulationCode } from './catalog';
import type { PatientMeasureResult } from './engine';
import type { MeasurePeriod } from './period';

export const REPORT_IDENTIFIER_SYSTEM = `${MEASURE_BASE}/sid/measure-report`;
export const ATTRIBUTED_TO = `${MEASURE_BASE}/StructureDefinition/attributed-to`;
/** The stratifier of a peer Group's summary that holds one stratum per member clinician. */
export const GROUP_MEMBER_STRATIFIER = {
  system: `${MEASURE_BASE}/CodeSystem/stratifier`,
  code: 'group-member',
};
const DEQM = 'http://hl7.org/fhir/us/davinci-deqm/StructureDefinition';
const PROFILE = {
  individual: `${DEQM}/indv-measurereport-deqm`,
  summary: `${DEQM}/summary-measurereport-deqm`,
  'subject-list': `${DEQM}/subjectlist-measurereport-deqm`,
} as const;
const POPULATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/measure-population';
const ORDER: PopulationCode[] = [
  'initial-population',
  'denominator',
  'denominator-exclusion',
  'denominator-exception',
  'numerator',
];

export type ReportType = keyof typeof PROFILE;

export interface ReportContext {
  period: MeasurePeriod;
  /** The data-as-of date written in `MeasureReport.date` (RFC 3339). */
  date: string;
  measures: Map<string, Measure>;
  /** `Organization/<id>` that reports, if any. */
  reporter?: string;
}

/** A patient's result with whom it is attributed to (`Practitioner/..`, `Location/..`, `Group/..`). */
export interface AttributedResult extends PatientMeasureResult {
  subjects: string[];
}

/** Counts and patients per population, for one measure and one subject. */
export interface Tally {
  measure: string;
  subject: string;
  patients: Partial<Record<PopulationCode, string[]>>;
}

/**
 * `measure:type:subject:period`: what makes a report the same report on a rerun. No `|` or `,` (they
 * would split a token search `identifier=system|value`): a subject whose id has one (not a valid FHIR
 * id, but data is data) has it percent-encoded, with `%` itself, so keys of valid ids never change.
 *
 * @example reportKey('vte-prophylaxis', 'summary', 'Location/ward-a', '2026-01') // 'vte-prophylaxis:summary:Location/ward-a:2026-01'
 */
export function reportKey(measure: string, type: ReportType, subject: string, period: string): string {
  const safe = subject.replace(/[%|,]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${measure}:${type}:${safe}:${period}`;
}

/** A FHIR id (64 characters at most) derived from the report key. */
export function reportId(key: string): string {
  return `mr-${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

/** Groups attributed results per measure and subject; a patient counts once per subject. */
export function tally(results: AttributedResult[]): Tally[] {
  const out = new Map<string, Tally>();
  for (const r of results) {
    for (const subject of new Set(r.subjects)) {
      const key = `${r.measure}|${subject}`;
      const t = out.get(key) ?? { measure: r.measure, subject, patients: {} };
      for (const code of ORDER) {
        if (!r.populations[code]) continue;
        const list = (t.patients[code] ??= []);
        if (!list.includes(r.patient)) list.push(r.patient);
      }
      out.set(key, t);
    }
  }
  for (const t of out.values()) for (const list of Object.values(t.patients)) list.sort();
  return [...out.values()].sort((a, b) =>
    `${a.measure}|${a.subject}`.localeCompare(`${b.measure}|${b.subject}`),
  );
}

/** numerator / (denominator - exclusions - exceptions); undefined when nothing is left to divide by. */
export function score(counts: Partial<Record<PopulationCode, number>>): number | undefined {
  const den =
    (counts.denominator ?? 0) -
    (counts['denominator-exclusion'] ?? 0) -
    (counts['denominator-exception'] ?? 0);
  return den > 0 ? (counts.numerator ?? 0) / den : undefined;
}

function base(measureId: string, type: ReportType, subject: string, ctx: ReportContext): MeasureReport {
  const measure = ctx.measures.get(measureId);
  if (!measure?.url) throw new Error(`no Measure ${measureId}`);
  const key = reportKey(measureId, type, subject, ctx.period.label);
  return {
    resourceType: 'MeasureReport',
    id: reportId(key),
    meta: { profile: [PROFILE[type]] },
    identifier: [{ system: REPORT_IDENTIFIER_SYSTEM, value: key }],
    status: 'complete',
    type,
    measure: measure.version ? `${measure.url}|${measure.version}` : measure.url,
    subject: { reference: subject },
    date: ctx.date,
    ...(ctx.reporter ? { reporter: { reference: ctx.reporter } } : {}),
    period: { start: ctx.period.start, end: ctx.period.end },
    ...(measure.improvementNotation ? { improvementNotation: measure.improvementNotation } : {}),
  };
}

const popCode = (code: PopulationCode) => ({ coding: [{ system: POPULATION_SYSTEM, code }] });

function populationsOf(measureId: string, ctx: ReportContext): PopulationCode[] {
  const declared = ctx.measures.get(measureId)?.group?.[0]?.population ?? [];
  const codes = declared.map((p) => p.code?.coding?.[0]?.code as PopulationCode);
  return ORDER.filter((c) => codes.includes(c));
}

/** One individual report per patient result that reached the initial population. */
export function individualReport(r: AttributedResult, ctx: ReportContext): MeasureReport {
  const report = base(r.measure, 'individual', `Patient/${r.patient}`, ctx);
  const evaluated: Reference[] = [r.encounter, r.order]
    .filter((x): x is string => !!x)
    .map((reference) => ({ reference }));
  const attributed: Extension[] = r.subjects
    .filter((s) => !s.startsWith('Group/'))
    .map((reference) => ({ url: ATTRIBUTED_TO, valueReference: { reference } }));
  return {
    ...report,
    ...(attributed.length ? { extension: attributed } : {}),
    group: [
      {
        id: 'main',
        population: populationsOf(r.measure, ctx).map((code) => ({
          code: popCode(code),
          count: r.populations[code] ? 1 : 0,
        })),
      },
    ],
    ...(evaluated.length ? { evaluatedResource: evaluated } : {}),
  };
}

function counts(t: Tally): Partial<Record<PopulationCode, number>> {
  return Object.fromEntries(ORDER.map((c) => [c, t.patients[c]?.length ?? 0]));
}

const scoreOf = (value: number | undefined) =>
  value === undefined ? {} : { measureScore: { value: Math.round(value * 10000) / 10000 } };

/**
 * One stratum per member clinician of a peer Group, value the member's reference, with the member's own
 * counts: what the feedback view needs to rank peers for the achievable benchmark of care (Kiefe 2001)
 * and to take their median. Members without results for the measure have no stratum.
 */
function memberStratifier(
  members: Tally[],
  measureId: string,
  ctx: ReportContext,
): MeasureReportGroupStratifier {
  return {
    code: [{ coding: [GROUP_MEMBER_STRATIFIER], text: 'group member' }],
    stratum: members.map((m) => {
      const n = counts(m);
      return {
        value: { text: m.subject },
        population: populationsOf(measureId, ctx).map((code) => ({
          code: popCode(code),
          count: n[code] ?? 0,
        })),
        ...scoreOf(score(n)),
      };
    }),
  };
}

/**
 * The summary report of one tally: counts and the score; for a peer Group, `members` (the tallies of
 * its member clinicians for the same measure) become one stratum each.
 */
export function summaryReport(t: Tally, ctx: ReportContext, members: Tally[] = []): MeasureReport {
  const n = counts(t);
  const value = score(n);
  return {
    ...base(t.measure, 'summary', t.subject, ctx),
    group: [
      {
        id: 'main',
        population: populationsOf(t.measure, ctx).map((code) => ({
          code: popCode(code),
          count: n[code] ?? 0,
        })),
        ...scoreOf(value),
        ...(members.length ? { stratifier: [memberStratifier(members, t.measure, ctx)] } : {}),
      },
    ],
  };
}

/** The subject-list report of one tally: one contained List of Patient references per population. */
export function subjectListReport(t: Tally, ctx: ReportContext): MeasureReport {
  const contained: List[] = [];
  const population: MeasureReportGroupPopulation[] = populationsOf(t.measure, ctx).map((code) => {
    const patients = t.patients[code] ?? [];
    if (!patients.length) return { code: popCode(code), count: 0 };
    contained.push({
      resourceType: 'List',
      id: code,
      status: 'current',
      mode: 'snapshot',
      entry: patients.map((p) => ({ item: { reference: `Patient/${p}` } })),
    });
    return { code: popCode(code), count: patients.length, subjectResults: { reference: `#${code}` } };
  });
  return {
    ...base(t.measure, 'subject-list', t.subject, ctx),
    contained,
    group: [{ id: 'main', population }],
  };
}
