import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PromptCard } from '../../cds/cards';
import type { CardState } from '../../prompts/prompts-model';

const SETTLED: ReadonlySet<CardState['status']> = new Set([
  'accepted',
  'drafted',
  'overridden',
  'snoozed',
  'dismissed',
]);
const REQUESTS = [
  'loop-accept-request',
  'loop-override-request',
  'loop-snooze-request',
  'loop-dismiss-request',
];

/**
 * Keeps keyboard focus where a clinician can go on after answering a card, instead of on the page
 * body: while the answer is on its way, on the card itself; once it is settled (or the card left the
 * list), on the next open card, else the previous one, else the list's own line; after a failure, on
 * the card whose status line says what went wrong. It also says what happened to a card that left
 * the list (`announcement`, for a polite live region).
 */
export class ActionFocusController implements ReactiveController {
  /** What to read out after a card left the list ("Snoozed: …"); empty otherwise. */
  announcement = '';
  private acting: { uuid: string; summary: string; type: string; position: number } | undefined;
  private readonly onRequest = (event: Event) => {
    const uuid = (event as CustomEvent<{ cardUuid?: string }>).detail?.cardUuid;
    const position = this.options.cards().findIndex((c) => c.card.uuid === uuid);
    const prompt = this.options.cards()[position];
    if (prompt)
      this.acting = { uuid: prompt.card.uuid, summary: prompt.card.summary, type: event.type, position };
  };

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: {
      /** The cards now shown, in order. */
      cards: () => readonly PromptCard[];
      stateOf: (uuid: string) => CardState;
      /** The card element for a uuid, when rendered. */
      element: (uuid: string) => HTMLElement | undefined;
      /** Where focus goes when no card is left. */
      fallback: () => HTMLElement | undefined;
    },
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    for (const type of REQUESTS) this.host.addEventListener(type, this.onRequest);
  }

  hostDisconnected(): void {
    for (const type of REQUESTS) this.host.removeEventListener(type, this.onRequest);
  }

  hostUpdated(): void {
    const acting = this.acting;
    if (!acting) return;
    const cards = this.options.cards();
    const index = cards.findIndex((c) => c.card.uuid === acting.uuid);
    const status = index < 0 ? 'gone' : this.options.stateOf(acting.uuid).status;
    if (status === 'open') return; // the request has not come back yet
    if (status === 'accepting' || status === 'error') return void this.options.element(acting.uuid)?.focus();
    this.acting = undefined;
    if (index < 0) this.announce(acting);
    const open = (c: PromptCard) =>
      c.card.uuid !== acting.uuid && !SETTLED.has(this.options.stateOf(c.card.uuid).status);
    const from = index < 0 ? Math.min(acting.position, cards.length) : index;
    const next = cards.slice(from).find(open) ?? [...cards.slice(0, from)].reverse().find(open);
    (next ? this.options.element(next.card.uuid) : this.options.fallback())?.focus();
  }

  private announce(acting: { summary: string; type: string }): void {
    const done = acting.type === 'loop-snooze-request' ? 'Snoozed' : 'Dismissed';
    this.announcement = `${done}: ${acting.summary}`;
    this.host.requestUpdate();
  }
}
