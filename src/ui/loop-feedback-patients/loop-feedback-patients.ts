import { LitElement, html, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { DrillPatient } from '../../feedback/drilldown';
import type { DrillState } from '../../feedback/feedback-model';
import { monthLabel } from '../../feedback/format';
import { LoopFeedbackDrillCloseEvent } from '../loop-feedback/events';
import '../loop-message/loop-message';
import { tokens } from '../tokens.styles';
import { styles } from './loop-feedback-patients.styles';

/** The MRN labelled once (some EHRs write the label into the value), or the record id. */
const mrnText = (p: DrillPatient) =>
  !p.mrn ? `record ${p.id}` : /^mrn/i.test(p.mrn) ? p.mrn : `MRN ${p.mrn}`;

/**
 * @summary The patients behind one of my numbers, most actionable first (who did not get what the
 * measure asks, or whom it counts where lower is better), then the others, then the excluded, each with
 * name and MRN. Focus moves to its heading when the list arrives, so a keyboard user lands on it. Where
 * the EHR has no list for that month, it says so.
 * @fires loop-feedback-drill-close - the clinician closed the list
 * @csspart patients - the list's box
 * @cssprop --loop-color-accent - the bar beside the list
 * @cssprop --loop-color-surface - its background
 */
@customElement('loop-feedback-patients')
export class LoopFeedbackPatients extends LitElement {
  static override styles = [tokens, styles];

  /** The drill-down to show; nothing renders while it is unset. */
  @property({ attribute: false }) drill: DrillState | undefined;
  /** The measure's title, for the heading. */
  @property() measureTitle = '';

  @query('.patients__title') private heading: HTMLElement | undefined;
  private focusedFor: DrillState | undefined;

  override updated(): void {
    if (this.drill?.status === 'ready' && this.focusedFor !== this.drill) {
      this.focusedFor = this.drill;
      this.heading?.focus();
    }
  }

  private body(drill: DrillState) {
    if (drill.status === 'pending') return html`<p class="muted" role="status">Loading the patients…</p>`;
    if (drill.status === 'error') return html`<loop-message .problem=${drill.error}></loop-message>`;
    const result = drill.result;
    if (result?.missing)
      return html`<p class="patients__missing">
        The EHR has no list of the patients behind your ${monthLabel(drill.target.month)} number: the measures
        run wrote the number but not its list. The number itself is not affected.
      </p>`;
    if (!result?.groups.length) return html`<p class="muted">No patients are listed for this number.</p>`;
    return html`${result.groups.map(
      (g) =>
        html`<h5 class="patients__group" id="group-${g.kind}">${g.label} (${g.patients.length})</h5>
          <ul class="patients__list" aria-labelledby="group-${g.kind}">
            ${g.patients.map(
              (p) =>
                html`<li>
                  <span>${p.name ?? html`<span class="muted">Name not available</span>`}</span>
                  <span class="muted">${mrnText(p)}</span>
                </li>`,
            )}
          </ul>`,
    )}
    ${result.notes.map((n) => html`<p class="patients__note muted">${n}</p>`)}`;
  }

  override render() {
    const drill = this.drill;
    if (!drill) return nothing;
    return html`<section part="patients" class="patients" aria-labelledby="heading">
      <div class="patients__head">
        <h4 class="patients__title" id="heading" tabindex="-1">
          Your patients, ${this.measureTitle}, ${monthLabel(drill.target.month)}
        </h4>
        <button class="patients__close" @click=${() => this.dispatchEvent(new LoopFeedbackDrillCloseEvent())}>
          Close
        </button>
      </div>
      ${this.body(drill)}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'loop-feedback-patients': LoopFeedbackPatients;
  }
}
