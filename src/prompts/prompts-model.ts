import type { Coding } from '@medplum/fhirtypes';
import { Subject } from 'rxjs';
import { mergeCards } from '../cds/merge';
import { Model } from '../core/model';
import { messageOf } from '../core/errors';
import { sortCards, type OverrideReason, type PromptCard } from '../cds/cards';
import type { Placement, RuleError, RulesRunner } from '../rules/worker-protocol';
import { acceptAs } from './accept';
import { arrange } from './arrange';
import {
  DEFAULT_DRAFT_TYPES,
  draftRulesFor,
  pendingDrafts,
  type DraftRules,
  type PendingDraft,
} from './drafts';
import { withSafeSuggestions } from './remote-suggestions';
import {
  rulesUnavailable,
  type CardFact,
  type CardState,
  type PromptsInput,
  type PromptsOptions,
  type PromptsState,
} from './prompts-types';
import { fetchRecord } from './record';
import type { ResponseStore } from './response-store';
import { StandingAnswers } from './standing';
import {
  notKeptMessage,
  overrideResponse,
  responseScope,
  snoozeResponse,
  type StandingResponse,
} from './responses';

export type {
  CardFact,
  CardState,
  HeldCard,
  PromptsInput,
  PromptsOptions,
  PromptsState,
} from './prompts-types';

/**
 * The prompts for the current patient: fetches only what the rules need, runs them, and applies the
 * clinician's responses. Snoozes and overrides are the clinician's own for this patient (kept per EHR,
 * clinician and patient) and can be undone; an accepted suggestion becomes a draft for the clinician to
 * sign in the EHR. Every fact about a card (seen, opened, followed, answered) goes out on `facts$`, the
 * one road to the interaction log.
 */
export class PromptsModel extends Model<PromptsState> {
  private readonly facts = new Subject<CardFact>();
  /** Card facts as they happen; read-only (only the model's named methods add to it). */
  readonly facts$ = this.facts.asObservable();
  private input: PromptsInput | undefined;
  private placement: Placement = {};
  private roles: Coding[] | undefined;
  private local: PromptCard[] = [];
  private remote: PromptCard[] = [];
  private readonly answers: StandingAnswers;
  private drafts = new Map<string, PendingDraft>();
  /** Drafts the EHR already took (by identifier value): a retry does not send them twice. */
  private readonly handedOff = new Set<string>();
  private readonly clock: () => Date;

  constructor(
    private readonly runner: RulesRunner,
    store: ResponseStore,
    private readonly options: PromptsOptions = { canCreate: true },
  ) {
    super({
      status: 'idle',
      cards: [],
      held: [],
      states: {},
      responsesKept: store.persistent,
      ruleErrors: [],
      serviceErrors: [],
      error: undefined,
    });
    this.clock = options.clock ?? (() => new Date());
    this.answers = new StandingAnswers(store);
  }

  async evaluate(input: PromptsInput): Promise<void> {
    this.input = input;
    this.local = [];
    this.remote = [];
    this.drafts = new Map();
    const cleared = { cards: [], held: [], states: {}, ruleErrors: [], serviceErrors: [] };
    this.update({ status: 'pending', error: undefined, ...cleared });
    // Standing answers and pending drafts are extras: if they cannot be read, every card shows.
    const answers = this.answers.load(responseScope(input));
    const drafts = this.options.findDrafts
      ? pendingDrafts(input.request, input.patientId, this.draftTypes)
      : Promise.resolve(new Map<string, PendingDraft>());
    const [record, placement, roles, , pending] = await Promise.all([
      fetchRecord(input.request, this.runner.queries(input.patientId, input.now), input.patientId),
      input.placement.catch(() => ({}) as Placement),
      input.roles.catch(() => undefined),
      answers,
      drafts,
    ]);
    if (this.input !== input) return;
    Object.assign(this, { placement, roles, drafts: pending });
    this.update({ responsesKept: this.answers.kept });
    if ('error' in record) return void this.update({ status: 'error', error: record.error });
    let result: Awaited<ReturnType<RulesRunner['run']>>;
    try {
      result = await this.runner.run(input.patientId, record.resources, input.now, placement);
    } catch (error) {
      if (this.input !== input) return;
      return void this.update({ status: 'error', error: rulesUnavailable(messageOf(error)) });
    }
    if (this.input !== input) return; // a newer evaluation started
    this.local = result.cards;
    this.update({ status: 'ready', ruleErrors: result.errors });
    this.showCards();
  }

  /**
   * Cards from remote CDS services, whenever they arrive: merged with the local ones (a local card
   * wins over a remote one saying the same), never waiting for or delaying them. A suggestion that
   * would draft anything unsafe (another resource type, no resource at all) is left out, and the card
   * says so.
   */
  addRemote(input: PromptsInput, cards: readonly PromptCard[], errors: readonly RuleError[]): void {
    if (this.input !== input) return; // for an evaluation that a newer one replaced
    this.remote = [...this.remote, ...cards.map((c) => withSafeSuggestions(c, this.draftRules()))];
    this.update({ serviceErrors: [...this.state.serviceErrors, ...errors] });
    this.showCards();
  }

  /** Writes the drafts of a suggestion for the clinician to sign in the EHR, at most once per card. */
  async accept(cardUuid: string, suggestionUuid: string): Promise<void> {
    const prompt = this.find(cardUuid);
    const suggestion = prompt?.card.suggestions?.find((s) => s.uuid === suggestionUuid);
    const state = this.state.states[cardUuid];
    if (!prompt || !suggestion || !this.input || state?.infoOnly) return;
    if (state?.status === 'accepting' || state?.status === 'accepted' || state?.status === 'drafted') return;
    this.setCard(cardUuid, { status: 'accepting' });
    const outcome = await acceptAs(suggestion, cardUuid, {
      request: this.input.request,
      canCreate: this.options.canCreate,
      ...(this.options.handOff ? { handOff: this.options.handOff } : {}),
      handedOff: this.handedOff,
      rules: this.draftRules(),
    });
    this.setCard(cardUuid, outcome.state);
    if (outcome.created)
      this.facts.next({ type: 'suggestion-accepted', prompt, suggestionUuid, created: outcome.created });
  }

  /** Not followed, with a reason: kept for this clinician and patient until the card's data changes. */
  async override(cardUuid: string, reason: OverrideReason, comment?: string): Promise<void> {
    const prompt = this.find(cardUuid);
    if (!prompt) return;
    this.setCard(cardUuid, { status: 'overridden', message: `Not followed: ${reason.display}.` });
    this.facts.next({ type: 'card-overridden', prompt, reason, ...(comment ? { comment } : {}) });
    await this.remember(overrideResponse(prompt, reason, comment, this.clock()));
  }

  /** Hidden for this clinician and patient for `forMs`, across launches. */
  async snooze(cardUuid: string, forMs: number): Promise<void> {
    const prompt = this.find(cardUuid);
    if (!prompt) return;
    const now = this.clock();
    // Snoozed once kept, not before: a screen reader would hear "Snoozed" for a snooze that failed.
    if (!(await this.remember(snoozeResponse(prompt, forMs, now)))) return;
    this.setCard(cardUuid, { status: 'snoozed' });
    this.facts.next({ type: 'card-snoozed', prompt, until: new Date(now.getTime() + forMs) });
    this.showCards();
  }

  /** Takes back a snooze or an override: the card shows again, open. */
  async undo(cardUuid: string): Promise<void> {
    const forgotten = this.answers.forget(cardUuid);
    const { [cardUuid]: _gone, ...states } = this.state.states;
    this.update({ states });
    this.showCards();
    await forgotten;
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

  private showCards(): void {
    const merged = mergeCards(this.local, this.remote);
    const policy = this.options.overridePolicy ?? 'until-data-changes';
    // A card overridden in this launch keeps showing its outcome until the next one.
    const standing = new Map(
      [...this.answers.all].filter(([uuid]) => this.state.states[uuid]?.status !== 'overridden'),
    );
    const { cards, held, states } = arrange(merged, standing, this.drafts, this.roles, this.clock(), policy);
    // What the clinician did in this launch stands over how a card starts.
    this.update({ cards: sortCards(cards), held, states: { ...states, ...this.state.states } });
  }

  /**
   * Keeps a standing answer; says so on the card when it cannot be kept. False when a snooze was not
   * kept (so it did not happen); an override happened either way.
   */
  private async remember(response: StandingResponse): Promise<boolean> {
    try {
      await this.answers.keep(response);
      return true;
    } catch (error) {
      const snoozed = response.kind === 'snoozed';
      const message = notKeptMessage(response.kind, messageOf(error));
      this.setCard(response.cardUuid, { status: snoozed ? 'error' : 'overridden', message });
      return !snoozed;
    }
  }

  private get draftTypes(): readonly string[] {
    return this.options.draftTypes ?? DEFAULT_DRAFT_TYPES;
  }

  private draftRules(): DraftRules {
    return draftRulesFor(this.input, this.placement, this.draftTypes, this.clock());
  }

  private find(cardUuid: string): PromptCard | undefined {
    return this.state.cards.find((c) => c.card.uuid === cardUuid);
  }

  private setCard(cardUuid: string, state: CardState): void {
    const infoOnly = this.state.states[cardUuid]?.infoOnly;
    this.update({
      states: { ...this.state.states, [cardUuid]: { ...state, ...(infoOnly ? { infoOnly } : {}) } },
    });
  }
}
