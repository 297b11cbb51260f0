/**
 * A clinician's standing answers to prompts (snoozes and overrides), kept per EHR, clinician and
 * patient, and the rules that decide when an answer still holds back its card. Pure: time is passed in.
 */
import type { OverrideReason, PromptCard } from '../cds/cards';

/** One standing answer: a snooze, or an override with its reason. */
export type StandingResponse =
  | { kind: 'snoozed'; cardUuid: string; summary: string; at: string; forMs: number }
  | {
      kind: 'overridden';
      cardUuid: string;
      summary: string;
      at: string;
      reason: OverrideReason;
      comment?: string;
      /** What the card said when it was overridden: new data that changes the card shows it again. */
      fingerprint: string;
    };

/**
 * The standing answer an override leaves: kept for this clinician and patient until the card's data
 * changes (its fingerprint), or for the deployment's fixed time.
 */
export function overrideResponse(
  prompt: PromptCard,
  reason: OverrideReason,
  comment: string | undefined,
  at: Date,
): StandingResponse {
  const { uuid: cardUuid, summary } = prompt.card;
  const kept = { kind: 'overridden', cardUuid, summary, at: at.toISOString(), reason } as const;
  return { ...kept, ...(comment ? { comment } : {}), fingerprint: fingerprint(prompt) };
}

/** The standing answer a snooze leaves: the card is held back for `forMs` from `at`. */
export function snoozeResponse(prompt: PromptCard, forMs: number, at: Date): StandingResponse {
  return {
    kind: 'snoozed',
    cardUuid: prompt.card.uuid,
    summary: prompt.card.summary,
    at: at.toISOString(),
    forMs,
  };
}

/**
 * What the card says when its standing answer cannot be kept: a snooze did not happen (the card stays,
 * with what to do); an override did (it was logged), only not for the next launch.
 */
export function notKeptMessage(kind: StandingResponse['kind'], why: string): string {
  return kind === 'snoozed'
    ? `The snooze could not be saved (${why}). Dismiss the card instead, or try again.`
    : `Your override was recorded, but could not be kept for your next launch (${why}).`;
}

/** How long an override keeps its card away: until what triggered it changes, or a fixed time. */
export type OverridePolicy = 'until-data-changes' | { forMs: number };

/** Whose answers these are: one EHR, one clinician, one patient (never a shared browser alone). */
export interface ResponseScope {
  iss: string;
  practitioner: string;
  patientId: string;
}

/**
 * Whose standing answers these are: one EHR's, one clinician's, one patient's; none when the EHR did
 * not say who the clinician is (an answer is never shared between clinicians).
 *
 * @example responseScope({ scope: 'https://ehr/fhir', practitioner: 'Practitioner/d1', patientId: 'p1' })
 */
export function responseScope(launched: {
  scope: string;
  practitioner?: string;
  patientId: string;
}): ResponseScope | undefined {
  return launched.practitioner
    ? { iss: launched.scope, practitioner: launched.practitioner, patientId: launched.patientId }
    : undefined;
}

/** The longest snooze on offer: a stored one claiming longer is cut to this. */
export const MAX_SNOOZE_MS = 7 * 24 * 3_600_000;

/**
 * What a card says, as the mark of the data that triggered it: its summary and details (where the
 * rules put the values, e.g. "MME 95/day"). Another value makes another mark.
 */
export function fingerprint(prompt: PromptCard): string {
  const text = `${prompt.card.summary}\u0000${prompt.card.detail ?? ''}`;
  let hash = 0x811c9dc5; // FNV-1a: short, stable, and enough to tell two texts of one card apart
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * Whether a standing answer still holds its card back at `now`. Bounded by the moment it was given:
 * a clock set back before it (or a stored time in the future) never stretches it, and a snooze never
 * lasts beyond the longest one on offer.
 */
export function holdsBack(
  response: StandingResponse,
  prompt: PromptCard,
  now: Date,
  policy: OverridePolicy,
): boolean {
  const at = Date.parse(response.at);
  const t = now.getTime();
  if (Number.isNaN(at) || t < at) return false;
  if (response.kind === 'snoozed') return t < at + Math.min(response.forMs, MAX_SNOOZE_MS);
  if (policy === 'until-data-changes') return response.fingerprint === fingerprint(prompt);
  return t < at + policy.forMs;
}

/** When does a snooze end (for the list of held-back cards)? */
export function snoozeEnds(response: Extract<StandingResponse, { kind: 'snoozed' }>): Date {
  return new Date(Date.parse(response.at) + Math.min(response.forMs, MAX_SNOOZE_MS));
}

const DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

/** A moment as the panel shows it: "14 Jan, 10:02". */
export function shortDate(iso: string | Date): string {
  return DATE.format(typeof iso === 'string' ? new Date(iso) : iso);
}

/** The note a card carries when it shows again after an override that no longer holds it back. */
export function overriddenNote(
  response: Extract<StandingResponse, { kind: 'overridden' }>,
  policy: OverridePolicy,
): string {
  const why =
    policy === 'until-data-changes' ? 'its data changed' : 'the time you overrode it for has passed';
  return `You overrode this prompt on ${shortDate(response.at)} (${response.reason.display}); it shows again because ${why}.`;
}
