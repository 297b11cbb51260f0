import type { Resource } from '@medplum/fhirtypes';
import type { Suggestion } from '../cds/cards';
import { messageOf } from '../core/errors';
import { FhirRequestError, describeFhirError } from '../fhir/errors';
import type { FhirRequester } from '../fhir/requester';
import { SUGGESTION_IDENTIFIER_SYSTEM, draftsOf, safeDraft, type DraftRules } from './drafts';
import type { CardState } from './prompts-types';

/** How an accepted suggestion leaves the app: to the FHIR server as drafts, or to the EHR's scratchpad. */
export interface AcceptWay {
  request: FhirRequester;
  /** Whether the EHR granted creating orders (the orders feature). */
  canCreate: boolean;
  /** SMART Web Messaging: the EHR's scratchpad takes the drafts instead of the FHIR server. */
  handOff?: (resource: Resource) => Promise<string>;
  /** Drafts the EHR already took (by identifier value): a retry does not send them twice. */
  handedOff: Set<string>;
  rules: DraftRules;
}

/**
 * Accepts a suggestion the one honest way this EHR allows, and says what happened in the card's words:
 * a draft saved for the clinician to sign in the EHR's orders, a draft handed to the EHR's own order
 * list, or why neither happened (and what to do instead). `created` is set when the suggestion was
 * carried out (the interaction log records it).
 */
export async function acceptAs(
  suggestion: Suggestion,
  cardUuid: string,
  way: AcceptWay,
): Promise<{ state: CardState; created?: Resource[] }> {
  const label = suggestion.label;
  if (!way.handOff && !way.canCreate && suggestion.actions?.some((a) => a.type === 'create'))
    return {
      state: {
        status: 'error',
        message: `Learning Loop may not save orders here (the EHR did not grant it). Place "${label}" in the EHR's ordering screen.`,
      },
    };
  try {
    if (way.handOff) {
      await handOffSuggestion(way.handOff, cardUuid, suggestion, way.handedOff, way.rules);
      return {
        state: { status: 'accepted', message: `Sent to the EHR's orders to sign: ${label}.` },
        created: [],
      };
    }
    const created = await acceptSuggestion(way.request, cardUuid, suggestion, way.rules);
    return {
      state: { status: 'accepted', message: `Draft saved: sign it in the EHR's orders (${label}).` },
      created,
    };
  } catch (error) {
    if (way.handOff)
      return {
        state: {
          status: 'error',
          message: `The EHR did not take the order "${label}" (${messageOf(error)}). Try again, or order it in the EHR.`,
        },
      };
    if (!(error instanceof FhirRequestError))
      return {
        state: { status: 'error', message: `"${label}" cannot be drafted here: ${messageOf(error)}.` },
      };
    const problem = describeFhirError(error, `the draft "${label}"`);
    // A refusal a retry will not mend (400, 409, 422...): the card shows no detail to hand on, and
    // what helps the clinician now is the EHR's own ordering screen.
    const action =
      problem.retry || error.status < 400 || [401, 403, 404].includes(error.status)
        ? problem.action
        : `Place "${label}" in the EHR's ordering screen; the EHR said: ${messageOf(error).slice(0, 200)}.`;
    return { state: { status: 'error', message: `${problem.title} ${action}` } };
  }
}

/**
 * Writes the drafts of a suggestion's `create` actions to the FHIR server for the clinician to sign in
 * the EHR, each made safe first (`safeDraft`: an allowed type, status draft, this patient, this
 * clinician as requester) and sent as a conditional create on an identifier derived from card and
 * suggestion, for this patient: a double click or a retry after a lost answer stores exactly one. Nothing is written
 * when any draft is unsafe. Other action types are not sent (the EHR's own workflow handles them).
 */
export async function acceptSuggestion(
  request: FhirRequester,
  cardUuid: string,
  suggestion: Suggestion,
  rules: DraftRules,
): Promise<Resource[]> {
  const drafts = safeDrafts(cardUuid, suggestion, rules);
  const created: Resource[] = [];
  for (const { resource, value } of drafts) {
    const answer = await request(resource.resourceType, {
      method: 'POST',
      body: resource,
      // For this patient: a remote service may give every patient's card the same uuid, and the
      // identifier alone would then find another patient's draft and write none for this one.
      headers: {
        'If-None-Exist': `identifier=${SUGGESTION_IDENTIFIER_SYSTEM}|${encodeURIComponent(value)}&patient=${encodeURIComponent(`Patient/${rules.patientId}`)}`,
      },
    });
    created.push(answer as Resource);
  }
  return created;
}

/**
 * Hands the safe drafts of a suggestion to the EHR (SMART Web Messaging `scratchpad.create`), where the
 * clinician reviews and signs them. `sent` remembers what the EHR already took, so a retry after a
 * partial failure sends only the rest. Rejects when the suggestion drafts nothing to send.
 */
export async function handOffSuggestion(
  handOff: (resource: Resource) => Promise<string>,
  cardUuid: string,
  suggestion: Suggestion,
  sent: Set<string>,
  rules: DraftRules,
): Promise<void> {
  const list = safeDrafts(cardUuid, suggestion, rules);
  if (!list.length) throw new Error('this suggestion drafts nothing the EHR can take');
  for (const { resource, value } of list) {
    if (sent.has(value)) continue;
    await handOff(resource);
    sent.add(value);
  }
}

/** Every draft of the suggestion, made safe and marked with its identifier; throws if any is unsafe. */
function safeDrafts(cardUuid: string, suggestion: Suggestion, rules: DraftRules) {
  return draftsOf(cardUuid, suggestion).map(({ resource, value }) => {
    const draft = safeDraft(resource, rules);
    // Only our own identifier in our system: a suggestion cannot claim to be another card's draft.
    const existing = ((draft as { identifier?: { system?: unknown }[] }).identifier ?? []).filter(
      (i) => i?.system !== SUGGESTION_IDENTIFIER_SYSTEM,
    );
    const identifier = [...existing, { system: SUGGESTION_IDENTIFIER_SYSTEM, value }];
    return { resource: { ...draft, identifier } as Resource, value };
  });
}
