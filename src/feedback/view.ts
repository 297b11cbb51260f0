/**
 * The clinician's feedback view from the reports read: per clinical measure the current month (mine,
 * my unit's, my peers' median and the achievable benchmark), the trend, and a line for every report
 * left out. Pure: no clock, no network.
 */
import { achievableBenchmark, peerMedian, type Provider } from './benchmark';
import { cellOf } from './cells';
import { monthLabel } from './format';
import { uptakeView } from './uptake';
import type {
  FeedbackView,
  MeasureInfo,
  MeasureView,
  PeerSummary,
  ReportPoint,
  ReportProblem,
  TrendRow,
} from './types';

export interface ViewInput {
  measures: MeasureInfo[];
  /** Summary reports by whose they are. */
  mine: ReportPoint[];
  unit: ReportPoint[];
  peers: ReportPoint[];
  problems: ReportProblem[];
  /** `Practitioner/<id>` of the signed-in clinician. */
  me: string;
  /** `Location/<id>` of the ward; undefined when unknown. */
  ward: string | undefined;
  /** Fewer patients than this and a rate is "too few patients" (default 5). */
  minCases: number;
  /** The clinician's peer Groups, with their names. */
  peerGroups?: { reference: string; name: string }[];
}

/** The fewest peers with patients a median and a target are taken over. */
export const MIN_PEERS = 2;

/** The strata that name clinicians: one provider each, the first seen kept when groups overlap. */
function providersOf(points: ReportPoint[]): Provider[] {
  const byWho = new Map<string, Provider>();
  for (const p of points)
    for (const s of p.strata)
      if (s.value.startsWith('Practitioner') && !byWho.has(s.value))
        byWho.set(s.value, { who: s.value, ...s.counts });
  return [...byWho.values()];
}

function peerSummary(points: ReportPoint[], measure: MeasureInfo, minCases: number): PeerSummary | undefined {
  if (!points.length) return undefined;
  const sorted = [...points].sort((a, b) => a.subject.localeCompare(b.subject));
  const pooled = cellOf(sorted[0], minCases);
  const providers = providersOf(sorted);
  if (!providers.length)
    return {
      median: undefined,
      medianOf: 0,
      benchmark: undefined,
      pooled,
      note: 'The peer report gives no per-clinician counts, so there is no median or benchmark.',
    };
  // One clinician's rate is not a comparison (and may be the reader's own): a median and a target need
  // at least two peers with patients.
  const several = providers.filter((p) => p.denominator > 0).length >= MIN_PEERS;
  const { median, of } = several ? peerMedian(providers, minCases) : { median: undefined, of: 0 };
  const abc = several ? achievableBenchmark(providers, measure.direction) : undefined;
  const credible = abc && abc.denominator >= minCases ? abc : undefined;
  const note = !several
    ? 'Only one clinician in your peer group had patients, so there is no median or target.'
    : measure.direction === 'unknown'
      ? 'The measure does not say which way is better, so there is no benchmark.'
      : !credible
        ? 'Too few patients among your peers for a benchmark.'
        : median === undefined
          ? `No peer had ${minCases} or more patients, so there is no median.`
          : undefined;
  return { median, medianOf: of, benchmark: credible, pooled, note };
}

/** Points by month, the newest data first within a month (a rerun that wrote a second report). */
const byMonth = (points: ReportPoint[]) => {
  const map = new Map<string, ReportPoint[]>();
  for (const p of points) map.set(p.month, [...(map.get(p.month) ?? []), p]);
  for (const list of map.values()) list.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
  return map;
};

/** A problem of one report as a sentence. */
export const problemLine = (p: ReportProblem): string =>
  `The report ${p.month ? `for ${monthLabel(p.month)} ` : ''}${p.message}, so it is left out (MeasureReport/${p.reportId}).`;

function measureView(measure: MeasureInfo, input: ViewInput): MeasureView | undefined {
  const of = (points: ReportPoint[]) => points.filter((p) => p.measureUrl === measure.url);
  const [mine, unit, peers] = [byMonth(of(input.mine)), byMonth(of(input.unit)), byMonth(of(input.peers))];
  const months = [...new Set([...mine.keys(), ...unit.keys(), ...peers.keys()])].sort();
  const month = months[months.length - 1];
  if (!month) return undefined;
  const trend: TrendRow[] = months.map((m) => {
    const peer = peerSummary(peers.get(m) ?? [], measure, input.minCases);
    const point = mine.get(m)?.[0];
    return {
      month: m,
      mine: cellOf(point, input.minCases),
      unit: input.ward ? cellOf(unit.get(m)?.[0], input.minCases) : undefined,
      peersMedian: peer?.median,
      benchmark: peer?.benchmark?.rate,
      // Only my own number has a patient list: the unit's, the peers' and the target are other
      // clinicians' patients.
      drill:
        point && point.counts.denominator > 0
          ? { measureUrl: measure.url, measureKey: measure.key, subject: input.me, month: m }
          : undefined,
    };
  });
  const current = trend[trend.length - 1];
  const mineNow = mine.get(month)?.[0];
  const asOf = [mineNow, unit.get(month)?.[0], ...(peers.get(month) ?? [])].find((p) => p?.date)?.date;
  const problems = input.problems.filter((p) => p.measureUrl === measure.url).map(problemLine);
  return {
    measure,
    month,
    asOf,
    mine: current?.mine ?? { status: 'none', reason: 'no-report' },
    unit: current?.unit,
    peers: peerSummary(peers.get(month) ?? [], measure, input.minCases),
    trend,
    problems,
    drill: current?.drill,
  };
}

/**
 * The whole view: clinical measures in the order the server listed them, prompt uptake, and lines for
 * reports that name a measure the server does not have.
 *
 * @example
 * const view = feedbackView({ measures, mine, unit, peers, problems, me: 'Practitioner/pr-001', ward: 'Location/unit-4b', minCases: 5 });
 */
export function feedbackView(input: ViewInput): FeedbackView {
  const known = new Set(input.measures.map((m) => m.url));
  const measures = input.measures
    .filter((m) => m.kind === 'clinical')
    .map((m) => measureView(m, input))
    .filter((v): v is MeasureView => v !== undefined);
  const shown = new Set(measures.map((v) => v.measure.url));
  const orphans = new Map<string, number>();
  for (const p of [...input.mine, ...input.unit, ...input.peers])
    if (!known.has(p.measureUrl)) orphans.set(p.measureUrl, (orphans.get(p.measureUrl) ?? 0) + 1);
  const problems = [
    ...[...orphans].map(
      ([url, n]) =>
        `${n} report${n === 1 ? ' names' : 's name'} a measure the EHR does not have (${url}), so ${n === 1 ? 'it is' : 'they are'} not shown.`,
    ),
    // Lines about reports of measures not shown on their own (unknown ones, prompt uptake) come here.
    ...input.problems.filter((p) => !shown.has(p.measureUrl ?? '')).map(problemLine),
  ];
  const uptake = uptakeView(input);
  const peerGroups = (input.peerGroups ?? []).map((g) => g.name);
  return { measures, peerGroups, uptake, problems, empty: !measures.length && !uptake };
}
