/**
 * The simulated EHR's side of SMART Web Messaging: it answers `scratchpad.create` from the embedded
 * app (right origin, right window, right handle) by keeping the draft in its scratchpad, where the
 * simulator shows it as an EHR would show an order awaiting signature. Other message types get an
 * error answer, as the IG asks.
 */
import type { Resource } from '@medplum/fhirtypes';
import { SIM_MESSAGING_HANDLE } from '../../mocks/sim-constants';

export interface Draft {
  location: string;
  resource: Resource;
}

interface Request {
  messageId?: unknown;
  messagingHandle?: unknown;
  messageType?: unknown;
  payload?: { resource?: Resource };
}

export class ScratchpadHost {
  private drafts: Draft[] = [];
  private readonly onMessage = (event: MessageEvent<Request>) => this.handle(event);

  constructor(
    private readonly app: () => Window | null | undefined,
    private readonly changed: (drafts: readonly Draft[]) => void,
  ) {
    window.addEventListener('message', this.onMessage);
  }

  /** A new launch: the previous patient's drafts go. */
  clear(): void {
    this.drafts = [];
    this.changed(this.drafts);
  }

  dispose(): void {
    window.removeEventListener('message', this.onMessage);
  }

  private handle(event: MessageEvent<Request>): void {
    const source = this.app();
    if (!source || event.source !== source || event.origin !== location.origin) return;
    const { messageId, messagingHandle, messageType, payload } = event.data ?? {};
    if (typeof messageId !== 'string') return;
    const reply = (answer: Record<string, unknown>) =>
      source.postMessage(
        {
          messageId: crypto.randomUUID(),
          responseToMessageId: messageId,
          additionalResponsesExpected: false,
          payload: answer,
        },
        location.origin,
      );
    if (messagingHandle !== SIM_MESSAGING_HANDLE) return reply({ errorMessage: 'Unknown messaging handle' });
    if (messageType !== 'scratchpad.create')
      return reply({ errorMessage: `Unsupported messageType ${String(messageType)}` });
    const resource = payload?.resource;
    if (!resource?.resourceType) return reply({ errorMessage: 'payload.resource is required' });
    const draft = `${resource.resourceType}/draft-${this.drafts.length + 1}`;
    this.drafts = [...this.drafts, { location: draft, resource }];
    this.changed(this.drafts);
    reply({ status: '201 Created', location: draft });
  }
}
