import { Subject } from 'rxjs';
import { messageOf } from '../core/errors';
import { Model } from '../core/model';
import type { UserFacingError } from '../core/status';
import { describeFhirError } from '../fhir/errors';
import type { FeedbackSubjects } from '../fhir/feedback-queries';
import type { FhirRequester } from '../fhir/requester';
import { loadDrillDown, loadFeedback, type DrillResult } from './load';
import type { DrillTarget, FeedbackView } from './types';
import { feedbackView } from './view';

/** What the feedback model does for the interaction log: one fact per view and per drill-down. */
export type FeedbackFact =
  | { type: 'feedback-viewed'; visibleMs: number }
  | { type: 'feedback-drilldown'; measure: string; measureUrl: string; month: string };

export interface FeedbackLoadInput {
  request: FhirRequester;
  /** Undefined when the launch names no clinician: the view says feedback needs one. */
  subjects: FeedbackSubjects | undefined;
  now: Date;
}

export interface DrillState {
  target: DrillTarget;
  status: 'pending' | 'ready' | 'error';
  /** Set in status `ready`. */
  result: DrillResult | undefined;
  /** Set in status `error`. */
  error: UserFacingError | undefined;
}

export interface FeedbackState {
  status: 'idle' | 'pending' | 'ready' | 'error';
  /** `undefined` until the reports are read. */
  view: FeedbackView | undefined;
  /** Parts that failed without stopping the view (the unit's or the peers' reports). */
  notices: UserFacingError[];
  /** Set only in status `error`. */
  error: UserFacingError | undefined;
  /** Fewer patients than this and a rate is "too few patients". */
  minCases: number;
  /** The drill-down open now; `undefined` when none is. */
  drill: DrillState | undefined;
  /** Request waves the data took (1, or 2 without chained search). */
  waves: number;
}

const NO_CLINICIAN: UserFacingError = {
  code: 'feedback-no-clinician',
  title: 'Your feedback needs to know who you are, and the EHR did not say.',
  action: 'Ask your EHR administrator to grant Learning Loop the "openid fhirUser" scopes.',
};

/**
 * The clinician's outcome feedback: reads the reports in one wave, builds the view, opens the patients
 * behind a number. Facts (viewed, drilled down) go out on `facts$`, the one road to the interaction log.
 *
 * @example
 * const model = new FeedbackModel(5);
 * model.facts$.subscribe((fact) => telemetry.emit(feedbackEvent(fact)));
 * await model.load({ request, subjects: { practitionerId: 'pr-001', wardId: 'unit-4b' }, now: new Date() });
 */
export class FeedbackModel extends Model<FeedbackState> {
  private readonly facts = new Subject<FeedbackFact>();
  /** Facts as they happen; read-only (only the named methods add to it). */
  readonly facts$ = this.facts.asObservable();
  private controller: AbortController | undefined;
  private drillController: AbortController | undefined;
  private input: FeedbackLoadInput | undefined;

  constructor(minCases = 5) {
    super({
      status: 'idle',
      view: undefined,
      notices: [],
      error: undefined,
      minCases,
      drill: undefined,
      waves: 0,
    });
  }

  /** Loads the reports; a newer call aborts an older one, whose result is then ignored. */
  async load(input: FeedbackLoadInput): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.input = input;
    if (!input.subjects) return void this.update({ status: 'error', error: NO_CLINICIAN, view: undefined });
    this.update({ status: 'pending', error: undefined, drill: undefined });
    try {
      const data = await loadFeedback(input.request, input.subjects, input.now, {
        signal: controller.signal,
      });
      if (controller.signal.aborted) return;
      // For the benchmark and an EHR's tooling: the data is here; the section marks its paint.
      performance.mark('loop:feedback-data');
      const view = feedbackView({
        ...data,
        me: `Practitioner/${input.subjects.practitionerId}`,
        ward: input.subjects.wardId ? `Location/${input.subjects.wardId}` : undefined,
        minCases: this.state.minCases,
      });
      this.update({ status: 'ready', view, notices: data.notices, waves: data.waves });
    } catch (error) {
      if (controller.signal.aborted) return;
      this.update({ status: 'error', error: describeFhirError(error, 'your outcome reports') });
    }
  }

  /** Opens the patients behind a number (and logs the drill-down); a newer one replaces an older one. */
  async drillDown(target: DrillTarget): Promise<void> {
    const input = this.input;
    const measure = this.state.view?.measures.find((m) => m.measure.url === target.measureUrl)?.measure;
    if (!input || !measure) return;
    this.drillController?.abort();
    const controller = new AbortController();
    this.drillController = controller;
    this.facts.next({
      type: 'feedback-drilldown',
      measure: target.measureKey,
      measureUrl: target.measureUrl,
      month: target.month,
    });
    this.update({ drill: { target, status: 'pending', result: undefined, error: undefined } });
    try {
      const result = await loadDrillDown(
        input.request,
        target,
        measure.direction,
        input.now,
        controller.signal,
      );
      if (controller.signal.aborted) return;
      this.update({ drill: { target, status: 'ready', result, error: undefined } });
    } catch (error) {
      if (controller.signal.aborted) return;
      const problem = describeFhirError(error, 'the patients behind this number');
      this.update({
        drill: {
          target,
          status: 'error',
          result: undefined,
          error: { ...problem, detail: messageOf(error) },
        },
      });
    }
  }

  /** Closes the drill-down. */
  closeDrill(): void {
    this.drillController?.abort();
    this.update({ drill: undefined });
  }

  /** The section was on screen for `visibleMs` (reported by the element once a view ends). */
  viewed(visibleMs: number): void {
    this.facts.next({ type: 'feedback-viewed', visibleMs: Math.max(0, Math.round(visibleMs)) });
  }

  override finalize(): void {
    this.controller?.abort();
    this.drillController?.abort();
    this.facts.complete();
    super.finalize();
  }
}
