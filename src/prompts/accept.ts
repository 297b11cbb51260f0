import type { Resource } from '@medplum/fhirtypes';
import type { FhirRequester } from '../fhir/requester';
import type { Suggestion } from '../cds/cards';

/** Identifies a resource a suggestion drafted, so a retried or repeated accept creates nothing new. */
export const SUGGESTION_IDENTIFIER_SYSTEM = 'urn:learning-loop:suggestion';

/**
 * Creates the resources of a suggestion's `create` actions on the FHIR server, each as a conditional
 * create on an identifier derived from card and suggestion: a double click or a retry after a lost
 * answer stores exactly one. Other action types are not sent (the EHR's own workflow handles them).
 */
export async function acceptSuggestion(
  request: FhirRequester,
  cardUuid: string,
  suggestion: Suggestion,
): Promise<Resource[]> {
  const created: Resource[] = [];
  for (const { resource, value } of drafts(cardUuid, suggestion)) {
    const answer = await request(resource.resourceType, {
      method: 'POST',
      body: resource,
      headers: { 'If-None-Exist': `identifier=${SUGGESTION_IDENTIFIER_SYSTEM}|${encodeURIComponent(value)}` },
    });
    created.push(answer as Resource);
  }
  return created;
}

/**
 * Hands the drafted resources of a suggestion to the EHR (SMART Web Messaging `scratchpad.create`),
 * where the clinician reviews and signs them. `sent` remembers what the EHR already took, so a retry
 * after a partial failure sends only the rest. Rejects when the suggestion drafts nothing to send.
 */
export async function handOffSuggestion(
  handOff: (resource: Resource) => Promise<string>,
  cardUuid: string,
  suggestion: Suggestion,
  sent: Set<string>,
): Promise<void> {
  const list = drafts(cardUuid, suggestion);
  if (!list.length) throw new Error('this suggestion drafts nothing the EHR can take');
  for (const { resource, value } of list) {
    if (sent.has(value)) continue;
    await handOff(resource);
    sent.add(value);
  }
}

/**
 * The resources a suggestion's `create` actions draft, each with an identifier derived from card,
 * suggestion and action (no "|" inside: it separates system and value in a token search).
 */
function drafts(cardUuid: string, suggestion: Suggestion): { resource: Resource; value: string }[] {
  return (suggestion.actions ?? []).flatMap((action, i) => {
    if (action.type !== 'create' || !action.resource) return [];
    const value = `${cardUuid}.${suggestion.uuid ?? i}.${i}`;
    return [{ resource: withIdentifier(action.resource, value), value }];
  });
}

function withIdentifier(resource: Resource, value: string): Resource {
  const existing = (resource as { identifier?: unknown[] }).identifier ?? [];
  return {
    ...resource,
    identifier: [...existing, { system: SUGGESTION_IDENTIFIER_SYSTEM, value }],
  } as Resource;
}
