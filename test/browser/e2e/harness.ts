import { SIM_ISS, encodeHandle, type SimToken } from '../../../mocks/sim-constants';

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

/** Every element matching `selector` under `root`, through shadow roots. */
export function queryDeep(root: Node | null | undefined, selector: string): HTMLElement[] {
  const found: HTMLElement[] = [];
  const walk = (node: Node) => {
    const element = node as Partial<Element>;
    if (element.matches?.(selector)) found.push(node as HTMLElement);
    if (element.shadowRoot) walk(element.shadowRoot);
    node.childNodes.forEach(walk);
  };
  if (root) walk(root);
  return found;
}

/** The `<loop-card>` whose summary contains `text`, or undefined. */
export function cardWith(launched: Launched, text: string): HTMLElement | undefined {
  return queryDeep(launched.appFrame()?.contentDocument?.body, 'loop-card').find((card) =>
    deepText(card).includes(text),
  );
}

/** Clicks the button under `root` whose text contains `label`; fails loudly when there is none. */
export function clickButton(root: Node | undefined, label: string): void {
  const button = queryDeep(root, 'button').find((b) => (b.textContent ?? '').includes(label));
  if (!button) throw new Error(`no button "${label}" in: ${deepText(root).slice(0, 400)}`);
  button.click();
}

/**
 * A FHIR search made from inside the app's frame (so the simulator's FHIR server, whose handlers live
 * in that page, answers it) with a read-everything token for the patient: what the EHR really stored,
 * not what the panel says. The app itself may not read what it ordered.
 */
export async function searchAsEhr(launched: Launched, query: string, patient: string): Promise<unknown[]> {
  const app = launched.appFrame()?.contentWindow;
  if (!app) throw new Error('no app frame');
  const token = encodeHandle({
    kind: 'access',
    scope: 'patient/*.rs',
    exp: Date.now() + 600_000,
    generation: 1,
    launch: { patient, practitioner: 'test', error: 'none', needPatientBanner: false },
  } satisfies SimToken);
  const response = await app.fetch(`${SIM_ISS}/${query}`, { headers: { authorization: `Bearer ${token}` } });
  const bundle = (await response.json()) as { resourceType?: string; entry?: { resource: unknown }[] };
  if (bundle.resourceType !== 'Bundle')
    throw new Error(`${query} answered ${response.status}: ${JSON.stringify(bundle).slice(0, 300)}`);
  return (bundle.entry ?? []).map((e) => e.resource);
}
