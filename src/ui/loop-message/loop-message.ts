import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { UserFacingError } from '../../core/status';
import { tokens } from '../tokens.styles';
import { styles } from './loop-message.styles';

/**
 * @summary What happened and what to do: a launch error, or a part of the panel that is off.
 * @csspart message - the message box
 * @cssprop --loop-color-critical - border of an error
 * @cssprop --loop-color-accent - border of a notice
 */
@customElement('loop-message')
export class LoopMessage extends LitElement {
  static override styles = [tokens, styles];

  /** The problem to show; nothing renders while it is unset. */
  @property({ attribute: false }) problem: UserFacingError | undefined;

  /** `error` interrupts (role alert); `notice` is polite (role status). */
  @property({ reflect: true }) tone: 'error' | 'notice' = 'notice';

  override render() {
    const problem = this.problem;
    if (!problem) return null;
    return html`<div
      part="message"
      class="message message--${this.tone}"
      role=${this.tone === 'error' ? 'alert' : 'status'}
      data-code=${problem.code}
    >
      <p class="message__title">${problem.title}</p>
      <p class="message__action">${problem.action}</p>
      ${
        problem.detail
          ? html`<details>
              <summary>Technical detail</summary>
              <pre>${problem.detail}</pre>
            </details>`
          : null
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'loop-message': LoopMessage;
  }
}
