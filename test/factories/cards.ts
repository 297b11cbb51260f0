import type { Resource } from '@medplum/fhirtypes';
import type { Card, CardOrigin, PromptCard, Suggestion } from '../../src/cds/cards';

/** CDS Hooks card factories: each call returns a fresh card with a new uuid, overrides merged on top. */

let seq = 0;

/**
 * A warning card from the local starter pack with one recommended suggestion (`<uuid>-s1`).
 *
 * @example
 * prompt({ indicator: 'critical' });
 * prompt({ uuid: 'a', summary: 'Same words' }, remoteOrigin());
 */
export function prompt(card: Partial<Card> = {}, origin: Partial<CardOrigin> = {}): PromptCard {
  seq += 1;
  const uuid = card.uuid ?? `card-${seq}`;
  return {
    card: {
      uuid,
      summary: `Prompt ${seq}`,
      detail: `Why prompt **${seq}** shows.`,
      indicator: 'warning',
      source: {
        label: 'Local rules',
        url: 'https://example.org/rules',
        topic: { code: 't', display: 'Topic' },
      },
      suggestions: [{ uuid: `${uuid}-s1`, label: `Act on ${uuid}`, isRecommended: true }],
      selectionBehavior: 'at-most-one',
      ...card,
    },
    origin: { kind: 'local', source: 'starter', ...origin },
  };
}

/** Where a card from a remote CDS service comes from: its service id and base (feedback goes there). */
export function remoteOrigin(service = 'svc', serviceBase = 'https://cds.example'): CardOrigin {
  return { kind: 'remote', source: service, serviceBase };
}

/** A suggestion whose one action drafts `resource` (a `create`). */
export function orderSuggestion(uuid: string, label: string, resource: Resource): Suggestion {
  return { uuid, label, isRecommended: true, actions: [{ type: 'create', description: label, resource }] };
}
