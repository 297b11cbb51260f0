import type { Resource } from '@medplum/fhirtypes';
import type { PromptCard, Suggestion } from '../cds/cards';
import { messageOf } from '../core/errors';
import { safeDraft, type DraftRules } from './drafts';

/**
 * A remote CDS service's card with only the suggestions that are safe to draft here (every `create`
 * an allowed type, for this patient: see `safeDraft`). What is left out is named in a note on the
 * card, so the clinician knows a suggestion was withheld and why; the card itself still shows.
 *
 * @example
 * withSafeSuggestions(remoteCard, { patientId: 'p-1', allowedTypes: ['MedicationRequest', 'ServiceRequest'], now });
 */
export function withSafeSuggestions(prompt: PromptCard, rules: DraftRules): PromptCard {
  const kept: Suggestion[] = [];
  const left: string[] = [];
  for (const s of prompt.card.suggestions ?? []) {
    const creates = (s.actions ?? []).filter((a) => a.type === 'create');
    const problem = creates.length
      ? unsafe(
          creates.map((a) => a.resource),
          rules,
        )
      : 'it drafts nothing';
    if (problem) left.push(`"${s.label}" was left out: ${problem}.`);
    else kept.push(s);
  }
  if (!left.length) return prompt;
  const { suggestions: _all, selectionBehavior: _sb, ...card } = prompt.card;
  return {
    ...prompt,
    card: kept.length
      ? { ...card, suggestions: kept, selectionBehavior: prompt.card.selectionBehavior ?? 'at-most-one' }
      : card,
    notes: [...(prompt.notes ?? []), ...left.map((l) => `A suggestion from ${prompt.origin.source}, ${l}`)],
  };
}

/** Why any of these resources could not be drafted safely, or undefined when all can. */
function unsafe(resources: readonly (Resource | undefined)[], rules: DraftRules): string | undefined {
  for (const resource of resources) {
    try {
      safeDraft(resource, rules);
    } catch (error) {
      return messageOf(error);
    }
  }
  return undefined;
}
