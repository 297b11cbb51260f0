/**
 * Fetching the feedback: one wave of searches after the context's first (Measures, my reports, my
 * unit's, my peers' by chained search, my peer Groups), a second only for a server that refuses the
 * chain (the Groups' reports); and the
 * drill-down (the subject-list report, then every patient's name and MRN in one wave).
 */
import type { Resource } from '@medplum/fhirtypes';
import type { UserFacingError } from '../core/status';
import { describeFhirError, FhirRequestError } from '../fhir/errors';
import {
  feedbackWave,
  patientsQueries,
  peerReportQueries,
  subjectListQuery,
  type FeedbackPart,
  type FeedbackSubjects,
  type WaveOptions,
} from '../fhir/feedback-queries';
import type { FhirRequester } from '../fhir/requester';
import { searchAll } from '../fhir/search-all';
import { drillGroups, drillPatients, subjectLists, type DrillGroup } from './drilldown';
import { parseMeasure, parseReport } from './parse';
import type { Direction, DrillTarget, MeasureInfo, ReportPoint, ReportProblem } from './types';

export interface LoadedFeedback {
  measures: MeasureInfo[];
  mine: ReportPoint[];
  unit: ReportPoint[];
  peers: ReportPoint[];
  problems: ReportProblem[];
  /** The clinician's peer Groups, with their names. */
  peerGroups: { reference: string; name: string }[];
  /** Parts that failed without stopping the view (the unit's, the peers'), each with what to do. */
  notices: UserFacingError[];
  /** Sequential rounds of requests it took: 1, or 2 when the server refused chained search. */
  waves: number;
}

const LABEL: Record<FeedbackPart, string> = {
  measures: 'the list of measures',
  mine: 'your outcome reports',
  unit: "your unit's outcome reports",
  peers: "your peers' outcome reports",
  groups: 'your peer groups',
};

/** A requester that counts its calls, so paging shows up as the waves it costs. */
function counting(request: FhirRequester) {
  let calls = 0;
  const counted: FhirRequester = (path, options) => {
    calls += 1;
    return request(path, options);
  };
  return { counted, calls: () => calls };
}

async function searchCounted(request: FhirRequester, path: string, signal: AbortSignal | undefined) {
  const { counted, calls } = counting(request);
  const resources = await searchAll(counted, path, signal ? { signal } : {});
  return { resources, calls: calls() };
}

/** Reports already read, each a point or a problem, sorted into their lists. */
function sortPoints(
  read: (ReportPoint | ReportProblem)[],
  into: ReportPoint[],
  problems: ReportProblem[],
  keep: (p: ReportPoint) => boolean,
) {
  for (const r of read) {
    if ('message' in r) problems.push(r);
    else if (keep(r)) into.push(r);
  }
}

/** Reads the summary reports of a part; each report either a point or a problem. */
const sortReports = (
  resources: unknown[],
  into: ReportPoint[],
  problems: ReportProblem[],
  keep: (p: ReportPoint) => boolean,
) => sortPoints(resources.map(parseReport), into, problems, keep);

/**
 * The feedback data for a clinician. Rejects (a FhirRequestError) when the Measures or the clinician's
 * own reports cannot be read; the unit's and the peers' failing only add a notice.
 *
 * @example
 * const data = await loadFeedback(request, { practitionerId: 'pr-001', wardId: 'unit-4b' }, new Date());
 */
export async function loadFeedback(
  request: FhirRequester,
  subjects: FeedbackSubjects,
  now: Date,
  options: WaveOptions & { signal?: AbortSignal } = {},
): Promise<LoadedFeedback> {
  const { signal } = options;
  const queries = feedbackWave(subjects, now, options);
  const answers = await Promise.allSettled(queries.map((q) => searchCounted(request, q.path, signal)));
  let waves = Math.max(1, ...answers.map((a) => (a.status === 'fulfilled' ? a.value.calls : 1)));
  const out: LoadedFeedback = {
    measures: [],
    mine: [],
    unit: [],
    peers: [],
    peerGroups: [],
    problems: [],
    notices: [],
    waves,
  };
  const failed = new Map<FeedbackPart, unknown>();
  const byPart = new Map<FeedbackPart, Resource[]>();
  answers.forEach((a, i) => {
    const part = queries[i]?.part ?? 'mine';
    if (a.status === 'rejected') failed.set(part, failed.get(part) ?? a.reason);
    else byPart.set(part, [...(byPart.get(part) ?? []), ...a.value.resources]);
  });
  for (const part of ['measures', 'mine'] as const) if (failed.has(part)) throw failed.get(part);
  out.measures = (byPart.get('measures') ?? []).map(parseMeasure).filter((m): m is MeasureInfo => !!m);
  const seen = new Set<string>();
  // Windows may overlap on a server that reads period bounds loosely: each report counts once.
  const once = (p: ReportPoint) => !seen.has(p.id) && !!seen.add(p.id);
  sortReports(byPart.get('mine') ?? [], out.mine, out.problems, once);
  if (failed.has('unit')) out.notices.push(describeFhirError(failed.get('unit'), LABEL.unit));
  else sortReports(byPart.get('unit') ?? [], out.unit, out.problems, once);

  const groups = (byPart.get('groups') ?? []).filter((g) => g.resourceType === 'Group' && g.id);
  out.peerGroups = groups.map((g) => ({ reference: `Group/${String(g.id)}`, name: groupName(g) }));
  const mine = new Set(out.peerGroups.map((g) => g.reference));
  const peers = (byPart.get('peers') ?? []).map(parseReport);
  // A server that ignored the chain answers with reports about anyone: treat it as one that refused it.
  const ignoredChain = peers.some(
    (p) => !('message' in p) && (mine.size ? !mine.has(p.subject) : !p.subject.startsWith('Group/')),
  );
  if (!failed.has('peers') && !ignoredChain) sortPoints(peers, out.peers, out.problems, once);
  else if (mine.size && (ignoredChain || chainRefused(failed.get('peers')))) {
    try {
      const fallback = await Promise.all(
        peerReportQueries(
          [...mine].map((r) => r.slice(6)),
          now,
          options,
        ).map((q) => searchCounted(request, q, signal)),
      );
      waves += Math.max(1, ...fallback.map((a) => a.calls));
      sortPoints(fallback.flatMap((a) => a.resources).map(parseReport), out.peers, out.problems, once);
    } catch (error) {
      out.notices.push(describeFhirError(error, LABEL.peers));
    }
  } else if (failed.has('peers') || failed.has('groups'))
    out.notices.push(describeFhirError(failed.get('peers') ?? failed.get('groups'), LABEL.peers));
  out.waves = waves;
  return out;
}

/** A 400 (or an OperationOutcome with a 200) to a chained search: the server does not support it. */
function chainRefused(error: unknown): boolean {
  return error instanceof FhirRequestError && (error.status === 400 || error.status === 200);
}

function groupName(group: Resource & { name?: unknown }): string {
  return typeof group.name === 'string' && group.name.trim()
    ? group.name.trim()
    : `Group ${String(group.id)}`;
}

/** The patients behind one number, most actionable first. */
export interface DrillResult {
  groups: DrillGroup[];
  notes: string[];
  /**
   * True when the EHR has no subject-list report for this number (a month the measures run wrote only
   * the summary of): not an error to retry, and not "no patients" either, so the list says it plainly.
   */
  missing: boolean;
}

/**
 * The subject-list report of one number, then the names and MRNs of its patients in one wave. A
 * patient the EHR does not return is still listed, by id. No such report is a result (`missing`);
 * rejects when the search fails or the report cannot be read.
 *
 * @example const result = await loadDrillDown(request, target, 'increase', now);
 */
export async function loadDrillDown(
  request: FhirRequester,
  target: DrillTarget,
  direction: Direction,
  now: Date,
  signal?: AbortSignal,
): Promise<DrillResult> {
  const [year, month] = target.month.split('-').map(Number);
  const from = `${target.month}-01`;
  const to = new Date(Date.UTC(year ?? 1970, month ?? 1, 1)).toISOString().slice(0, 10);
  const found = await searchAll(
    request,
    subjectListQuery(target.subject, target.measureUrl, from, to),
    signal ? { signal } : {},
  );
  const report = found.find((r) => r.resourceType === 'MeasureReport');
  if (!report) return { groups: [], notes: [], missing: true };
  const lists = subjectLists(report);
  if ('problem' in lists)
    throw new FhirRequestError(200, 'MeasureReport', `The patient list ${lists.problem}.`);
  const ids = [...new Set([...lists.byPopulation.values()].flat())];
  const notes = [...lists.notes];
  const answers = await Promise.allSettled(
    patientsQueries(ids).map((q) => searchAll(request, q, signal ? { signal } : {})),
  );
  if (answers.some((a) => a.status === 'rejected'))
    notes.push('Some names and MRNs could not be read from the EHR: those patients are listed by record id.');
  const patients = drillPatients(
    answers.flatMap((a) => (a.status === 'fulfilled' ? a.value : [])),
    now,
  );
  return { groups: drillGroups(lists.byPopulation, direction, patients), notes, missing: false };
}
