/**
 * Events about prompts, from a card and what the clinician did with it: the fields every card event
 * carries (card uuid, rule, source, indicator, the remote service), and one event per response.
 */
import type { PromptCard } from '../cds/cards';
import type { PromptInteraction } from './prompts-model';
import type { EventInput } from '../telemetry/telemetry';

export function cardFields(prompt: PromptCard) {
  const { card, origin } = prompt;
  return {
    card: card.uuid,
    indicator: card.indicator,
    source: origin.kind === 'local' ? `local:${origin.source}` : origin.source,
    ...(origin.rule ? { rule: { url: origin.rule.url, version: origin.rule.version } } : {}),
    ...(origin.kind === 'remote' && origin.serviceBase ? { serviceBase: origin.serviceBase } : {}),
  };
}

export function interactionEvent(interaction: PromptInteraction): EventInput {
  const fields = cardFields(interaction.prompt);
  switch (interaction.type) {
    case 'suggestion-accepted':
      return { type: 'suggestion-accepted', ...fields, suggestion: interaction.suggestionUuid };
    case 'card-overridden':
      return {
        type: 'card-overridden',
        ...fields,
        overrideReason: {
          ...(interaction.reason.system ? { system: interaction.reason.system } : {}),
          code: interaction.reason.code,
          display: interaction.reason.display,
        },
        ...(interaction.comment ? { userComment: interaction.comment } : {}),
      };
    case 'card-snoozed':
      return { type: 'card-snoozed', ...fields };
    case 'card-dismissed':
      return { type: 'card-dismissed', ...fields };
  }
}
