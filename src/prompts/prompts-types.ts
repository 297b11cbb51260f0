/**
 * The shapes of the prompts feature: its state as the panel renders it, the facts it reports, and what
 * evaluating needs from the launch.
 */
import type { Resource } from '@medplum/fhirtypes';
import type { OverrideReason, PromptCard } from '../cds/cards';
import type { UserFacingError } from '../core/status';
import type { FhirRequester } from '../fhir/requester';
import type { Placement, RuleError } from '../rules/worker-protocol';

/** What the panel shows for one card after the clinician acts on it. */
export interface CardState {
  status: 'open' | 'accepting' | 'accepted' | 'overridden' | 'snoozed' | 'dismissed' | 'error';
  message?: string;
}

/**
 * A fact about a card, for the interaction log (and CDS Hooks feedback): seen, details opened, link
 * followed, and each response of the clinician.
 */
export type CardFact =
  | { type: 'card-shown'; prompt: PromptCard; visibleMs: number }
  | { type: 'card-expanded'; prompt: PromptCard }
  | { type: 'link-opened'; prompt: PromptCard; url: string }
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
  /** Remote CDS services that failed or ran out of time; their cards are missing, the rest show. */
  serviceErrors: RuleError[];
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
  /**
   * Where the patient is, from the context (the unit-type filter and drafted orders need it). A
   * promise, so the record the rules need is fetched while the context is still loading.
   */
  placement: Promise<Placement>;
}

export interface PromptsOptions {
  /**
   * Whether the app may create resources on the FHIR server (the orders feature). When it may not,
   * accepting a suggestion says to place the order in the EHR instead of failing on a 403.
   */
  canCreate: boolean;
  /**
   * Set when the EHR offers SMART Web Messaging: drafted resources go to its scratchpad (the clinician
   * signs them there) instead of the FHIR server. Resolves with the draft's location.
   */
  handOff?: (resource: Resource) => Promise<string>;
}
