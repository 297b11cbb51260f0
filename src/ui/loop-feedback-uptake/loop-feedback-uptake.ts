import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { cellText, dayLabel, monthLabel } from '../../feedback/format';
import type { UptakeView } from '../../feedback/types';
import { tokens } from '../tokens.styles';
import { styles } from './loop-feedback-uptake.styles';

/**
 * @summary My prompt uptake beside my outcomes: of the prompts shown to me in the month, how many I
 * accepted, overrode (with the reasons I gave) and left without a response, against my unit.
 * @csspart uptake - the uptake box
 * @cssprop --loop-color-border - rule above the box
 */
@customElement('loop-feedback-uptake')
export class LoopFeedbackUptake extends LitElement {
  static override styles = [tokens, styles];

  /** The uptake to show; nothing renders while it is unset. */
  @property({ attribute: false }) view: UptakeView | undefined;
  @property({ type: Number }) minCases = 5;

  override render() {
    const view = this.view;
    if (!view) return nothing;
    const unit = view.rows.some((r) => r.unit);
    const asOf = dayLabel(view.asOf);
    return html`<section part="uptake" class="uptake" aria-labelledby="title">
      <h3 class="uptake__title" id="title">Your response to prompts, ${monthLabel(view.month)}</h3>
      <table class="uptake__table">
        <thead>
          <tr>
            <th scope="col"><span class="muted">Of the prompts shown</span></th>
            <th scope="col">You</th>
            ${unit ? html`<th scope="col">Your unit</th>` : nothing}
          </tr>
        </thead>
        <tbody>
          ${view.rows.map(
            (r) =>
              html`<tr>
                <th scope="row">${r.label}</th>
                <td>${cellText(r.mine, this.minCases, 'cards')}</td>
                ${unit ? html`<td>${cellText(r.unit, this.minCases, 'cards')}</td>` : nothing}
              </tr>`,
          )}
        </tbody>
      </table>
      ${
        view.reasons.length
          ? html`<p class="uptake__asof muted">Your reasons for not following:</p>
              <ul class="uptake__reasons">
                ${view.reasons.map((r) => html`<li>${r.label}: ${r.count}</li>`)}
              </ul>`
          : nothing
      }
      ${
        view.unitReasons.length
          ? html`<p class="uptake__asof muted">
              Your unit's reasons: ${view.unitReasons.map((r) => `${r.label}: ${r.count}`).join('; ')}
            </p>`
          : nothing
      }
      ${asOf ? html`<p class="uptake__asof muted">Data as of ${asOf}</p>` : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'loop-feedback-uptake': LoopFeedbackUptake;
  }
}
