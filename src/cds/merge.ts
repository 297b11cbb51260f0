import { sortCards, type PromptCard } from './cards';

/**
 * Local and remote prompts as one list, critical first. A card is left out when an earlier one has the
 * same uuid, or the same summary and source label once case, spacing and final punctuation are ignored
 * (two services, or a service and a local rule pack, saying the same thing). Local cards come first, so
 * the local one is kept; among remote cards the first service's is kept. Pure.
 */
export function mergeCards(local: readonly PromptCard[], remote: readonly PromptCard[]): PromptCard[] {
  const uuids = new Set<string>();
  const texts = new Set<string>();
  const kept: PromptCard[] = [];
  for (const prompt of [...local, ...remote]) {
    const text = `${normalise(prompt.card.summary)}\u0000${normalise(prompt.card.source.label)}`;
    if (uuids.has(prompt.card.uuid) || texts.has(text)) continue;
    uuids.add(prompt.card.uuid);
    texts.add(text);
    kept.push(prompt);
  }
  return sortCards(kept);
}

/** Case, width, spacing and final punctuation do not make a different card. */
export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLocaleLowerCase('en')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s.!?…]+$/u, '');
}
