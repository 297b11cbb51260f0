import type { OverrideReason } from '../cds/cards';

/**
 * The panel's DOM events. All bubble and cross shadow roots (`composed`), and are fired only on a user's
 * action, never on render. Requests (`-request`) ask the model to do something and may still fail;
 * facts say what already happened in the UI.
 *
 * @example
 * el.addEventListener('loop-override-request', (e) => model.override(e.detail.cardUuid, e.detail.reason));
 */

const init = { bubbles: true, composed: true } as const;

export interface AcceptRequestDetail {
  cardUuid: string;
  suggestionUuid: string;
}

/** Request: the clinician chose a suggestion; place its drafted resources. */
export class LoopAcceptRequestEvent extends CustomEvent<AcceptRequestDetail> {
  static readonly eventName = 'loop-accept-request';
  constructor(detail: AcceptRequestDetail) {
    super(LoopAcceptRequestEvent.eventName, { ...init, detail });
  }
}

export interface OverrideRequestDetail {
  cardUuid: string;
  /** One of the card's override reasons, or a standard HL7 non-adherence reason. */
  reason: OverrideReason;
  /** The clinician's comment, trimmed; absent when they wrote none. */
  comment?: string;
}

/** Request: the clinician will not follow the card, with a reason and an optional comment. */
export class LoopOverrideRequestEvent extends CustomEvent<OverrideRequestDetail> {
  static readonly eventName = 'loop-override-request';
  constructor(detail: OverrideRequestDetail) {
    super(LoopOverrideRequestEvent.eventName, { ...init, detail });
  }
}

export interface SnoozeRequestDetail {
  cardUuid: string;
  /** For how long, ms: the model dates it by its own clock (an element has none). */
  forMs: number;
}

/** Request: hide the card for this clinician and patient for a time the clinician chose. */
export class LoopSnoozeRequestEvent extends CustomEvent<SnoozeRequestDetail> {
  static readonly eventName = 'loop-snooze-request';
  constructor(detail: SnoozeRequestDetail) {
    super(LoopSnoozeRequestEvent.eventName, { ...init, detail });
  }
}

export interface CardDetail {
  cardUuid: string;
}

/** Request: hide the card for this launch, without a reason. */
export class LoopDismissRequestEvent extends CustomEvent<CardDetail> {
  static readonly eventName = 'loop-dismiss-request';
  constructor(detail: CardDetail) {
    super(LoopDismissRequestEvent.eventName, { ...init, detail });
  }
}

/** Request: take back a snooze or an override, so the card shows again. */
export class LoopUndoRequestEvent extends CustomEvent<CardDetail> {
  static readonly eventName = 'loop-undo-request';
  constructor(detail: CardDetail) {
    super(LoopUndoRequestEvent.eventName, { ...init, detail });
  }
}

export interface RetryRequestDetail {
  /** The code of the problem whose "Try again" was pressed. */
  code: string;
}

/** Request: try again what failed for a reason that may pass (no answer, a busy or failing server). */
export class LoopRetryRequestEvent extends CustomEvent<RetryRequestDetail> {
  static readonly eventName = 'loop-retry-request';
  constructor(detail: RetryRequestDetail) {
    super(LoopRetryRequestEvent.eventName, { ...init, detail });
  }
}

/** Fact: the clinician opened a card's details for the first time in this view. */
export class LoopCardExpandedEvent extends CustomEvent<CardDetail> {
  static readonly eventName = 'loop-card-expanded';
  constructor(detail: CardDetail) {
    super(LoopCardExpandedEvent.eventName, { ...init, detail });
  }
}

export interface CardShownDetail {
  cardUuid: string;
  /** How long the card had been on screen (at least half of it) when it counted as seen, ms. */
  visibleMs: number;
}

/** Fact: a card has been on screen long enough to count as seen (once per card and view). */
export class LoopCardShownEvent extends CustomEvent<CardShownDetail> {
  static readonly eventName = 'loop-card-shown';
  constructor(detail: CardShownDetail) {
    super(LoopCardShownEvent.eventName, { ...init, detail });
  }
}

export interface LinkOpenedDetail {
  cardUuid: string;
  /** The absolute URL that opened in a new tab. */
  url: string;
}

/** Fact: the clinician opened a link of a card (source, link list or detail text). */
export class LoopLinkOpenedEvent extends CustomEvent<LinkOpenedDetail> {
  static readonly eventName = 'loop-link-opened';
  constructor(detail: LinkOpenedDetail) {
    super(LoopLinkOpenedEvent.eventName, { ...init, detail });
  }
}

declare global {
  interface HTMLElementEventMap {
    'loop-accept-request': LoopAcceptRequestEvent;
    'loop-override-request': LoopOverrideRequestEvent;
    'loop-snooze-request': LoopSnoozeRequestEvent;
    'loop-dismiss-request': LoopDismissRequestEvent;
    'loop-undo-request': LoopUndoRequestEvent;
    'loop-retry-request': LoopRetryRequestEvent;
    'loop-card-expanded': LoopCardExpandedEvent;
    'loop-card-shown': LoopCardShownEvent;
    'loop-link-opened': LoopLinkOpenedEvent;
  }
}
