import type { ServiceRequest } from '@medplum/fhirtypes';
import { expect } from '@open-wc/testing';
import { WebMessagingError, scratchpadCreate } from '../../../src/launch/scratchpad';

const messaging = { handle: 'h-1', origin: 'https://ehr.example.org' };
const order: ServiceRequest = {
  resourceType: 'ServiceRequest',
  status: 'draft',
  intent: 'order',
  subject: { reference: 'Patient/p-1' },
};

interface Sent {
  message: { messageId: string; messagingHandle: string; messageType: string; payload: unknown };
  origin: string;
}

/** An EHR window that answers each message as `answer` says, from `from`. */
function ehr(answer: (sent: Sent['message']) => unknown, from = messaging.origin) {
  const sent: Sent[] = [];
  const target = {
    postMessage(message: Sent['message'], origin: string) {
      sent.push({ message, origin });
      const data = answer(message);
      if (data) setTimeout(() => window.dispatchEvent(new MessageEvent('message', { data, origin: from })));
    },
  } as unknown as Window;
  return { target, sent };
}

describe('SMART Web Messaging scratchpad.create', () => {
  it('sends the draft to the EHR origin only and resolves with its location', async () => {
    const { target, sent } = ehr((m) => ({
      messageId: 'r1',
      responseToMessageId: m.messageId,
      payload: { status: '201 Created', location: 'ServiceRequest/d1' },
    }));
    expect(await scratchpadCreate(messaging, order, { target })).to.equal('ServiceRequest/d1');
    expect(sent[0]?.origin).to.equal('https://ehr.example.org');
    expect(sent[0]?.message.messageType).to.equal('scratchpad.create');
    expect(sent[0]?.message.messagingHandle).to.equal('h-1');
    expect(sent[0]?.message.payload).to.deep.equal({ resource: order });
  });

  it('says why when the EHR refuses, and ignores answers from other origins or to other messages', async () => {
    const refused = ehr((m) => ({
      responseToMessageId: m.messageId,
      payload: { errorMessage: 'Orders are locked' },
    }));
    let error: unknown;
    await scratchpadCreate(messaging, order, { target: refused.target }).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(WebMessagingError);
    expect((error as Error).message).to.equal('Orders are locked');

    const impostor = ehr(
      (m) => ({ responseToMessageId: m.messageId, payload: { status: '201 Created', location: 'x' } }),
      'https://evil.example',
    );
    error = undefined;
    await scratchpadCreate(messaging, order, { target: impostor.target, timeoutMs: 300 }).catch(
      (e: unknown) => (error = e),
    );
    expect((error as Error).message).to.match(/did not answer within/);
  });

  it('has nowhere to send when the app is neither embedded nor opened by the EHR', async () => {
    const standalone = { opener: null } as unknown as Window & { parent: Window };
    standalone.parent = standalone;
    let error: unknown;
    await scratchpadCreate(messaging, order, { self: standalone }).catch((e: unknown) => (error = e));
    expect((error as Error).message).to.match(/no EHR window/);
  });
});
