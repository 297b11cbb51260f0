import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { HeldCard } from '../../prompts/prompts-model';
import { shortDate } from '../../prompts/responses';
import { LoopUndoRequestEvent } from '../events';
import { tokens } from '../tokens.styles';
import { styles } from './loop-held-list.styles';

/**
 * @summary The prompts this clinician's snoozes and overrides keep away for this patient, behind one
 * line ("Snoozed or overridden (2)") that opens to list them, each with what was done, when, and Undo.
 * It only renders: Undo asks the model through `loop-undo-request`.
 * @fires loop-undo-request - Undo was pressed for a card
 * @csspart toggle - the "Snoozed or overridden (n)" line
 * @cssprop --loop-space - spacing
 */
@customElement('loop-held-list')
export class LoopHeldList extends LitElement {
  static override styles = [tokens, styles];

  /** The held-back cards, in any order. */
  @property({ attribute: false }) held: HeldCard[] = [];
  /** False when snoozes and overrides last for this launch only: the list says so. */
  @property({ type: Boolean }) kept = false;

  override render() {
    if (!this.held.length) return this.kept ? nothing : html`<p class="muted note">${LAUNCH_ONLY}</p>`;
    return html`<details class="held">
      <summary part="toggle">Snoozed or overridden (${this.held.length})</summary>
      <ul class="held__list" role="list">
        ${this.held.map((h) => this.renderItem(h))}
      </ul>
      ${this.kept ? nothing : html`<p class="muted note">${LAUNCH_ONLY}</p>`}
    </details>`;
  }

  private renderItem(h: HeldCard) {
    const r = h.response;
    const what =
      r.kind === 'snoozed'
        ? `Snoozed until ${shortDate(h.until ?? r.at)}`
        : `Overridden on ${shortDate(r.at)}: ${r.reason.display}${r.comment ? ` ("${r.comment}")` : ''}`;
    return html`<li class="held__item">
      <span class="held__summary">${h.prompt.card.summary}</span>
      <span class="held__what muted">${what}</span>
      <button
        type="button"
        class="button"
        aria-label="Undo: ${r.kind === 'snoozed' ? 'show' : 'ask again about'} ${h.prompt.card.summary}"
        @click=${() => this.dispatchEvent(new LoopUndoRequestEvent({ cardUuid: r.cardUuid }))}
      >
        Undo
      </button>
    </li>`;
  }
}

const LAUNCH_ONLY =
  'Your snoozes and overrides last for this launch only: the EHR did not say who you are, or this browser cannot keep them.';

declare global {
  interface HTMLElementTagNameMap {
    'loop-held-list': LoopHeldList;
  }
}
