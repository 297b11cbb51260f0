/**
 * The interaction events of the feedback view (DESIGN.md, "Interaction events"): `feedback-viewed` with
 * the time the section was on screen, and `feedback-drilldown`.
 */
import type { EventInput } from '../telemetry/telemetry';
import type { FeedbackFact } from './feedback-model';

/**
 * The event a feedback fact becomes: a drill-down names the measure by its canonical URL (public, no
 * patient in it) and the month opened.
 *
 * @example feedbackEvent({ type: 'feedback-viewed', visibleMs: 4200 }); // { type: 'feedback-viewed', visibleMs: 4200 }
 */
export function feedbackEvent(fact: FeedbackFact): EventInput {
  return fact.type === 'feedback-viewed'
    ? { type: 'feedback-viewed', visibleMs: fact.visibleMs }
    : { type: 'feedback-drilldown', measure: { url: fact.measureUrl, month: fact.month } };
}
