/**
 * Which cards show, which are held back by the clinician's standing answers, and how each starts:
 * awaiting signature when a draft of ours is pending, information only when the clinician's role is
 * not one that acts on it. Pure: the clock is passed in.
 */
import type { Coding } from '@medplum/fhirtypes';
import type { PromptCard } from '../cds/cards';
import type { PendingDraft } from './drafts';
import type { CardState, HeldCard } from './prompts-types';
import {
  holdsBack,
  overriddenNote,
  shortDate,
  snoozeEnds,
  type OverridePolicy,
  type StandingResponse,
} from './responses';

export interface Arrangement {
  cards: PromptCard[];
  held: HeldCard[];
  /** The starting state of each shown card that does not start open and actionable. */
  states: Record<string, CardState>;
}

const token = (c: Coding) => `${c.system ?? ''}|${c.code ?? ''}`;

/**
 * Whether a clinician with these roles may act on the card's suggestions: anyone when the card names
 * no actors; otherwise only a clinician holding one of its roles (an unknown role may not: it sees the
 * prompt as information, which is the safe side).
 */
export function mayAct(prompt: PromptCard, roles: readonly Coding[] | undefined): boolean {
  const actors = prompt.actors ?? [];
  if (!actors.length) return true;
  const held = new Set((roles ?? []).map(token));
  return actors.some((a) => held.has(token(a)));
}

export function arrange(
  merged: readonly PromptCard[],
  responses: ReadonlyMap<string, StandingResponse>,
  drafts: ReadonlyMap<string, PendingDraft>,
  roles: readonly Coding[] | undefined,
  now: Date,
  policy: OverridePolicy,
): Arrangement {
  const cards: PromptCard[] = [];
  const held: HeldCard[] = [];
  const states: Record<string, CardState> = {};
  for (const prompt of merged) {
    const uuid = prompt.card.uuid;
    const response = responses.get(uuid);
    if (response && holdsBack(response, prompt, now, policy)) {
      held.push({
        prompt,
        response,
        ...(response.kind === 'snoozed' ? { until: snoozeEnds(response).toISOString() } : {}),
      });
      continue;
    }
    const shown =
      response?.kind === 'overridden'
        ? { ...prompt, notes: [...(prompt.notes ?? []), overriddenNote(response, policy)] }
        : prompt;
    cards.push(shown);
    const draft = drafts.get(uuid);
    const acts = mayAct(prompt, roles);
    const infoOnly = acts ? {} : { infoOnly: true };
    if (draft)
      states[uuid] = {
        status: 'drafted',
        message: `Draft awaiting signature${draft.since ? ` since ${shortDate(draft.since)}` : ''}: ${draft.what}. Sign it in the EHR's orders.`,
        ...infoOnly,
      };
    else if (!acts) states[uuid] = { status: 'open', ...infoOnly };
  }
  return { cards, held, states };
}
