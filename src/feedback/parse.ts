/**
 * Reading Measures and summary MeasureReports defensively: what a server sends may have no group, a
 * missing or negative count, a numerator above its denominator. Each such report becomes one clear
 * line (a ReportProblem), never a number.
 */
import { parseReference, referenceKey } from '../fhir/reference';
import type { Counts, Direction, MeasureInfo, ReportPoint, ReportProblem, Stratum } from './types';

/** The process measures of prompt uptake (src/measures/uptake.ts, written by the measures batch). */
export const UPTAKE_KEYS = ['prompt-acceptance', 'prompt-override', 'prompt-ignore'] as const;

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const text = (x: unknown): string | undefined => (typeof x === 'string' && x.trim() ? x.trim() : undefined);

/** `url|version` to `url`. */
export const canonicalUrl = (canonical: string): string => canonical.split('|')[0] ?? canonical;

/** The direction a Measure or report states in `improvementNotation` (a CodeableConcept in R4). */
export function directionOf(notation: unknown): Direction {
  const codes = isObject(notation)
    ? list(notation.coding).map((c) => (isObject(c) ? c.code : undefined))
    : [];
  if (codes.includes('increase')) return 'increase';
  if (codes.includes('decrease')) return 'decrease';
  return 'unknown';
}

/**
 * A Measure's title, direction and kind; undefined for anything that is not a Measure with a URL.
 *
 * @example parseMeasure({ resourceType: 'Measure', url: 'https://x.org/Measure/vte', title: 'VTE' })?.key; // 'vte'
 */
export function parseMeasure(resource: unknown): MeasureInfo | undefined {
  if (!isObject(resource) || resource.resourceType !== 'Measure') return undefined;
  const url = text(resource.url);
  if (!url) return undefined;
  const key = url.split('/').pop() ?? url;
  const description = text(resource.description);
  return {
    url: canonicalUrl(url),
    key,
    title: text(resource.title) ?? text(resource.name) ?? key,
    direction: directionOf(resource.improvementNotation),
    kind: (UPTAKE_KEYS as readonly string[]).includes(key) ? 'uptake' : 'clinical',
    ...(description ? { description } : {}),
  };
}

/** A population's count by its code, `undefined` when the population is absent, `NaN` when its count is. */
function countsByCode(populations: unknown[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of populations) {
    if (!isObject(p)) continue;
    const coding = isObject(p.code) ? list(p.code.coding)[0] : undefined;
    const code = isObject(coding) ? text(coding.code) : undefined;
    if (code) out.set(code, typeof p.count === 'number' ? p.count : NaN);
  }
  return out;
}

/** Numerator and denominator (after exclusions and exceptions), or why they cannot be had. */
export function readCounts(populations: unknown[]): Counts | string {
  const by = countsByCode(populations);
  const get = (code: string) => by.get(code);
  const numerator = get('numerator');
  const denominator = get('denominator');
  if (numerator === undefined || denominator === undefined)
    return `has no ${numerator === undefined ? 'numerator' : 'denominator'} count`;
  const all = [...by.entries()];
  const missing = all.find(([, n]) => Number.isNaN(n));
  if (missing) return `has no count for its ${missing[0]} population`;
  const bad = all.find(([, n]) => n < 0 || !Number.isInteger(n));
  if (bad) return `has a ${bad[1] < 0 ? 'negative' : 'fractional'} ${bad[0]} count (${bad[1]})`;
  const left = denominator - (get('denominator-exclusion') ?? 0) - (get('denominator-exception') ?? 0);
  const met = numerator - (get('numerator-exclusion') ?? 0);
  if (left < 0) return `excludes more patients than its denominator holds (${denominator})`;
  if (met < 0) return 'excludes more patients from its numerator than it holds';
  if (met > left) return `has a numerator (${met}) above its denominator (${left})`;
  return { numerator: met, denominator: left };
}

function stratumValue(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  const coding = list(value.coding)[0];
  const raw = text(value.text) ?? (isObject(coding) ? text(coding.code) : undefined);
  // A peer Group's member strata name clinicians: one spelling of their references.
  const member = parseReference(raw);
  return member?.type.startsWith('Practitioner') ? referenceKey(member) : raw;
}

function readStrata(group: Json): Stratum[] {
  const out: Stratum[] = [];
  for (const stratifier of list(group.stratifier)) {
    if (!isObject(stratifier)) continue;
    const code = list(stratifier.code)[0];
    const name = (isObject(code) ? text(code.text) : undefined) ?? text(stratifier.id) ?? 'stratum';
    for (const s of list(stratifier.stratum)) {
      const value = isObject(s) ? stratumValue(s.value) : undefined;
      const counts = isObject(s) ? readCounts(list(s.population)) : 'is not an object';
      // A stratum that cannot be read drops out of the benchmark; the report's own counts still hold.
      if (value && typeof counts !== 'string') out.push({ stratifier: name, value, counts });
    }
  }
  return out;
}

/** `YYYY-MM` of an instant's UTC month, or undefined. */
function monthOf(start: unknown): string | undefined {
  const at = typeof start === 'string' ? Date.parse(start) : NaN;
  return Number.isNaN(at) ? undefined : new Date(at).toISOString().slice(0, 7);
}

/**
 * A summary MeasureReport as a point, or the one reason it cannot be used.
 *
 * @example
 * const read = parseReport(resource);
 * if ('message' in read) console.warn(read.message); else console.log(read.counts);
 */
export function parseReport(resource: unknown): ReportPoint | ReportProblem {
  const report = isObject(resource) ? resource : {};
  const reportId = text(report.id) ?? '(no id)';
  const measure = text(report.measure);
  const measureUrl = measure ? canonicalUrl(measure) : undefined;
  const month = monthOf(isObject(report.period) ? report.period.start : undefined);
  const problem = (message: string): ReportProblem => ({ reportId, measureUrl, month, message });
  if (report.resourceType !== 'MeasureReport') return problem('is not a MeasureReport');
  if (!measureUrl) return problem('names no measure');
  // Absolute or versioned references (`https://ehr/fhir/Practitioner/1/_history/2`) as `Type/id`.
  const parsed = parseReference(isObject(report.subject) ? report.subject.reference : undefined);
  if (!parsed) return problem('names no subject');
  const subject = referenceKey(parsed);
  if (!month) return problem('has no period start');
  const groups = list(report.group).filter(isObject);
  const [group] = groups;
  if (!group) return problem('has no groups');
  const counts = readCounts(list(group.population));
  if (typeof counts === 'string') return problem(counts);
  return {
    id: reportId,
    measureUrl,
    subject,
    month,
    date: text(report.date),
    counts,
    direction: directionOf(report.improvementNotation),
    strata: readStrata(group),
  };
}
