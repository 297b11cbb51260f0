/**
 * The shapes of the prompts feature: its state as the panel renders it, the facts it reports, and what
 * evaluating needs from the launch.
 */
import type { Coding, Resource } from '@medplum/fhirtypes';
import type { OverrideReason, PromptCard } from '../cds/cards';
import type { UserFacingError } from '../core/status';
import type { FhirRequester } from '../fhir/requester';
import type { Placement, RuleError } from '../rules/worker-protocol';
import type { OverridePolicy, StandingResponse } from './responses';

/**
 * What the panel shows for one card: `drafted` when a draft of ours from an earlier accept still
 * awaits signature; `accepted` once a suggestion's draft is written (or handed to the EHR) now.
 */
export interface CardState {
  status: 'open' | 'accepting' | 'accepted' | 'drafted' | 'overridden' | 'snoozed' | 'dismissed' | 'error';
  message?: string;
  /** The clinician's role is not one that acts on this card: it shows as information, with no order button. */
  infoOnly?: boolean;
}

/** A card the clinician's standing answer keeps away for now, listed with undo. */
export interface HeldCard {
  prompt: PromptCard;
  response: StandingResponse;
  /** For a snooze: when it ends (ISO). */
  until?: string;
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
  /** Cards to show, critical first; those a standing snooze or override holds back are in `held`. */
  cards: PromptCard[];
  /** Cards held back by this clinician's snoozes and overrides for this patient, with undo. */
  held: HeldCard[];
  /** Per card uuid; a card with no entry is `open` and actionable. */
  states: Record<string, CardState>;
  /**
   * Whether snoozes and overrides outlive this launch: false when the clinician is unknown (they are
   * never kept per browser alone) or the browser cannot store them.
   */
  responsesKept: boolean;
  ruleErrors: RuleError[];
  /** Remote CDS services that failed or ran out of time; their cards are missing, the rest show. */
  serviceErrors: RuleError[];
  /** Set in status `error`: the patient's data could not be read, so no rule could run. */
  error: UserFacingError | undefined;
}

/** What evaluating needs from the launch: who, where, how to read, and when. */
export interface PromptsInput {
  request: FhirRequester;
  /** The EHR's iss: two EHRs' patients never share standing answers. */
  scope: string;
  patientId: string;
  /** The signed-in clinician (`Practitioner/<id>` or `PractitionerRole/<id>`); unset when the EHR did not say. */
  practitioner?: string;
  /** The clinician's PractitionerRole codings, once the context has them; undefined when unknown. */
  roles: Promise<Coding[] | undefined>;
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
  /** How long an override keeps its card away (default: until the data that triggered it changes). */
  overridePolicy?: OverridePolicy;
  /** Resource types a suggestion may draft (default MedicationRequest and ServiceRequest). */
  draftTypes?: readonly string[];
  /** Look for drafts of ours awaiting signature (needs read access to the draft types). */
  findDrafts?: boolean;
  /** The clock for standing answers; tests pass a fixed one. */
  clock?: () => Date;
}

/** The rules themselves could not run (the worker failed twice, or ran out of time). */
export function rulesUnavailable(detail: string): UserFacingError {
  return {
    code: 'rules-unavailable',
    title: 'The prompts could not be worked out this time.',
    action: 'Try again; the rest of the panel works.',
    detail,
    retry: {},
  };
}
