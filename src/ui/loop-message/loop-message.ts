import { LitElement, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { UserFacingError } from '../../core/status';
import { LoopRetryRequestEvent } from '../events';
import { tokens } from '../tokens.styles';
import { styles } from './loop-message.styles';

/**
 * @summary What happened and what to do: a launch error, or a part of the panel that is off. A problem
 * that may pass offers "Try again", disabled with a countdown while the server asked to wait.
 * @fires loop-retry-request - Try again was pressed
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

  /** Seconds left before "Try again" may be pressed (the server's Retry-After). */
  @state() private wait = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('problem')) return;
    this.stopTimer();
    this.wait = this.problem?.retry?.afterSeconds ?? 0;
    if (this.wait > 0) this.timer = setInterval(() => this.tick(), 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopTimer();
  }

  private tick(): void {
    this.wait -= 1;
    if (this.wait <= 0) this.stopTimer();
  }

  private stopTimer(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

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
        problem.retry
          ? html`<button
              type="button"
              class="message__retry"
              ?disabled=${this.wait > 0}
              @click=${() => this.dispatchEvent(new LoopRetryRequestEvent({ code: problem.code }))}
            >
              ${this.wait > 0 ? `Try again in ${this.wait} s` : 'Try again'}
            </button>`
          : null
      }
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
