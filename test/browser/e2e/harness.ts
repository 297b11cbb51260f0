/**
 * Drives the local EHR simulator like a person: opens it with a scripted launch in an iframe of the
 * test page, then reads what the embedded panel shows.
 */

export interface Launched {
  simulator: HTMLIFrameElement;
  /** All text the panel shows, through its shadow roots. */
  panelText(): string;
  appFrame(): HTMLIFrameElement | undefined;
  remove(): void;
}

export function deepText(root: Node | null | undefined): string {
  if (!root) return '';
  let text = '';
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) text += `${node.textContent ?? ''} `;
    // Not instanceof: nodes of another frame belong to that frame's Element class.
    const shadow = (node as Partial<Element>).shadowRoot;
    if (shadow) walk(shadow);
    node.childNodes.forEach(walk);
  };
  walk(root);
  return text.replace(/\s+/g, ' ');
}

export function openSimulator(params: Record<string, string>): Launched {
  const simulator = document.createElement('iframe');
  simulator.style.width = '1200px';
  simulator.style.height = '800px';
  simulator.src = `/smart-launch/index.html?${new URLSearchParams({ auto: '1', ...params })}`;
  document.body.append(simulator);
  const appFrame = () =>
    simulator.contentDocument?.querySelector('ehr-simulator')?.shadowRoot?.querySelector('iframe') ??
    undefined;
  return {
    simulator,
    appFrame,
    panelText: () => deepText(appFrame()?.contentDocument?.body),
    remove: () => simulator.remove(),
  };
}

export async function waitFor(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
