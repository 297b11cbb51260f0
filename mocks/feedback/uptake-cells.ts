/**
 * Prompt uptake of the simulator's hospital, with the analytics' own metric definitions: each
 * clinician's months from the analytics' practitioner rows (rule and reason strata), and each ward's,
 * each peer role's and the hospital's from their own events analysed apart. The feedback data
 * (generate.ts, over the simulated log) and the simulator's re-run (rerun.ts, over the EHR's audit
 * trail) make the same cells.
 *
 * @example
 * const cells = await uptakeCells(events, history.directory);
 */
import { DEFAULT_ATTRIBUTION, peerGroupsOf } from '../../src/measures/attribution';
import type { Directory } from '../../src/measures/input';
import { uptakeBySubject, uptakeOfClinicians } from '../../src/measures/uptake-subjects';
import type { InteractionEvent, MonthlyUptakeCell, UptakeSubject } from '../../src/measures/uptake-subjects';

/** The hospital of the simulator's facility (mocks/data/facility.ts), the reports' reporter. */
export const HOSPITAL = 'Organization/org-001';
const WARDS = ['unit-4b', 'unit-icu'];

/**
 * Wards, peer roles and the hospital, each with the events that are theirs.
 *
 * @example
 * uptakeSubjects(directory).map((s) => s.subject); // ['Location/unit-4b', 'Location/unit-icu', 'Group/peers-doctor', ..., 'Organization/org-001']
 */
export function uptakeSubjects(directory: Directory): UptakeSubject[] {
  const practitioners = [...directory.practitioners.keys()].sort();
  const peers = (e: InteractionEvent) =>
    peerGroupsOf((e.practitioner ?? '').replace('Practitioner/', ''), directory, DEFAULT_ATTRIBUTION);
  return [
    ...WARDS.map((id) => ({
      subject: `Location/${id}`,
      match: (e: InteractionEvent) => e.unit === `Location/${id}`,
    })),
    ...[...new Set(practitioners.flatMap((id) => peerGroupsOf(id, directory)))].sort().map((group) => ({
      subject: `Group/${group}`,
      match: (e: InteractionEvent) => peers(e).includes(group),
    })),
    { subject: HOSPITAL, match: () => true },
  ];
}

/** Every clinician's, ward's, peer role's and the hospital's monthly uptake cells. */
export async function uptakeCells(
  events: InteractionEvent[],
  directory: Directory,
): Promise<MonthlyUptakeCell[]> {
  return [
    ...(await uptakeOfClinicians(events)),
    ...(await uptakeBySubject(events, uptakeSubjects(directory))),
  ];
}
