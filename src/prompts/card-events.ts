/**
 * Events about prompts, from a card and what the clinician did with it: the fields every card event
 * carries (card uuid, rule, source, indicator, the remote service), and one event per response.
 */
import type { PromptCard } from '../cds/cards';
import type { CardFact } from './prompts-model';
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

/** The event a card fact becomes: the card's fields, plus what the clinician did. */
export function cardEvent(fact: CardFact): EventInput {
  const fields = cardFields(fact.prompt);
  switch (fact.type) {
    case 'card-shown':
      return { type: 'card-shown', ...fields, visibleMs: fact.visibleMs };
    case 'card-expanded':
      return { type: 'card-expanded', ...fields };
    case 'link-opened':
      return { type: 'link-opened', ...fields, url: fact.url };
    case 'suggestion-accepted':
      return { type: 'suggestion-accepted', ...fields, suggestion: fact.suggestionUuid };
    case 'card-overridden':
      return {
        type: 'card-overridden',
        ...fields,
        overrideReason: {
          ...(fact.reason.system ? { system: fact.reason.system } : {}),
          code: fact.reason.code,
          display: fact.reason.display,
        },
        ...(fact.comment ? { userComment: fact.comment } : {}),
      };
    case 'card-snoozed':
      return { type: 'card-snoozed', ...fields };
    case 'card-dismissed':
      return { type: 'card-dismissed', ...fields };
  }
}
