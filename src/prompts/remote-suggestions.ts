import type { Resource } from '@medplum/fhirtypes';
import type { PromptCard, Suggestion } from '../cds/cards';
import { messageOf } from '../core/errors';
import { safeDraft, type DraftRules } from './drafts';

/**
 * A remote CDS service's card with only the suggestions that are safe to draft here (only `create`
 * actions, each an allowed type, for this patient: see `safeDraft`; a uuid of its own). What is left out is named in a note on the
 * card, so the clinician knows a suggestion was withheld and why; the card itself still shows.
 *
 * @example
 * withSafeSuggestions(remoteCard, { patientId: 'p-1', allowedTypes: ['MedicationRequest', 'ServiceRequest'], now });
 */
export function withSafeSuggestions(prompt: PromptCard, rules: DraftRules): PromptCard {
  const kept: Suggestion[] = [];
  const left: string[] = [];
  const suggestions = prompt.card.suggestions ?? [];
  for (const s of suggestions) {
    const problem = suggestionProblem(s, suggestions, rules);
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

/**
 * Why a remote suggestion cannot be offered, or undefined when it can: it must draft something, only
 * drafts (an update or a delete beside them would be left undone while the card claims the whole
 * change), each one safe, and be the only suggestion of the card with its uuid (accepting names the
 * suggestion by uuid, so a shared one could draft the other).
 */
function suggestionProblem(s: Suggestion, all: readonly Suggestion[], rules: DraftRules): string | undefined {
  const actions = s.actions ?? [];
  const other = actions.find((a) => a.type !== 'create');
  if (other) return `it would ${other.type} a resource, and Learning Loop only drafts new orders`;
  if (s.uuid !== undefined && all.filter((x) => x.uuid === s.uuid).length > 1)
    return 'another suggestion of the card has the same id, so accepting could draft the wrong one';
  if (!actions.length) return 'it drafts nothing';
  return unsafe(
    actions.map((a) => a.resource),
    rules,
  );
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
