import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { ObserveController } from '../../core/observe';
import type { UserFacingError } from '../../core/status';
import type { FeedbackModel, FeedbackState } from '../../feedback/feedback-model';
import type { FeedbackView } from '../../feedback/types';
import { LoopFeedbackMeasure } from '../loop-feedback-measure/loop-feedback-measure';
import '../loop-feedback-patients/loop-feedback-patients';
import '../loop-feedback-uptake/loop-feedback-uptake';
import '../loop-message/loop-message';
import { tokens } from '../tokens.styles';
import type {
  LoopFeedbackDrillCloseEvent,
  LoopFeedbackDrilldownRequestEvent,
  LoopFeedbackViewedEvent,
} from './events';
import { styles } from './loop-feedback.styles';
import { ViewTimeController } from './view-time-controller';

const EMPTY: UserFacingError = {
  code: 'feedback-empty',
  title: 'There are no outcome reports for you on this EHR yet.',
  action: 'They come from the nightly measures run; the rest of Learning Loop works.',
};

/**
 * @summary The clinician's own outcome feedback, below the prompts: each measure compact first (mine,
 * my unit's, my peers' median, the achievable target), my prompt uptake, the trend and the patients
 * behind my numbers on demand. Give it a FeedbackModel; it hands the clinician's requests to the model
 * and reports how long the open section was read.
 * @fires loop-feedback-viewed - the open section was on screen for at least `seenAfterMs` and the view ended
 * @fires loop-feedback-drilldown-request - from a measure
 * @fires loop-feedback-drill-close - from a measure or the patient list
 * @csspart section - the section's box
 * @cssprop --loop-space - spacing
 * @cssprop --loop-color-skeleton - the placeholder while the reports load
 */
@customElement('loop-feedback')
export class LoopFeedback extends LitElement {
  static override styles = [tokens, styles];

  /** The feedback to render; "loading" until it is set. */
  @property({ attribute: false }) model: FeedbackModel | undefined;
  /** How long the open section must be on screen for a view to count, ms. */
  @property({ type: Number }) seenAfterMs = 1000;

  @state() private open = true;
  private readonly feedbackState = new ObserveController<FeedbackState>(this, () => this.model?.state$);
  private readonly viewTime = new ViewTimeController(this, () => this.seenAfterMs);
  private painted = false;
  /** The button that opened the patient list; undefined when none is open or it was closed. */
  private opener: HTMLElement | undefined;
  /** The measure that button belongs to, for when the button itself is gone. */
  private openerMeasure: LoopFeedbackMeasure | undefined;

  constructor() {
    super();
    // Its own events reach the model even after it left the page (a view ends on disconnect).
    this.addEventListener('loop-feedback-viewed', (e: LoopFeedbackViewedEvent) =>
      this.model?.viewed(e.detail.visibleMs),
    );
    this.addEventListener('loop-feedback-drilldown-request', (e: LoopFeedbackDrilldownRequestEvent) => {
      const path = e.composedPath();
      const from = path[0];
      this.opener = from instanceof HTMLElement ? from : undefined;
      this.openerMeasure = path.find((n): n is LoopFeedbackMeasure => n instanceof LoopFeedbackMeasure);
      void this.model?.drillDown(e.detail);
    });
    this.addEventListener('loop-feedback-drill-close', (e: LoopFeedbackDrillCloseEvent) => {
      const fromList = e
        .composedPath()
        .some((n) => n instanceof Element && n.localName === 'loop-feedback-patients');
      this.model?.closeDrill();
      if (fromList) void this.returnFocus();
    });
  }

  /** Closed from inside the list, whose focus goes with it: back to the button that opened it. */
  private async returnFocus(): Promise<void> {
    const { opener, openerMeasure } = this;
    this.opener = undefined;
    this.openerMeasure = undefined;
    await this.updateComplete;
    // A month's button is gone when its trend was closed meanwhile: its measure's actions instead.
    if (opener?.isConnected) opener.focus();
    else openerMeasure?.focusActions();
  }

  override updated(): void {
    this.viewTime.watch(this.open ? this.renderRoot.querySelector('.feedback__body') : undefined);
    const state = this.feedbackState.value;
    if (state?.status === 'ready' && !this.painted) {
      this.painted = true;
      void this.markPainted();
    }
  }

  /** For the benchmark and an EHR's tooling: the measures are in the DOM, in the frame about to paint. */
  private async markPainted(): Promise<void> {
    const children = [...this.renderRoot.querySelectorAll('loop-feedback-measure, loop-feedback-uptake')];
    await Promise.all(children.map((c) => (c as LitElement).updateComplete));
    requestAnimationFrame(() => performance.mark('loop:feedback-painted'));
  }

  private renderView(view: FeedbackView, state: FeedbackState) {
    const drill = state.drill;
    return html`
      ${
        view.peerGroups.length
          ? html`<p class="feedback__peers muted">
              Peers: ${view.peerGroups.map((name) => name.replace(/^peers:\s*/i, '')).join(', ')}
            </p>`
          : nothing
      }
      ${view.empty ? html`<loop-message .problem=${EMPTY}></loop-message>` : nothing}
      <ul class="feedback__list" aria-label="Your measures">
        ${repeat(
          view.measures,
          (m) => m.measure.url,
          (m) => {
            const open = drill?.target.measureUrl === m.measure.url ? drill : undefined;
            return html`<li>
              <loop-feedback-measure .view=${m} minCases=${state.minCases} .drillMonth=${open?.target.month}>
                ${
                  open
                    ? html`<loop-feedback-patients
                        .drill=${open}
                        measureTitle=${m.measure.title}
                      ></loop-feedback-patients>`
                    : nothing
                }
              </loop-feedback-measure>
            </li>`;
          },
        )}
      </ul>
      ${view.uptake ? html`<loop-feedback-uptake .view=${view.uptake} minCases=${state.minCases}></loop-feedback-uptake>` : nothing}
      ${
        view.problems.length
          ? html`<ul class="feedback__lines muted">
              ${view.problems.map((p) => html`<li>${p}</li>`)}
            </ul>`
          : nothing
      }
    `;
  }

  private renderBody() {
    const state = this.feedbackState.value;
    if (!state || state.status === 'idle' || state.status === 'pending')
      return html`<p class="muted" role="status">Loading your feedback…</p>
        <div class="skeleton" aria-hidden="true"></div>`;
    if (state.status === 'error' && state.error)
      return html`<loop-message .problem=${state.error}></loop-message>`;
    return html`${
      state.notices.length
        ? html`<div class="feedback__messages">
            ${state.notices.map((n) => html`<loop-message .problem=${n}></loop-message>`)}
          </div>`
        : nothing
    }
    ${state.view ? this.renderView(state.view, state) : nothing}`;
  }

  override render() {
    return html`<section part="section" class="feedback" aria-labelledby="feedback-heading">
      <h2 class="feedback__heading" id="feedback-heading">
        <button
          class="feedback__toggle"
          aria-expanded=${this.open ? 'true' : 'false'}
          aria-controls="feedback-body"
          @click=${() => (this.open = !this.open)}
        >
          <span aria-hidden="true">${this.open ? '▾' : '▸'}</span> Your outcomes
        </button>
      </h2>
      <div class="feedback__body" id="feedback-body" ?hidden=${!this.open}>
        ${this.open ? this.renderBody() : nothing}
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'loop-feedback': LoopFeedback;
  }
}
