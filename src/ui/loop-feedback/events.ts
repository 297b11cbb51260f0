import type { DrillTarget } from '../../feedback/types';

/**
 * The feedback section's DOM events. Like the panel's (src/ui/events.ts) they bubble and cross shadow
 * roots, and are fired only on a user's action or, for `loop-feedback-viewed`, when a view of the
 * section ends.
 *
 * @example
 * section.addEventListener('loop-feedback-drilldown-request', (e) => model.drillDown(e.detail));
 */

const init = { bubbles: true, composed: true } as const;

/** Request: open the patients behind one number. */
export class LoopFeedbackDrilldownRequestEvent extends CustomEvent<DrillTarget> {
  static readonly eventName = 'loop-feedback-drilldown-request';
  constructor(detail: DrillTarget) {
    super(LoopFeedbackDrilldownRequestEvent.eventName, { ...init, detail });
  }
}

/** Request: close the patient list. */
export class LoopFeedbackDrillCloseEvent extends CustomEvent<Record<string, never>> {
  static readonly eventName = 'loop-feedback-drill-close';
  constructor() {
    super(LoopFeedbackDrillCloseEvent.eventName, { ...init, detail: {} });
  }
}

export interface FeedbackViewedDetail {
  /** How long the open section was on screen, without a break, ms. */
  visibleMs: number;
}

/** Fact: the feedback was on screen for at least `seenAfterMs`, and that view has ended. */
export class LoopFeedbackViewedEvent extends CustomEvent<FeedbackViewedDetail> {
  static readonly eventName = 'loop-feedback-viewed';
  constructor(detail: FeedbackViewedDetail) {
    super(LoopFeedbackViewedEvent.eventName, { ...init, detail });
  }
}

declare global {
  interface HTMLElementEventMap {
    'loop-feedback-drilldown-request': LoopFeedbackDrilldownRequestEvent;
    'loop-feedback-drill-close': LoopFeedbackDrillCloseEvent;
    'loop-feedback-viewed': LoopFeedbackViewedEvent;
  }
}
