import type { Resource } from '@medplum/fhirtypes';
import { Subject } from 'rxjs';
import { mergeCards } from '../cds/merge';
import { Model } from '../core/model';
import { describeFhirError } from '../fhir/errors';
import { sortCards, type OverrideReason, type PromptCard } from '../cds/cards';
import type { CardFact, CardState, PromptsInput, PromptsOptions, PromptsState } from './prompts-types';
import { fetchRecord } from './record';
import type { Placement, RuleError, RulesRunner } from '../rules/worker-protocol';
import type { SnoozeStore } from './snooze-store';
import { acceptSuggestion, handOffSuggestion } from './accept';
import { messageOf } from '../core/errors';

export type { CardFact, CardState, PromptsInput, PromptsOptions, PromptsState } from './prompts-types';

/**
 * The prompts for the current patient: fetches only what the rules need, runs them, and applies the
 * clinician's responses. Every fact about a card (seen, opened, followed, answered) goes out on `facts$`,
 * the one road to the interaction log.
 */
export class PromptsModel extends Model<PromptsState> {
  private readonly facts = new Subject<CardFact>();
  /** Card facts as they happen; read-only (only the model's named methods add to it). */
  readonly facts$ = this.facts.asObservable();
  private input: PromptsInput | undefined;
  private local: PromptCard[] = [];
  /** Drafts the EHR already took (by identifier value): a retry does not send them twice. */
  private readonly handedOff = new Set<string>();
  private remote: PromptCard[] = [];

  constructor(
    private readonly runner: RulesRunner,
    private readonly snoozes: SnoozeStore,
    private readonly options: PromptsOptions = { canCreate: true },
  ) {
    super({
      status: 'idle',
      cards: [],
      states: {},
      ruleErrors: [],
      serviceErrors: [],
      error: undefined,
    });
  }

  async evaluate(input: PromptsInput): Promise<void> {
    this.input = input;
    this.local = [];
    this.remote = [];
    this.update({ status: 'pending', error: undefined, cards: [], ruleErrors: [], serviceErrors: [] });
    // Without the snooze store (IndexedDB failing) every card shows: better than none.
    const snoozesLoaded = this.snoozes.load(input.scope, input.patientId).catch((error: unknown) => {
      console.warn('Learning Loop: snoozes could not be read', error);
    });
    const [record, placement] = await Promise.all([
      fetchRecord(input.request, this.runner.queries(input.patientId, input.now), input.patientId),
      input.placement.catch(() => ({}) as Placement),
      snoozesLoaded,
    ]);
    if (this.input !== input) return;
    if ('error' in record) return void this.update({ status: 'error', error: record.error });
    const resources = record.resources;
    let result: Awaited<ReturnType<RulesRunner['run']>>;
    try {
      result = await this.runner.run(input.patientId, resources, input.now, placement);
    } catch (error) {
      if (this.input !== input) return;
      this.update({
        status: 'error',
        error: {
          code: 'rules-unavailable',
          title: 'The prompts could not be worked out this time.',
          action: 'Reopen Learning Loop to try again; the rest of the panel works.',
          detail: messageOf(error),
        },
      });
      return;
    }
    if (this.input !== input) return; // a newer evaluation started
    this.local = result.cards;
    this.update({ status: 'ready', ruleErrors: result.errors });
    this.showCards();
  }

  /**
   * Cards from remote CDS services, whenever they arrive: merged with the local ones (a local card
   * wins over a remote one saying the same), never waiting for or delaying them.
   */
  addRemote(input: PromptsInput, cards: readonly PromptCard[], errors: readonly RuleError[]): void {
    if (this.input !== input) return; // for an evaluation that a newer one replaced
    this.remote = [...this.remote, ...cards];
    this.update({ serviceErrors: [...this.state.serviceErrors, ...errors] });
    this.showCards();
  }

  private showCards(): void {
    const now = this.input?.now ?? new Date();
    const visible = mergeCards(this.local, this.remote).filter(
      (c) => !this.snoozes.isSnoozed(c.card.uuid, now),
    );
    this.update({ cards: sortCards(visible) });
  }

  /** Places the drafted resources of a suggestion, at most once per card. */
  async accept(cardUuid: string, suggestionUuid: string): Promise<void> {
    const prompt = this.find(cardUuid);
    const suggestion = prompt?.card.suggestions?.find((s) => s.uuid === suggestionUuid);
    if (!prompt || !suggestion || !this.input || this.state.states[cardUuid]?.status === 'accepting') return;
    if (this.state.states[cardUuid]?.status === 'accepted') return;
    if (this.options.handOff) return this.handOff(prompt, suggestion, this.options.handOff);
    if (!this.options.canCreate && suggestion.actions?.some((a) => a.type === 'create')) {
      this.setCard(cardUuid, {
        status: 'error',
        message: `Learning Loop may not place orders here (the EHR did not grant it). Place "${suggestion.label}" in the EHR's ordering screen.`,
      });
      return;
    }
    this.setCard(cardUuid, { status: 'accepting' });
    try {
      const created = await acceptSuggestion(this.input.request, cardUuid, suggestion);
      this.setCard(cardUuid, { status: 'accepted', message: `Done: ${suggestion.label}.` });
      this.facts.next({ type: 'suggestion-accepted', prompt, suggestionUuid, created });
    } catch (error) {
      const problem = describeFhirError(error, `the order "${suggestion.label}"`);
      this.setCard(cardUuid, { status: 'error', message: `${problem.title} ${problem.action}` });
    }
  }

  private async handOff(
    prompt: PromptCard,
    suggestion: NonNullable<PromptCard['card']['suggestions']>[number],
    handOff: (resource: Resource) => Promise<string>,
  ): Promise<void> {
    const cardUuid = prompt.card.uuid;
    this.setCard(cardUuid, { status: 'accepting' });
    try {
      await handOffSuggestion(handOff, cardUuid, suggestion, this.handedOff);
      this.setCard(cardUuid, {
        status: 'accepted',
        message: `Sent to the EHR to sign: ${suggestion.label}.`,
      });
      this.facts.next({
        type: 'suggestion-accepted',
        prompt,
        suggestionUuid: suggestion.uuid ?? '',
        created: [],
      });
    } catch (error) {
      this.setCard(cardUuid, {
        status: 'error',
        message: `The EHR did not take the order "${suggestion.label}" (${messageOf(error)}). Try again, or order it in the EHR.`,
      });
    }
  }

  override(cardUuid: string, reason: OverrideReason, comment?: string): void {
    const prompt = this.find(cardUuid);
    if (!prompt) return;
    this.setCard(cardUuid, { status: 'overridden', message: `Not followed: ${reason.display}.` });
    this.facts.next({ type: 'card-overridden', prompt, reason, ...(comment ? { comment } : {}) });
  }

  async snooze(cardUuid: string, until: Date): Promise<void> {
    const prompt = this.find(cardUuid);
    if (!prompt) return;
    this.setCard(cardUuid, { status: 'snoozed' });
    try {
      await this.snoozes.snooze(cardUuid, until);
    } catch (error) {
      this.setCard(cardUuid, {
        status: 'error',
        message: `The snooze could not be saved (${messageOf(error)}). Dismiss the card instead, or try again.`,
      });
      return;
    }
    this.facts.next({ type: 'card-snoozed', prompt, until });
  }

  dismiss(cardUuid: string): void {
    const prompt = this.find(cardUuid);
    if (!prompt) return;
    this.setCard(cardUuid, { status: 'dismissed' });
    this.facts.next({ type: 'card-dismissed', prompt });
  }

  /** The card has been on screen long enough to count as seen (the panel decides when). */
  shown(cardUuid: string, visibleMs: number): void {
    const prompt = this.find(cardUuid);
    if (prompt) this.facts.next({ type: 'card-shown', prompt, visibleMs });
  }

  /** The clinician opened the card's details. */
  expanded(cardUuid: string): void {
    const prompt = this.find(cardUuid);
    if (prompt) this.facts.next({ type: 'card-expanded', prompt });
  }

  /** The clinician followed one of the card's links. */
  linkOpened(cardUuid: string, url: string): void {
    const prompt = this.find(cardUuid);
    if (prompt) this.facts.next({ type: 'link-opened', prompt, url });
  }

  override finalize(): void {
    this.facts.complete();
    super.finalize();
  }

  private find(cardUuid: string): PromptCard | undefined {
    return this.state.cards.find((c) => c.card.uuid === cardUuid);
  }

  private setCard(cardUuid: string, state: CardState): void {
    this.update({ states: { ...this.state.states, [cardUuid]: state } });
  }
}
