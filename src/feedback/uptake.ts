/**
 * My prompt uptake beside my outcomes: accepted, overridden (with the reason mix) and ignored, mine
 * against my unit's, from the process-measure reports the measures batch writes from the interaction
 * log (src/measures/uptake.ts: prompt-acceptance, prompt-override stratified by HL7 non-adherence
 * reason, prompt-ignore). Pure.
 */
import { STANDARD_OVERRIDE_REASONS } from '../cds/cards';
import type { MeasureInfo, ReportPoint, UptakeView } from './types';
import { cellOf } from './cells';

export interface UptakeInput {
  measures: MeasureInfo[];
  mine: ReportPoint[];
  unit: ReportPoint[];
  ward: string | undefined;
  minCases: number;
}

const ROWS = [
  { key: 'prompt-acceptance', kind: 'accepted', label: 'Accepted' },
  { key: 'prompt-override', kind: 'overridden', label: 'Overridden' },
  { key: 'prompt-ignore', kind: 'ignored', label: 'No response' },
] as const;

const REASON_LABELS = new Map(STANDARD_OVERRIDE_REASONS.map((r) => [r.code, r.display ?? r.code]));

/** Override reasons of a report, most used first; reasons nobody chose are left out. */
function reasonsOf(point: ReportPoint | undefined) {
  return (point?.strata ?? [])
    .filter((s) => s.stratifier === 'reason' && s.counts.numerator > 0)
    .map((s) => ({ code: s.value, label: REASON_LABELS.get(s.value) ?? s.value, count: s.counts.numerator }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

/**
 * The uptake of the latest month with uptake reports of mine; undefined when the server has none (a
 * deployment whose log is not analysed, or a clinician who has seen no prompt).
 *
 * @example uptakeView({ measures, mine, unit, ward: 'Location/unit-4b', minCases: 5 })?.rows[0].mine;
 */
export function uptakeView(input: UptakeInput): UptakeView | undefined {
  const urls = new Map(input.measures.filter((m) => m.kind === 'uptake').map((m) => [m.key, m.url] as const));
  const isUptake = (p: ReportPoint) => [...urls.values()].includes(p.measureUrl);
  const mine = input.mine.filter(isUptake);
  const month = mine
    .map((p) => p.month)
    .sort()
    .pop();
  if (!month) return undefined;
  const find = (points: ReportPoint[], key: string) =>
    points.find((p) => p.month === month && p.measureUrl === urls.get(key));
  const unit = input.unit.filter(isUptake);
  const rows = ROWS.filter((r) => urls.has(r.key)).map((r) => ({
    kind: r.kind,
    label: r.label,
    mine: cellOf(find(mine, r.key), input.minCases),
    unit: input.ward ? cellOf(find(unit, r.key), input.minCases) : undefined,
  }));
  const asOf = mine.find((p) => p.month === month && p.date)?.date;
  return {
    month,
    asOf,
    rows,
    reasons: reasonsOf(find(mine, 'prompt-override')),
    unitReasons: reasonsOf(find(unit, 'prompt-override')),
  };
}
