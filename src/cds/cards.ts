import type { Coding, Resource } from '@medplum/fhirtypes';

/**
 * CDS Hooks 2.0 cards, the one shape of every prompt, local or remote
 * (https://cds-hooks.hl7.org/2.0/#card-attributes).
 */

export type Indicator = 'info' | 'warning' | 'critical';

export interface CardSource {
  label: string;
  url?: string;
  icon?: string;
  topic?: Coding;
}

export interface CardAction {
  type: 'create' | 'update' | 'delete';
  description: string;
  resource?: Resource;
  resourceId?: string;
}

export interface Suggestion {
  label: string;
  uuid?: string;
  isRecommended?: boolean;
  actions?: CardAction[];
}

export interface CardLink {
  label: string;
  url: string;
  type: 'absolute' | 'smart';
  appContext?: string;
}

/** An override reason: a Coding with a display, as CDS Hooks 2.0 requires. */
export interface OverrideReason extends Coding {
  code: string;
  display: string;
}

export interface Card {
  uuid: string;
  /** At most 140 characters. */
  summary: string;
  /** GitHub-flavoured Markdown, rendered sanitised. */
  detail?: string;
  indicator: Indicator;
  source: CardSource;
  suggestions?: Suggestion[];
  selectionBehavior?: 'at-most-one' | 'any';
  overrideReasons?: OverrideReason[];
  links?: CardLink[];
}

/** Where a card came from and what rule made it: what the event log and feedback need. */
export interface CardOrigin {
  /** `local` for a rule pack, else the CDS service id. */
  kind: 'local' | 'remote';
  /** Rule pack id or CDS service id. */
  source: string;
  /** PlanDefinition canonical URL and version, for local rules. */
  rule?: { url: string; version: string };
  /** For remote cards: the service's base URL, where feedback goes. */
  serviceBase?: string;
}

/** A card as the panel holds it. */
export interface PromptCard {
  card: Card;
  origin: CardOrigin;
  /**
   * Plain-text notes shown on the card's face (not in its details), about how far the card can be
   * trusted here: e.g. that the patient's unit is unknown and the prompt is meant for some units only.
   */
  notes?: string[];
  /**
   * The roles that may act on this card's suggestions (PlanDefinition `action.participant`), as
   * PractitionerRole codings; absent means anyone may.
   */
  actors?: Coding[];
}

export const NON_ADHERENCE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/non-adherence-reason-codes';

/**
 * The six top-level HL7 non-adherence reasons, with the displays of the published code system
 * (http://terminology.hl7.org/CodeSystem/non-adherence-reason-codes): every card can be overridden with
 * one of these. `cds-suboptimal-context` means the card came at the wrong time or to the wrong person,
 * or more information is needed; it does not mean the data is wrong.
 */
export const STANDARD_OVERRIDE_REASONS: OverrideReason[] = [
  { system: NON_ADHERENCE_SYSTEM, code: 'cds-not-applicable', display: 'PC CDS does not apply to patient' },
  {
    system: NON_ADHERENCE_SYSTEM,
    code: 'cds-suboptimal-context',
    display: 'PC CDS delivered in suboptimal context',
  },
  {
    system: NON_ADHERENCE_SYSTEM,
    code: 'recipient-disagrees-evidence',
    display: 'Recipient disagrees with recommendation because of issues with the evidence',
  },
  {
    system: NON_ADHERENCE_SYSTEM,
    code: 'recipient-concerns-outcomes',
    display: 'Recipient has concerns regarding potential health outcomes',
  },
  {
    system: NON_ADHERENCE_SYSTEM,
    code: 'does-not-align-preferences',
    display: 'Recommendation does not align with patient preferences or values',
  },
  {
    system: NON_ADHERENCE_SYSTEM,
    code: 'not-convenient-feasible',
    display: 'Recommendation is not convenient or feasible',
  },
];

const ORDER: Record<Indicator, number> = { critical: 0, warning: 1, info: 2 };

/** Critical first, then warning, then info; stable within a level. */
export function sortCards<T extends { card: Card }>(cards: readonly T[]): T[] {
  return cards
    .map((c, i) => ({ c, i }))
    .sort((a, b) => ORDER[a.c.card.indicator] - ORDER[b.c.card.indicator] || a.i - b.i)
    .map(({ c }) => c);
}
