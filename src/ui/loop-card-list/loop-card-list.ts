import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { UserFacingError } from '../../core/status';
import { sortCards, type PromptCard } from '../../cds/cards';
import type { CardState, HeldCard } from '../../prompts/prompts-model';
import type { RuleError } from '../../rules/worker-protocol';
import '../loop-card/loop-card';
import '../loop-message/loop-message';
import { SeenController } from './seen-controller';
import { ActionFocusController } from './action-focus';
import '../loop-held-list/loop-held-list';
import { tokens } from '../tokens.styles';
import { styles } from './loop-card-list.styles';

const HIDDEN: ReadonlySet<CardState['status']> = new Set(['snoozed', 'dismissed']);

/** The list was told the check failed without being told why. */
const FALLBACK_ERROR: UserFacingError = {
  code: 'prompts-check-failed',
  title: 'The prompts could not be checked for this patient.',
  action: 'Close Learning Loop and open it again from the patient chart; the rest of the panel works.',
};

/**
 * @summary The prompts for this patient, critical first, with a quiet line for each rule that could not
 * run. Snoozed and dismissed cards leave the list; accepted and overridden ones stay with their outcome.
 * It only renders: the events of its cards bubble out of it.
 * @fires loop-accept-request - from a card
 * @fires loop-override-request - from a card
 * @fires loop-snooze-request - from a card
 * @fires loop-dismiss-request - from a card
 * @fires loop-undo-request - from the list of snoozed or overridden cards
 * @fires loop-card-expanded - from a card
 * @fires loop-link-opened - from a card
 * @fires loop-card-shown - a card has been at least half on screen for `seenAfterMs`
 * @csspart list - the list of cards
 * @cssprop --loop-space - gap between cards
 * @cssprop --loop-color-skeleton - the placeholder while prompts are checked
 */
@customElement('loop-card-list')
export class LoopCardList extends LitElement {
  static override styles = [tokens, styles];

  /** The cards, in any order: they are shown critical first. */
  @property({ attribute: false }) cards: PromptCard[] = [];
  /** Per card uuid; a card with no entry is `open`. */
  @property({ attribute: false }) states: Record<string, CardState> = {};
  /** Rules that threw or ran out of time; the other cards still show. */
  @property({ attribute: false }) ruleErrors: RuleError[] = [];
  /** Remote CDS services that failed or did not answer in time (`rule` is the service id). */
  @property({ attribute: false }) serviceErrors: RuleError[] = [];
  @property() status: 'idle' | 'pending' | 'ready' | 'error' = 'idle';
  /** Shown in status `error`; a generic message when unset. */
  @property({ attribute: false }) error: UserFacingError | undefined;
  /** Cards held back by this clinician's snoozes and overrides, listed with undo. */
  @property({ attribute: false }) held: HeldCard[] = [];
  /** Whether snoozes and overrides outlive this launch (else the list says they do not). */
  @property({ type: Boolean }) responsesKept = false;
  /** Passed to each card: origins whose `http:` links may stay (dev only). */
  @property({ attribute: false }) allowedOrigins: string[] = [];
  /** How long a card must be on screen to count as seen (`loop-card-shown`), ms. */
  @property({ type: Number }) seenAfterMs = 1000;

  private readonly seen = new SeenController(this, () => this.seenAfterMs);
  private readonly actionFocus = new ActionFocusController(this, {
    cards: () => this.visible,
    stateOf: (uuid) => this.states[uuid] ?? { status: 'open' },
    element: (uuid) =>
      this.renderRoot.querySelector<HTMLElement>(`loop-card[data-card="${CSS.escape(uuid)}"]`) ?? undefined,
    fallback: () => this.renderRoot.querySelector<HTMLElement>('.count, .empty') ?? undefined,
  });

  /** The cards shown now, critical first: dismissed and snoozed ones leave the list. */
  private get visible(): PromptCard[] {
    return sortCards(this.cards).filter((p) => !HIDDEN.has(this.stateOf(p).status));
  }

  override updated(): void {
    this.seen.observe(this.renderRoot.querySelectorAll('loop-card[data-card]'));
  }

  override render() {
    switch (this.status) {
      case 'idle':
        return nothing;
      case 'pending':
        return html`<p class="pending muted" role="status">Checking prompts…</p>
          <div class="skeleton" aria-hidden="true"></div>`;
      case 'error':
        // Remote cards that did arrive still show under the message.
        return html`<loop-message tone="error" .problem=${this.error ?? FALLBACK_ERROR}></loop-message>
          ${this.cards.length ? this.renderReady() : nothing}`;
      default:
        return this.renderReady();
    }
  }

  private renderReady() {
    const visible = this.visible;
    // "Other prompts are shown" only when some are; with none, the line below says there are no others.
    const others = visible.length ? '; other prompts are shown.' : '.';
    const failed = this.ruleErrors.length > 0 || this.serviceErrors.length > 0;
    return html`${
        this.ruleErrors.length
          ? html`<ul class="rule-errors muted" role="list">
              ${this.ruleErrors.map((e) => html`<li>The ${e.rule} rule could not run${others}</li>`)}
            </ul>`
          : nothing
      }
      ${
        this.serviceErrors.length
          ? html`<ul class="rule-errors muted" role="list">
              ${this.serviceErrors.map((e) =>
                e.notAsked
                  ? html`<li>Remote prompt services not asked (${e.rule}): ${e.notAsked}.</li>`
                  : e.unreadable
                    ? html`<li>
                        The ${e.rule} service sent
                        ${e.unreadable === 1 ? 'a prompt' : `${e.unreadable} prompts`} Learning Loop could not
                        show${others}
                      </li>`
                    : html`<li>The ${e.rule} service gave no prompts this time${others}</li>`,
              )}
            </ul>`
          : nothing
      }
      ${
        visible.length
          ? html`<p class="count" role="status" tabindex="-1">
                ${visible.length === 1 ? '1 prompt' : `${visible.length} prompts`}
              </p>
              <ul part="list" class="list" role="list">
                ${repeat(
                  visible,
                  (p) => p.card.uuid,
                  (p) =>
                    html`<li>
                      <loop-card
                        data-card=${p.card.uuid}
                        .prompt=${p}
                        .state=${this.stateOf(p)}
                        .allowedOrigins=${this.allowedOrigins}
                      ></loop-card>
                    </li>`,
                )}
              </ul>`
          : html`<p class="empty muted" role="status" tabindex="-1">
              ${
                this.cards.length || this.held.length
                  ? 'No more prompts for now.'
                  : failed
                    ? 'No other prompts for this patient.'
                    : 'No prompts for this patient.'
              }
            </p>`
      }
      <p class="announce" role="status">${this.actionFocus.announcement}</p>
      <loop-held-list .held=${this.held} ?kept=${this.responsesKept}></loop-held-list>`;
  }

  private stateOf(p: PromptCard): CardState {
    return this.states[p.card.uuid] ?? { status: 'open' };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'loop-card-list': LoopCardList;
  }
}
