/**
 * What every sink is to the delivery loop: which events it takes, how many per request, and a
 * `deliver` that resolves once the receiver has stored the batch. A failure says whether trying again
 * can help (`retry`, with the server's Retry-After when it gave one) or not (`refused`: the receiver
 * rejected the content, so the batch is split to find the event it refuses).
 */
import type { LoopEvent } from './event';

export interface DeliverOptions {
  signal: AbortSignal;
  /** Set when the page is being hidden or closed: the request must outlive the page. */
  keepalive?: boolean;
}

export interface Sink {
  /** Stable across launches: the outbox keeps this sink's cursor under it. */
  readonly id: string;
  readonly maxBatch: number;
  /** Whether its requests can outlive the page (fetch `keepalive`): events emitted as it goes go at once. */
  readonly keepalive?: boolean;
  accepts(event: LoopEvent): boolean;
  deliver(events: readonly LoopEvent[], options: DeliverOptions): Promise<void>;
}

export class SinkError extends Error {
  override name = 'SinkError';
  constructor(
    message: string,
    readonly kind: 'retry' | 'refused',
    readonly retryAfterMs?: number,
    /** The HTTP status, when the receiver answered: 401, 403 and 3xx start the refusal clock. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/** `Retry-After` in seconds or as an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * A SinkError for an HTTP answer that is not 2xx. 401, 403 and a redirect (a permission that may yet be
 * granted, or a proxy sending the request to a sign-in page: the events wait, and the panel says so,
 * until the retention's `releaseAfterMs`), 404, 408, 429 and 5xx are retried; other 4xx mean the
 * receiver refuses the content.
 */
export function errorForStatus(status: number, retryAfter: string | null, what: string): SinkError {
  const redirect = isRedirect(status);
  const retry = redirect || [401, 403, 404, 408, 429].includes(status) || status >= 500;
  return new SinkError(
    redirect
      ? `${what} answered ${status}, a redirect (to a sign-in page?): nothing was delivered`
      : `${what} answered ${status}`,
    retry ? 'retry' : 'refused',
    retryAfterMs(retryAfter),
    status,
  );
}

/** Whether an answer's status says the receiver did not let the app in (the refusal clock starts). */
export const isRefusal = (status: number | undefined) =>
  status === 401 || status === 403 || (status !== undefined && isRedirect(status));

/** A 3xx answer: not followed by the sinks (sinks.ts), so never a delivery. */
const isRedirect = (status: number) => status >= 300 && status < 400;

/**
 * A sink id as an events-dropped record names it: a URL without its query or fragment (where a signed
 * link carries its secret: the record goes to every sink), at most 400 characters.
 *
 * @example sinkLabel('ndjson:https://logs.example/in?sig=secret') // 'ndjson:https://logs.example/in'
 */
export function sinkLabel(id: string): string {
  const label = id.replace(/[?#][\s\S]*$/, '');
  return label.length > 400 ? `${label.slice(0, 399)}…` : label;
}

/**
 * The status of a fetch made with `redirect: 'manual'`: a browser hides a redirect's own status
 * (`opaqueredirect`, status 0), which is read as 302.
 */
export const statusOf = (response: Response) => (response.type === 'opaqueredirect' ? 302 : response.status);
