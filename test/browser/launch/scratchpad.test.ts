import { expect } from '@open-wc/testing';
import type { ServiceRequest } from '@medplum/fhirtypes';
import { WebMessagingError, scratchpadCreate } from '../../../src/launch/scratchpad';

const order: ServiceRequest = {
  resourceType: 'ServiceRequest',
  status: 'draft',
  intent: 'order',
  subject: { reference: 'Patient/p-1' },
};

interface Request {
  messageId: string;
  messagingHandle: string;
  messageType: string;
  payload: unknown;
}

/**
 * A simulated EHR window: a same-origin frame that answers each message with `answer(request)`, sent
 * back from `replyFrom` (the frame itself unless an impostor window is given).
 */
function ehrFrame(answer: (request: Request) => unknown, replyFrom?: () => Window) {
  const frame = document.createElement('iframe');
  document.body.append(frame);
  const ehr = frame.contentWindow as Window;
  const received: Request[] = [];
  ehr.addEventListener('message', (event: MessageEvent<Request>) => {
    received.push(event.data);
    const data = answer(event.data);
    // Posted by a function of the replying window's own realm, so that window is the message's source.
    const from = (replyFrom?.() ?? ehr) as Window & { Function: FunctionConstructor };
    if (data) (new from.Function('d', 'parent.postMessage(d, "*")') as (d: unknown) => void)(data);
  });
  return { ehr, received, remove: () => frame.remove() };
}

const messaging = { handle: 'h-1', origin: location.origin };

describe('SMART Web Messaging scratchpad.create', () => {
  it('sends the draft to the EHR window and resolves with the location it gives', async () => {
    const { ehr, received, remove } = ehrFrame((m) => ({
      messageId: 'r1',
      responseToMessageId: m.messageId,
      payload: { status: '201 Created', location: 'ServiceRequest/d1' },
    }));
    expect(await scratchpadCreate(messaging, order, { target: ehr })).to.equal('ServiceRequest/d1');
    expect(received[0]?.messageType).to.equal('scratchpad.create');
    expect(received[0]?.messagingHandle).to.equal('h-1');
    expect(received[0]?.payload).to.deep.equal({ resource: order });
    remove();
  });

  it('says why when the EHR refuses', async () => {
    const { ehr, remove } = ehrFrame((m) => ({
      responseToMessageId: m.messageId,
      payload: { errorMessage: 'Orders are locked' },
    }));
    let error: unknown;
    await scratchpadCreate(messaging, order, { target: ehr }).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(WebMessagingError);
    expect((error as Error).message).to.equal('Orders are locked');
    remove();
  });

  it('takes no answer from another window, and sends nothing to another origin', async () => {
    const impostor = document.createElement('iframe');
    document.body.append(impostor);
    const { ehr, remove } = ehrFrame(
      (m) => ({ responseToMessageId: m.messageId, payload: { status: '201 Created', location: 'x' } }),
      () => impostor.contentWindow as Window,
    );
    let error: unknown;
    await scratchpadCreate(messaging, order, { target: ehr, timeoutMs: 300 }).catch(
      (e: unknown) => (error = e),
    );
    expect((error as Error).message).to.match(/did not answer within/);

    const honest = ehrFrame((m) => ({
      responseToMessageId: m.messageId,
      payload: { status: '201 Created' },
    }));
    error = undefined;
    await scratchpadCreate({ handle: 'h-1', origin: 'https://ehr.example.org' }, order, {
      target: honest.ehr,
      timeoutMs: 300,
    }).catch((e: unknown) => (error = e));
    expect(honest.received).to.have.length(0);
    expect((error as Error).message).to.match(/did not answer within/);
    honest.remove();
    impostor.remove();
    remove();
  });

  it('has nowhere to send when the app is neither embedded nor opened by the EHR', async () => {
    const standalone = { opener: null } as unknown as Window & { parent: Window };
    standalone.parent = standalone;
    let error: unknown;
    await scratchpadCreate(messaging, order, { self: standalone }).catch((e: unknown) => (error = e));
    expect((error as Error).message).to.match(/no EHR window/);
  });
});
