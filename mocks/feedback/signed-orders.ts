/**
 * What a re-run made of the orders Learning Loop drafted and the clinician signed: for each, the
 * measures its patient is a case of and whether the case now meets the measure. A newcomer who signs a
 * prophylaxis order for a stay admitted three days ago sees why the numerator did not move (the measure
 * counts prophylaxis within 24 hours of admission) instead of wondering whether the loop works.
 *
 * @example
 * signedOrderNotes(record.resources, [{ period: '2026-12', results }]);
 * // ['Signed order MedicationRequest/d-1 for Patient/p-001: VTE prophylaxis … (2026-12): met (numerator)']
 */
import type { Resource } from '@medplum/fhirtypes';
import { outcomeMeasure } from '../../src/measures/catalog';
import type { PatientMeasureResult } from '../../src/measures/engine';
import { SUGGESTION_IDENTIFIER_SYSTEM } from '../../src/prompts/suggestion-identifier';

const HOUR = 3_600_000;

interface Order {
  resourceType: string;
  id?: string;
  status?: string;
  authoredOn?: string;
  subject?: { reference?: string };
  identifier?: { system?: string; value?: string }[];
}

/** An order of ours (its suggestion identifier) that the clinician signed (no longer a draft). */
function isSignedDraft(r: Resource): r is Resource & Order {
  if (r.resourceType !== 'MedicationRequest' && r.resourceType !== 'ServiceRequest') return false;
  const o = r as Order;
  return o.status === 'active' && !!o.identifier?.some((i) => i.system === SUGGESTION_IDENTIFIER_SYSTEM);
}

/** What meets each process measure in time, in words (the CQL says it exactly). */
const WINDOW: Record<string, string> = {
  'vte-prophylaxis': 'it counts prophylaxis ordered within 24 hours of admission',
  'naloxone-coprescribing': 'it counts naloxone ordered from 30 days before to 1 day after the opioid order',
  'statin-primary-prevention': 'it counts a statin ordered in the month or in force',
};

function verdict(result: PatientMeasureResult, order: Order): string {
  const p = result.populations;
  if (p['denominator-exclusion']) return 'excluded';
  if (p['denominator-exception']) return 'an exception';
  if (!p.denominator) return 'not in the denominator';
  // An outcome measure (lower is better) counts the bad outcome: its numerator is not "met".
  if (outcomeMeasure(result.measure).improvementNotation === 'decrease')
    return p.numerator
      ? 'in the numerator (lower is better)'
      : 'in the denominator, not the numerator (lower is better)';
  if (p.numerator) return 'met (numerator)';
  const lag = result.at && order.authoredOn ? Date.parse(order.authoredOn) - Date.parse(result.at) : NaN;
  // authoredOn is when the order was drafted (the time the measure reads), not when it was signed. The
  // simulator makes its stays afresh at each load, so a draft kept from an earlier day may predate one.
  const hours = Math.round(lag / HOUR);
  const when = !Number.isFinite(lag)
    ? ''
    : hours >= 0
      ? `; ordered ${hours} h after the case began`
      : `; ordered ${-hours} h before the case began (a draft from an earlier session)`;
  return `in the denominator, not met${when}: ${WINDOW[result.measure] ?? "the measure's own window decides"}`;
}

/**
 * One line per signed order of ours and measure its patient is a case of, per period; an order whose
 * patient is in no measure says so.
 */
export function signedOrderNotes(
  resources: readonly Resource[],
  periods: readonly { period: string; results: readonly PatientMeasureResult[] }[],
): string[] {
  return resources.filter(isSignedDraft).flatMap((order) => {
    const patient = order.subject?.reference?.replace(/^Patient\//, '') ?? '';
    const head = `Signed order ${order.resourceType}/${order.id ?? ''} for Patient/${patient}`;
    const cases = periods.flatMap(({ period, results }) =>
      results
        .filter((r) => r.patient === patient && r.populations['initial-population'])
        .map((r) => `${head}: ${outcomeMeasure(r.measure).title} (${period}): ${verdict(r, order)}`),
    );
    return cases.length ? cases : [`${head}: the patient is a case of no measure in these months`];
  });
}
