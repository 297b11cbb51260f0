/**
 * The interaction events of the feedback view (DESIGN.md, "Interaction events"): `feedback-viewed` with
 * the time the section was on screen, and `feedback-drilldown`.
 */
import { MEASURE_MONTH, MEASURE_URL_MAX } from '../telemetry/event';
import type { EventInput } from '../telemetry/telemetry';
import type { FeedbackFact } from './feedback-model';

/**
 * The event a feedback fact becomes: a drill-down names the measure by its canonical URL (public, no
 * patient in it, its query and fragment cut) and the month opened. A canonical too long for the event
 * (the EHR's MeasureReports name it, not this app) leaves the measure out rather than the drill-down
 * refused and lost.
 *
 * @example feedbackEvent({ type: 'feedback-viewed', visibleMs: 4200 }); // { type: 'feedback-viewed', visibleMs: 4200 }
 */
export function feedbackEvent(fact: FeedbackFact): EventInput {
  if (fact.type === 'feedback-viewed') return { type: 'feedback-viewed', visibleMs: fact.visibleMs };
  // A canonical has no query or fragment; whatever a server appended there stays out of the log.
  const url = fact.measureUrl.split(/[?#]/)[0] ?? '';
  return url && url.length <= MEASURE_URL_MAX && MEASURE_MONTH.test(fact.month)
    ? { type: 'feedback-drilldown', measure: { url, month: fact.month } }
    : { type: 'feedback-drilldown' };
}
