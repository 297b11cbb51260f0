/**
 * The searches of the clinician's outcome feedback (DEQM MeasureReports): one wave after the context's
 * first, and the drill-down's. Pure: the clock is passed in, every search value is percent-encoded.
 */
import { isFhirId } from './reference';
import { searchValue } from './search';

/** Who the feedback is about: the signed-in clinician and, when known, their ward. */
export interface FeedbackSubjects {
  practitionerId: string;
  wardId?: string | undefined;
}

export type FeedbackPart = 'measures' | 'mine' | 'unit' | 'peers' | 'groups';

/** One search of the feedback wave; all go out in parallel. */
export interface FeedbackQuery {
  part: FeedbackPart;
  path: string;
}

export interface WaveOptions {
  /** Months of history before the current month (default 24). */
  months?: number;
  /**
   * Months per search (default 12): one search per window and subject keeps each answer on one page
   * (9 measures x 12 months is 108 reports, under a usual page cap of 200), so paging never adds waves.
   */
  windowMonths?: number;
  /** Page size asked for (default 200). */
  count?: number;
}

/** The first day (UTC) of the month `offset` months from `now`'s month, as `YYYY-MM-DD`. */
export function monthStart(now: Date, offset = 0): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
  return d.toISOString().slice(0, 10);
}

/** `period=ge..&period=lt..` per window, oldest first; the last window has no upper bound. */
export function periodWindows(now: Date, months = 24, windowMonths = 12): string[] {
  const windows: string[] = [];
  for (let from = -months; from < 0; from += windowMonths) {
    const to = from + windowMonths;
    const upper = to < 0 ? `&period=lt${monthStart(now, to)}` : '';
    windows.push(`period=ge${monthStart(now, from)}${upper}`);
  }
  return windows;
}

const ref = (type: string, id: string) => searchValue(`${type}/${id}`);

/**
 * Everything the feedback view needs, at once: the Measures; the clinician's summary reports (outcome
 * and prompt-uptake measures alike); the ward's; the peers', found by chaining through the peer Groups
 * the clinician is a member of (`subject:Group.member`), standard FHIR that spares a wave; and those
 * Groups.
 *
 * @example
 * feedbackWave({ practitionerId: 'pr-001', wardId: 'unit-4b' }, new Date('2026-01-15'));
 * // [{ part: 'measures', path: 'Measure?_count=200' },
 * //  { part: 'mine', path: 'MeasureReport?subject=Practitioner%2Fpr-001&type=summary&period=ge2024-01-01&period=lt2025-01-01&_count=200' }, ...]
 */
export function feedbackWave(
  subjects: FeedbackSubjects,
  now: Date,
  options: WaveOptions = {},
): FeedbackQuery[] {
  const { months = 24, windowMonths = 12, count = 200 } = options;
  const windows = periodWindows(now, months, windowMonths);
  const summary = (subject: string) =>
    windows.map((w) => `MeasureReport?${subject}&type=summary&${w}&_count=${count}`);
  const me = ref('Practitioner', subjects.practitionerId);
  const queries: FeedbackQuery[] = [
    { part: 'measures', path: `Measure?_count=${count}` },
    ...summary(`subject=${me}`).map((path) => ({ part: 'mine' as const, path })),
  ];
  if (subjects.wardId && isFhirId(subjects.wardId))
    queries.push(
      ...summary(`subject=${ref('Location', subjects.wardId)}`).map((path) => ({
        part: 'unit' as const,
        path,
      })),
    );
  queries.push(...summary(`subject:Group.member=${me}`).map((path) => ({ part: 'peers' as const, path })));
  // The peer Groups themselves, in the same wave: their names, and a check on the chained answer, and
  // a server that refuses the chain then needs only one more wave (their reports).
  queries.push({ part: 'groups', path: peerGroupsQuery(subjects.practitionerId) });
  return queries;
}

/**
 * The clinician's peer Groups (part of the first wave); for a server that refuses chained search,
 * `peerReportQueries` with their ids makes a second wave.
 *
 * @example peerGroupsQuery('pr-001'); // 'Group?member=Practitioner%2Fpr-001&_count=50'
 */
export function peerGroupsQuery(practitionerId: string): string {
  return `Group?member=${ref('Practitioner', practitionerId)}&_count=50`;
}

/** The summary reports of the given peer Groups, window by window. */
export function peerReportQueries(
  groupIds: readonly string[],
  now: Date,
  options: WaveOptions = {},
): string[] {
  const { months = 24, windowMonths = 12, count = 200 } = options;
  const ids = groupIds.filter(isFhirId);
  if (!ids.length) return [];
  const subjects = ids.map((id) => ref('Group', id)).join(',');
  return periodWindows(now, months, windowMonths).map(
    (w) => `MeasureReport?subject=${subjects}&type=summary&${w}&_count=${count}`,
  );
}

/**
 * The subject-list report behind one number: one measure (canonical URL, any version), one subject,
 * one period (its first day, and the first day after it).
 *
 * @example
 * subjectListQuery('Practitioner/pr-001', 'https://x.org/Measure/vte', '2025-12-01', '2026-01-01');
 */
export function subjectListQuery(subject: string, measureUrl: string, from: string, to: string): string {
  return (
    `MeasureReport?subject=${searchValue(subject)}&type=subject-list&measure=${searchValue(measureUrl)}` +
    `&period=ge${from}&period=lt${to}&_count=10`
  );
}

/**
 * The patients named by a subject list, in searches of at most `chunk` ids sent together (one wave):
 * names and MRNs for the drill-down. Ids that are not FHIR ids are left out.
 *
 * @example patientsQueries(['a', 'b']); // ['Patient?_id=a,b&_count=2']
 */
export function patientsQueries(ids: readonly string[], chunk = 100): string[] {
  const valid = [...new Set(ids.filter(isFhirId))];
  const out: string[] = [];
  for (let i = 0; i < valid.length; i += chunk) {
    const part = valid.slice(i, i + chunk);
    out.push(`Patient?_id=${part.join(',')}&_count=${part.length}`);
  }
  return out;
}
