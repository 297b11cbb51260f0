/**
 * The results behind a month of seeded feedback, read back from its individual MeasureReports (each
 * holds one patient's populations and whom the result is attributed to): what a re-run of that month
 * concatenates with the results of the patients it evaluates, as the batch's cluster reduce step
 * concatenates the results of disjoint partitions. Peer groups are not in an individual report: they
 * come from the clinicians' roles, as in the batch.
 *
 * @example
 * const results = resultsOfIndividualReports(reports.filter((r) => r.period?.start?.startsWith('2026-11')), directory);
 */
import type { MeasureReport } from '@medplum/fhirtypes';
import { DEFAULT_ATTRIBUTION, peerGroupsOf } from '../../src/measures/attribution';
import type { AttributionConfig } from '../../src/measures/attribution';
import type { PopulationCode } from '../../src/measures/catalog';
import type { Directory } from '../../src/measures/input';
import { ATTRIBUTED_TO } from '../../src/measures/reports';
import type { AttributedResult } from '../../src/measures/reports';

/** `https://.../Measure/vte-prophylaxis|1.0.0` -> `vte-prophylaxis`. */
const measureId = (canonical: string | undefined) => /\/Measure\/([^|/]+)(\||$)/.exec(canonical ?? '')?.[1];

/**
 * One attributed result per individual report (other report types are ignored).
 *
 * @example
 * resultsOfIndividualReports([individual], directory)[0]?.subjects; // ['Practitioner/pr-001', 'Location/unit-4b', 'Group/peers-doctor']
 */
export function resultsOfIndividualReports(
  reports: readonly MeasureReport[],
  directory: Directory,
  config: AttributionConfig = DEFAULT_ATTRIBUTION,
): AttributedResult[] {
  return reports.flatMap((r) => {
    const measure = measureId(r.measure);
    const patient = /^Patient\/(.+)$/.exec(r.subject?.reference ?? '')?.[1];
    if (r.type !== 'individual' || !measure || !patient) return [];
    const populations: Partial<Record<PopulationCode, boolean>> = {};
    for (const p of r.group?.[0]?.population ?? []) {
      const code = p.code?.coding?.[0]?.code as PopulationCode | undefined;
      if (code) populations[code] = p.count === 1;
    }
    const attributed = (r.extension ?? [])
      .filter((e) => e.url === ATTRIBUTED_TO)
      .map((e) => e.valueReference?.reference ?? '')
      .filter(Boolean);
    const clinicians = attributed.filter((s) => s.startsWith('Practitioner/')).map((s) => s.slice(13));
    const peers = [...new Set(clinicians.flatMap((c) => peerGroupsOf(c, directory, config)))];
    const evaluated = (r.evaluatedResource ?? []).map((e) => e.reference ?? '');
    const encounter = evaluated.find((e) => e.startsWith('Encounter/'));
    const order = evaluated.find((e) => /^(MedicationRequest|ServiceRequest)\//.test(e));
    return [
      {
        patient,
        measure,
        populations,
        ...(encounter ? { encounter } : {}),
        ...(order ? { order } : {}),
        subjects: [...attributed, ...peers.map((g) => `Group/${g}`)],
      },
    ];
  });
}
