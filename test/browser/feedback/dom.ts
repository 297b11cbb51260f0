/**
 * Reading the feedback section like a person in the element tests: through shadow roots, after every
 * element has rendered, and where the focus is.
 */
import { queryDeep } from '../e2e/harness';

/** Waits until every element under `root` has rendered (three rounds: children render after parents). */
export async function settle(root: Element): Promise<void> {
  for (let i = 0; i < 3; i++)
    await Promise.all(
      queryDeep(root, '*')
        .filter((e) => 'updateComplete' in e)
        .map((e) => (e as unknown as { updateComplete: Promise<unknown> }).updateComplete),
    );
}

/** The element with focus, through shadow roots. */
export function focused(): Element | undefined {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active ?? undefined;
}

/** The button whose visible text starts with `label`. */
export function button(root: Element, label: string): HTMLButtonElement {
  const found = queryDeep(root, 'button').find((b) => (b.textContent ?? '').trim().startsWith(label));
  if (!found) throw new Error(`no button "${label}"`);
  return found as HTMLButtonElement;
}

/** The button whose accessible name (aria-label) is `name`; undefined when there is none. */
export const namedButton = (root: Element, name: string) =>
  queryDeep(root, 'button').find((b) => b.getAttribute('aria-label') === name) as
    HTMLButtonElement | undefined;
