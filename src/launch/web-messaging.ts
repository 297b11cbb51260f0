/**
 * SMART Web Messaging (HL7 IG, STU1): when the EHR's token response carries a messaging handle and
 * origin, the app may hand a drafted resource to the EHR's own ordering workflow (`scratchpad.create`)
 * instead of writing it to the FHIR server; the clinician then signs it in the EHR. Messages go to the
 * window that opened or embeds the app, only to the EHR's origin, and answers are accepted only from
 * that origin and for our message id.
 * Hand-written: the IG publishes no client library, and this is one request/response over postMessage.
 *
 * @example
 * const messaging = webMessagingFrom(tokenResponse);
 * if (messaging) await scratchpadCreate(messaging, serviceRequest); // 'ServiceRequest/draft-1'
 * (scratchpadCreate is in scratchpad.ts: only the prompts chunk needs it.)
 */
export interface WebMessaging {
  handle: string;
  /** The EHR window's origin: where messages go and the only origin answers are taken from. */
  origin: string;
}

/** The messaging handle and origin of a token response, or undefined when the EHR offers none. */
export function webMessagingFrom(token: Record<string, unknown>): WebMessaging | undefined {
  const handle = token.smart_web_messaging_handle;
  const origin = token.smart_web_messaging_origin;
  if (typeof handle !== 'string' || !handle || typeof origin !== 'string') return undefined;
  try {
    const url = new URL(origin);
    const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    if (url.origin !== origin || !(url.protocol === 'https:' || (url.protocol === 'http:' && local)))
      return undefined;
  } catch {
    return undefined;
  }
  return { handle, origin };
}
