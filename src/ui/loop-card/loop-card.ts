import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import {
  LoopAcceptRequestEvent,
  LoopCardExpandedEvent,
  LoopDismissRequestEvent,
  LoopLinkOpenedEvent,
  LoopOverrideRequestEvent,
  LoopSnoozeRequestEvent,
} from '../events';
import { STANDARD_OVERRIDE_REASONS, type PromptCard } from '../../cds/cards';
import type { CardState } from '../../prompts/prompts-model';
import { markdownFragment } from '../markdown';
import { tokens } from '../tokens.styles';
import {
  actionRow,
  indicatorBadge,
  knownIndicator,
  linkList,
  forThePrescriber,
  snoozeGroup,
  sourceLine,
  statusLine,
  suggestionButton,
} from './loop-card.parts';
import { styles } from './loop-card.styles';
import { OverrideFormController } from './override-form';

/**
 * @summary One prompt (a CDS Hooks card): urgency, summary, source, details on demand, suggestions, and
 * the clinician's answer (accept, override with a reason, snooze, dismiss). It only renders: what
 * happened after a request comes back through `state`.
 * @fires loop-accept-request - a suggestion was chosen
 * @fires loop-override-request - the override form was submitted with a reason
 * @fires loop-snooze-request - a snooze time was chosen
 * @fires loop-dismiss-request - Dismiss was pressed
 * @fires loop-card-expanded - the details were opened for the first time
 * @fires loop-link-opened - a link of the card was followed
 * @csspart card - the card's box
 * @csspart indicator - the urgency badge
 * @csspart summary - the heading
 * @csspart note - a caveat on the card's face (the unit could not be checked)
 * @csspart detail - the rendered Markdown detail
 * @csspart actions - the row of Override, Snooze and Dismiss
 * @cssprop --loop-color-critical - critical border and badge
 * @cssprop --loop-color-warning - warning border and badge
 * @cssprop --loop-color-info - info border and badge
 * @cssprop --loop-color-accent - the recommended suggestion
 * @cssprop --loop-color-surface - card background
 */
@customElement('loop-card')
export class LoopCard extends LitElement {
  static override styles = [tokens, styles];

  /** The card to show; nothing renders while it is unset. */
  @property({ attribute: false }) prompt: PromptCard | undefined;
  /** What the model says happened to this card; `open` until the clinician acts. */
  @property({ attribute: false }) state: CardState = { status: 'open' };
  /** Origins whose `http:` links may stay (a dev server); `https:` links are always allowed. */
  @property({ attribute: false }) allowedOrigins: string[] = [];

  @state() private expanded = false;
  /** The sanitised detail as DOM nodes; `undefined` until the details are first opened. */
  @state() private detailHtml: DocumentFragment | undefined;
  @state() private panel: 'none' | 'override' | 'snooze' = 'none';
  private expandedOnce = false;
  private readonly overrideForm = new OverrideFormController(this, {
    reasons: () => this.reasons,
    submit: (reason, comment) => {
      this.fire(
        new LoopOverrideRequestEvent({ cardUuid: this.uuid, reason, ...(comment ? { comment } : {}) }),
      );
      void this.closePanel(true);
    },
    cancel: () => void this.closePanel(true),
  });

  @query('.card__override-toggle') private overrideToggle: HTMLButtonElement | null | undefined;
  @query('.card__snooze-toggle') private snoozeToggle: HTMLButtonElement | null | undefined;
  @query('input[name="reason"]') private firstReason: HTMLInputElement | null | undefined;

  override willUpdate(changed: PropertyValues<this>): void {
    const previous = changed.get('prompt');
    if (changed.has('prompt') && previous?.card.uuid !== this.prompt?.card.uuid) {
      this.expanded = false;
      this.detailHtml = undefined;
      this.expandedOnce = false;
      void this.closePanel();
    } else if (changed.has('prompt') && previous?.card.detail !== this.prompt?.card.detail) {
      this.detailHtml = this.expanded ? this.renderDetail() : undefined;
    }
    // Once the card is settled its actions go, and so does any half-filled form.
    if (changed.has('state') && this.isClosed) void this.closePanel();
  }

  override render() {
    const card = this.prompt?.card;
    if (!card) return nothing;
    const indicator = knownIndicator(card.indicator);
    const closed = this.isClosed;
    const locked = closed || this.state?.status === 'accepting';
    return html`<article
      part="card"
      class="card card--${indicator}"
      aria-labelledby="summary"
      tabindex="-1"
      @click=${this.onClick}
    >
      <header class="card__header">
        ${indicatorBadge(indicator)}
        <h3 id="summary" part="summary" class="card__summary">${card.summary}</h3>
      </header>
      ${(this.prompt?.notes ?? []).map((note) => html`<p class="card__note" part="note">${note}</p>`)}
      ${sourceLine(card, this.allowedOrigins)}
      ${
        card.detail
          ? html`<button
                type="button"
                class="link-button card__details-toggle"
                aria-expanded=${this.expanded ? 'true' : 'false'}
                aria-controls="detail"
                @click=${this.toggleDetail}
              >
                Details
              </button>
              <div id="detail" part="detail" class="card__detail" ?hidden=${!this.expanded}>
                ${this.detailHtml ?? nothing}
              </div>`
          : nothing
      }
      ${linkList(card, this.allowedOrigins)}
      ${
        this.state?.infoOnly
          ? forThePrescriber(card.suggestions ?? [])
          : card.suggestions?.length
            ? html`<div class="card__suggestions" role="group" aria-label="Suggestions">
                ${card.suggestions.map((s) => suggestionButton(s, locked, (uuid) => this.accept(uuid)))}
              </div>`
            : nothing
      }
      ${statusLine(this.state)} ${closed ? nothing : this.renderActions(locked)}
    </article>`;
  }

  private renderActions(locked: boolean) {
    return html`${actionRow({
      canOverride: !!this.prompt?.card.suggestions?.length && !this.state?.infoOnly,
      panel: this.panel,
      locked,
      onOverride: () => void this.openPanel('override'),
      onSnooze: () => void this.openPanel('snooze'),
      onDismiss: () => this.fire(new LoopDismissRequestEvent({ cardUuid: this.uuid })),
    })}
    ${this.panel === 'override' ? this.overrideForm.render() : nothing}
    ${this.panel === 'snooze' ? snoozeGroup((ms) => this.snooze(ms), this.onPanelKey) : nothing}`;
  }

  private get isClosed(): boolean {
    return ['accepted', 'drafted', 'overridden', 'snoozed', 'dismissed'].includes(
      this.state?.status ?? 'open',
    );
  }

  private get uuid(): string {
    return this.prompt?.card.uuid ?? '';
  }

  private get reasons() {
    const own = this.prompt?.card.overrideReasons;
    return own?.length ? own : STANDARD_OVERRIDE_REASONS;
  }

  private renderDetail(): DocumentFragment {
    return markdownFragment(this.prompt?.card.detail ?? '', this.allowedOrigins);
  }

  private fire(event: Event): void {
    this.dispatchEvent(event);
  }

  private toggleDetail(): void {
    this.expanded = !this.expanded;
    if (!this.expanded) return;
    this.detailHtml ??= this.renderDetail();
    if (this.expandedOnce) return;
    this.expandedOnce = true;
    this.fire(new LoopCardExpandedEvent({ cardUuid: this.uuid }));
  }

  private onClick(event: MouseEvent): void {
    const origin = event.composedPath()[0];
    const link = origin instanceof Element ? origin.closest('a[href]') : null;
    if (link instanceof HTMLAnchorElement)
      this.fire(new LoopLinkOpenedEvent({ cardUuid: this.uuid, url: link.href }));
  }

  private async openPanel(panel: 'override' | 'snooze'): Promise<void> {
    if (this.panel === panel) return this.closePanel(true);
    this.panel = panel;
    if (panel !== 'override') return;
    await this.updateComplete;
    this.firstReason?.focus();
  }

  private async closePanel(restoreFocus = false): Promise<void> {
    const was = this.panel;
    this.panel = 'none';
    this.overrideForm.reset();
    if (!restoreFocus || was === 'none') return;
    await this.updateComplete;
    (was === 'override' ? this.overrideToggle : this.snoozeToggle)?.focus();
  }

  private readonly onPanelKey = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    void this.closePanel(true);
  };

  private accept(suggestionUuid: string): void {
    this.fire(new LoopAcceptRequestEvent({ cardUuid: this.uuid, suggestionUuid }));
  }

  private snooze(ms: number): void {
    this.fire(new LoopSnoozeRequestEvent({ cardUuid: this.uuid, forMs: ms }));
    void this.closePanel(true);
  }

  /** Focus lands on the card itself (the list moves it here after an action elsewhere). */
  override focus(options?: FocusOptions): void {
    this.renderRoot.querySelector<HTMLElement>('article')?.focus(options);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'loop-card': LoopCard;
  }
}
