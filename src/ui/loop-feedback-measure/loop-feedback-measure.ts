import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { dayLabel, directionText, monthLabel, percent } from '../../feedback/format';
import type { Cell, MeasureView } from '../../feedback/types';
import { LoopFeedbackDrillCloseEvent, LoopFeedbackDrilldownRequestEvent } from '../loop-feedback/events';
import '../loop-feedback-chart/loop-feedback-chart';
import { tokens } from '../tokens.styles';
import { styles } from './loop-feedback-measure.styles';

const ARROW = { increase: '↑', decrease: '↓', unknown: '' } as const;

/**
 * @summary One measure, compact first: my current value with numerator/denominator and 95% interval,
 * which way is better, my unit's value, my peers' median and the target (the achievable benchmark of
 * care), the data-as-of date; the trend and the patients behind my number one click away. A rate on
 * fewer than `minCases` patients shows as "too few patients", never as 0% or 100%.
 * @fires loop-feedback-drilldown-request - the clinician asked for the patients behind their number
 * (the current month's here, a past month's from the trend's table)
 * @fires loop-feedback-drill-close - the clinician closed that list again
 * @slot - the patient list, when it is open for this measure
 * @csspart measure - the measure's box
 * @cssprop --loop-color-border - rule above each measure
 * @cssprop --loop-color-surface - button background
 */
@customElement('loop-feedback-measure')
export class LoopFeedbackMeasure extends LitElement {
  static override styles = [tokens, styles];

  /** The measure to show; nothing renders while it is unset. */
  @property({ attribute: false }) view: MeasureView | undefined;
  @property({ type: Number }) minCases = 5;
  /**
   * The month whose patient list is open for this measure (the list is slotted in by the section);
   * undefined when none is.
   */
  @property({ attribute: false }) drillMonth: string | undefined;

  @state() private trendOpen = false;

  private value(label: string, cell: Cell | undefined, who: 'you' | 'unit') {
    if (!cell) return nothing;
    const body =
      cell.status === 'rate'
        ? html`<span class="value__rate">${percent(cell.rate)}</span> ${cell.numerator}/${cell.denominator}
            <span class="value__ci muted"
              >95% CI ${percent(cell.interval.low)}–${percent(cell.interval.high)}</span
            >`
        : cell.status === 'suppressed'
          ? html`Too few patients <span class="value__ci muted">fewer than ${this.minCases}</span>`
          : html`<span class="muted">${who === 'you' ? 'None of your patients' : 'No patients'}</span>`;
    return html`<div class="value value--${who}">
      <dt class="muted">${label}</dt>
      <dd>${body}</dd>
    </div>`;
  }

  private peers(view: MeasureView) {
    const peers = view.peers;
    if (!peers) return nothing;
    const median =
      peers.median !== undefined
        ? html`<span class="value__rate">${percent(peers.median)}</span>
            <span class="value__ci muted"
              >of ${peers.medianOf} ${peers.medianOf === 1 ? 'peer' : 'peers'}</span
            >`
        : peers.pooled.status === 'rate'
          ? html`${percent(peers.pooled.rate)} <span class="value__ci muted">all peers pooled</span>`
          : html`<span class="muted">Not known</span>`;
    const target = peers.benchmark
      ? html`<span class="value__rate">${percent(peers.benchmark.rate)}</span>
          <span class="value__ci muted">top ${peers.benchmark.providers} of your peers</span>`
      : html`<span class="muted">Not known</span>`;
    return html`<div class="value">
        <dt class="muted">Peers' median</dt>
        <dd>${median}</dd>
      </div>
      <div class="value">
        <dt class="muted">Target (achievable)</dt>
        <dd>${target}</dd>
      </div>`;
  }

  /** Whether the open list is the current month's (a past month's is opened from the trend's table). */
  private get currentOpen(): boolean {
    return this.drillMonth !== undefined && this.drillMonth === this.view?.drill?.month;
  }

  // Fired from the button itself, so the section knows where to return focus when the list closes.
  private readonly onDrill = (e: Event) => {
    const from = e.currentTarget instanceof HTMLElement ? e.currentTarget : this;
    const target = this.view?.drill;
    if (this.currentOpen) from.dispatchEvent(new LoopFeedbackDrillCloseEvent());
    else if (target) from.dispatchEvent(new LoopFeedbackDrilldownRequestEvent(target));
  };

  /** Puts focus on the measure's first action (its patients or its trend). */
  focusActions(): void {
    this.renderRoot.querySelector<HTMLElement>('.measure__actions button')?.focus();
  }

  override render() {
    const view = this.view;
    if (!view) return nothing;
    const direction = view.measure.direction;
    const asOf = dayLabel(view.asOf);
    const notes = [...view.problems, ...(view.peers?.note ? [view.peers.note] : [])];
    return html`<article part="measure" class="measure" aria-labelledby="title">
      <h3 class="measure__title" id="title">${view.measure.title}</h3>
      <span class="measure__direction muted"
        ><span aria-hidden="true">${ARROW[direction]}</span> ${directionText(direction)}</span
      >
      <dl class="measure__values">
        ${this.value('You', view.mine, 'you')} ${this.value('Your unit', view.unit, 'unit')}
        ${this.peers(view)}
      </dl>
      <p class="measure__asof muted">${monthLabel(view.month)}${asOf ? ` · data as of ${asOf}` : ''}</p>
      <div class="measure__actions">
        ${
          view.drill
            ? html`<button aria-expanded=${this.currentOpen ? 'true' : 'false'} @click=${this.onDrill}>
                Your patients
              </button>`
            : nothing
        }
        <button
          aria-expanded=${this.trendOpen ? 'true' : 'false'}
          aria-controls="trend"
          @click=${() => (this.trendOpen = !this.trendOpen)}
        >
          Trend
        </button>
      </div>
      ${
        notes.length
          ? html`<ul class="measure__problems muted">
              ${notes.map((n) => html`<li>${n}</li>`)}
            </ul>`
          : nothing
      }
      <slot></slot>
      <div id="trend">
        ${
          this.trendOpen
            ? html`<loop-feedback-chart
                .trend=${view.trend}
                .drillMonth=${this.drillMonth}
                direction=${direction}
                minCases=${this.minCases}
              ></loop-feedback-chart>`
            : nothing
        }
      </div>
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'loop-feedback-measure': LoopFeedbackMeasure;
  }
}
