/**
 * SMART Web Messaging `scratchpad.create` (see web-messaging.ts): one request over postMessage to the
 * EHR window, one answer back from the EHR's origin for our message id.
 */
import type { Resource } from '@medplum/fhirtypes';
import type { WebMessaging } from './web-messaging';

/** The EHR window: the one that opened the app, else the one that embeds it; none when standalone. */
export function ehrWindow(self: Window = window): Window | undefined {
  if (self.opener && self.opener !== self) return self.opener as Window;
  return self.parent !== self ? self.parent : undefined;
}

export class WebMessagingError extends Error {
  override name = 'WebMessagingError';
}

interface Response {
  responseToMessageId?: unknown;
  payload?: { status?: unknown; location?: unknown; errorMessage?: unknown; outcome?: unknown };
}

/**
 * Sends `scratchpad.create` and resolves with the location the EHR gave the draft. Rejects with a
 * WebMessagingError when the EHR answers with an error or a non-2xx status, or not within `timeoutMs`.
 */
export function scratchpadCreate(
  messaging: WebMessaging,
  resource: Resource,
  options: { target?: Window | undefined; self?: Window; timeoutMs?: number } = {},
): Promise<string> {
  const self = options.self ?? window;
  const target = options.target ?? ehrWindow(self);
  if (!target) return Promise.reject(new WebMessagingError('no EHR window to send the draft to'));
  const messageId = crypto.randomUUID();
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      self.removeEventListener('message', onMessage);
    };
    const onMessage = (event: MessageEvent<Response>) => {
      if (event.source !== target || event.origin !== messaging.origin) return;
      if (event.data?.responseToMessageId !== messageId) return;
      done();
      const payload = event.data.payload ?? {};
      const status = typeof payload.status === 'string' ? payload.status : '';
      if (/^2\d\d/.test(status)) resolve(typeof payload.location === 'string' ? payload.location : '');
      else
        reject(
          new WebMessagingError(
            typeof payload.errorMessage === 'string'
              ? payload.errorMessage
              : `the EHR answered "${status || 'without a status'}"`,
          ),
        );
    };
    const timer = setTimeout(() => {
      done();
      reject(
        new WebMessagingError(`the EHR did not answer within ${(options.timeoutMs ?? 10_000) / 1000} s`),
      );
    }, options.timeoutMs ?? 10_000);
    self.addEventListener('message', onMessage);
    target.postMessage(
      {
        messageId,
        messagingHandle: messaging.handle,
        messageType: 'scratchpad.create',
        payload: { resource },
      },
      messaging.origin,
    );
  });
}
