import type { Resource } from '@medplum/fhirtypes';
import { Subject } from 'rxjs';
import { Model } from '../core/model';
import type { UserFacingError } from '../core/status';
import { describeFhirError } from '../fhir/errors';
import type { FhirRequester } from '../fhir/requester';
import { searchAll } from '../fhir/requester';
import { sortCards, type OverrideReason, type PromptCard } from './cards';
import type { SnoozeStore } from './snooze-store';
import { acceptSuggestion } from './accept';

/** What the panel shows for one card after the clinician acts on it. */
export interface CardState {
  status: 'open' | 'accepting' | 'accepted' | 'overridden' | 'snoozed' | 'dismissed' | 'error';
  message?: string;
}

export interface RuleError {
  rule: string;
  message: string;
}

/** A clinician's response, as the telemetry pipeline (issue 4) and CDS feedback need it. */
export type PromptInteraction =
  | { type: 'suggestion-accepted'; prompt: PromptCard; suggestionUuid: string; created: Resource[] }
  | { type: 'card-overridden'; prompt: PromptCard; reason: OverrideReason; comment?: string }
  | { type: 'card-snoozed'; prompt: PromptCard; until: Date }
  | { type: 'card-dismissed'; prompt: PromptCard };

export interface PromptsState {
  status: 'idle' | 'pending' | 'ready' | 'error';
  /** Cards to show, critical first; snoozed ones are left out when loaded. */
  cards: PromptCard[];
  states: Record<string, CardState>;
  ruleErrors: RuleError[];
  /** Set in status `error`: the patient's data could not be read, so no rule could run. */
  error: UserFacingError | undefined;
}

/** What evaluating needs from the launch: who, where, how to read, and when. */
export interface PromptsInput {
  request: FhirRequester;
  /** Snooze scope: the EHR's iss, so two EHRs' patients never share snoozes. */
  scope: string;
  patientId: string;
  now: Date;
}

/** The rules, wherever they run (a Web Worker in the app, in-process in tests). */
export interface RulesRunner {
  /** FHIR searches (relative paths) the enabled rules need for this patient. */
  queries(patientId: string, now: Date): string[];
  run(
    patientId: string,
    resources: Resource[],
    now: Date,
  ): Promise<{ cards: PromptCard[]; errors: RuleError[] }>;
}

/**
 * The prompts for the current patient: fetches only what the rules need, runs them, and applies the
 * clinician's responses. Each response is also emitted on `interactions$` for the event log.
 */
export class PromptsModel extends Model<PromptsState> {
  readonly interactions$ = new Subject<PromptInteraction>();
  private input: PromptsInput | undefined;

  constructor(
    private readonly runner: RulesRunner,
    private readonly snoozes: SnoozeStore,
  ) {
    super({ status: 'idle', cards: [], states: {}, ruleErrors: [], error: undefined });
  }

  async evaluate(input: PromptsInput): Promise<void> {
    this.input = input;
    this.update({ status: 'pending', error: undefined });
    const queries = this.runner.queries(input.patientId, input.now);
    const [answers] = await Promise.all([
      Promise.allSettled(queries.map((q) => searchAll(input.request, q))),
      this.snoozes.load(input.scope, input.patientId),
    ]);
    const failed = answers.find((a): a is PromiseRejectedResult => a.status === 'rejected');
    if (failed) {
      // A rule run on part of the record could miss what should trigger it: run none, say why.
      this.update({
        status: 'error',
        error: describeFhirError(failed.reason, 'the record the prompts need'),
      });
      return;
    }
    const resources = answers.flatMap((a) => (a.status === 'fulfilled' ? (a.value as Resource[]) : []));
    let result: Awaited<ReturnType<RulesRunner['run']>>;
    try {
      result = await this.runner.run(input.patientId, resources, input.now);
    } catch (error) {
      if (this.input !== input) return;
      this.update({
        status: 'error',
        error: {
          code: 'rules-unavailable',
          title: 'The prompts could not be worked out this time.',
          action: 'Reopen Learning Loop to try again; the rest of the panel works.',
          detail: error instanceof Error ? error.message : String(error),
        },
      });
      return;
    }
    const { cards, errors } = result;
    if (this.input !== input) return; // a newer evaluation started
    const visible = cards.filter((c) => !this.snoozes.isSnoozed(c.card.uuid, input.now));
    this.update({ status: 'ready', cards: sortCards(visible), ruleErrors: errors });
  }

  /** Places the drafted resources of a suggestion, at most once per card. */
  async accept(cardUuid: string, suggestionUuid: string): Promise<void> {
    const prompt = this.find(cardUuid);
    const suggestion = prompt?.card.suggestions?.find((s) => s.uuid === suggestionUuid);
    if (!prompt || !suggestion || !this.input || this.state.states[cardUuid]?.status === 'accepting') return;
    if (this.state.states[cardUuid]?.status === 'accepted') return;
    this.setCard(cardUuid, { status: 'accepting' });
    try {
      const created = await acceptSuggestion(this.input.request, cardUuid, suggestion);
      this.setCard(cardUuid, { status: 'accepted', message: `Done: ${suggestion.label}.` });
      this.interactions$.next({ type: 'suggestion-accepted', prompt, suggestionUuid, created });
    } catch (error) {
      const problem = describeFhirError(error, `the order "${suggestion.label}"`);
      this.setCard(cardUuid, { status: 'error', message: `${problem.title} ${problem.action}` });
    }
  }

  override(cardUuid: string, reason: OverrideReason, comment?: string): void {
    const prompt = this.find(cardUuid);
    if (!prompt) return;
    this.setCard(cardUuid, { status: 'overridden', message: `Not followed: ${reason.display}.` });
    this.interactions$.next({ type: 'card-overridden', prompt, reason, ...(comment ? { comment } : {}) });
  }

  async snooze(cardUuid: string, until: Date): Promise<void> {
    const prompt = this.find(cardUuid);
    if (!prompt) return;
    this.setCard(cardUuid, { status: 'snoozed' });
    await this.snoozes.snooze(cardUuid, until);
    this.interactions$.next({ type: 'card-snoozed', prompt, until });
  }

  dismiss(cardUuid: string): void {
    const prompt = this.find(cardUuid);
    if (!prompt) return;
    this.setCard(cardUuid, { status: 'dismissed' });
    this.interactions$.next({ type: 'card-dismissed', prompt });
  }

  override finalize(): void {
    this.interactions$.complete();
    super.finalize();
  }

  private find(cardUuid: string): PromptCard | undefined {
    return this.state.cards.find((c) => c.card.uuid === cardUuid);
  }

  private setCard(cardUuid: string, state: CardState): void {
    this.update({ states: { ...this.state.states, [cardUuid]: state } });
  }
}
