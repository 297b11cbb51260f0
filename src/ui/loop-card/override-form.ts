import { html, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { OverrideReason } from '../../cds/cards';

export const COMMENT_MAX = 500;

export interface OverrideFormOptions {
  /** The reasons on offer, read at each render. */
  reasons: () => readonly OverrideReason[];
  /** A reason was chosen and the form submitted; `comment` is trimmed and absent when empty. */
  submit: (reason: OverrideReason, comment: string | undefined) => void;
  /** Cancel or Escape. */
  cancel: () => void;
}

/**
 * The inline override form of a card: a required reason (radio group), an optional comment with its
 * count, Submit and Cancel. Holds only what is being typed; the host decides when it shows. It has no
 * lifecycle of its own (what is typed survives the card moving in the list), so it registers no hooks.
 *
 * @example
 * private readonly override = new OverrideFormController(this, { reasons: () => r, submit, cancel });
 * render() { return this.open ? this.override.render() : nothing; }
 */
export class OverrideFormController {
  /** Index into the reasons; `undefined` until one is chosen. */
  private reasonIndex: number | undefined;
  private comment = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: OverrideFormOptions,
  ) {}

  /** Forget the chosen reason and the comment. */
  reset(): void {
    this.reasonIndex = undefined;
    this.comment = '';
    this.host.requestUpdate();
  }

  render(): TemplateResult {
    return html`<form
      id="override"
      class="card__override"
      @submit=${this.onSubmit}
      @keydown=${this.onKeydown}
    >
      <fieldset>
        <legend>Why not follow this prompt?</legend>
        ${this.options.reasons().map(
          (r, i) =>
            html`<label class="card__reason">
              <input
                type="radio"
                name="reason"
                .value=${String(i)}
                .checked=${this.reasonIndex === i}
                @change=${() => this.set(i, this.comment)}
              />
              ${r.display || r.code}
            </label>`,
        )}
      </fieldset>
      <label class="card__comment-label" for="comment">Comment (optional)</label>
      <textarea
        id="comment"
        rows="3"
        maxlength=${COMMENT_MAX}
        aria-describedby="comment-count"
        .value=${this.comment}
        @input=${(e: Event) => this.set(this.reasonIndex, (e.target as HTMLTextAreaElement).value)}
      ></textarea>
      <p id="comment-count" class="muted card__count">${this.comment.length} of ${COMMENT_MAX} characters</p>
      <div class="card__form-actions">
        <button type="submit" class="button button--primary" ?disabled=${this.reasonIndex === undefined}>
          Submit
        </button>
        <button type="button" class="button" @click=${this.options.cancel}>Cancel</button>
      </div>
    </form>`;
  }

  private set(reasonIndex: number | undefined, comment: string): void {
    this.reasonIndex = reasonIndex;
    this.comment = comment;
    this.host.requestUpdate();
  }

  private readonly onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const reason = this.reasonIndex === undefined ? undefined : this.options.reasons()[this.reasonIndex];
    if (!reason) return;
    const comment = this.comment.slice(0, COMMENT_MAX).trim();
    this.options.submit(reason, comment || undefined);
  };

  private readonly onKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    this.options.cancel();
  };
}
