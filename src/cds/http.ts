import { CdsError } from './errors';
import { messageOf } from '../core/errors';

/** The `fetch` this module uses; injectable for tests and for a proxying deployment. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface JsonRequest {
  method: 'GET' | 'POST';
  body?: unknown;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  fetchImpl?: FetchLike | undefined;
  /** Whether the answer must be JSON; when false any 2xx body is ignored (feedback answers). */
  parse?: boolean;
}

/**
 * Sends one JSON request and parses the JSON answer, within `timeoutMs` whatever the network does: the
 * fetch is aborted at the deadline and, in case an implementation ignores the abort, raced against a
 * timer too. Every failure is a CdsError; the losing promise is always handled.
 */
export async function requestJson(url: string, request: JsonRequest): Promise<unknown> {
  const { method, body, timeoutMs, signal, parse = true } = request;
  const fetchImpl = request.fetchImpl ?? ((input, init) => fetch(input, init));
  if (signal?.aborted) throw new CdsError('aborted', url, `Cancelled before calling ${url}`);
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new CdsError('timeout', url, `No answer from ${url} within ${timeoutMs} ms`));
      controller.abort();
    }, timeoutMs);
    onAbort = () => {
      reject(new CdsError('aborted', url, `Cancelled while calling ${url}`));
      controller.abort();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  const exchange = (async () => {
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method,
        headers: {
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: controller.signal,
      });
    } catch (error) {
      throw new CdsError('network', url, `No answer from ${url}: ${messageOf(error)}`);
    }
    if (!response.ok) {
      response.body?.cancel().catch(() => undefined);
      throw new CdsError('http', url, `${url} answered HTTP ${response.status}`, response.status);
    }
    if (!parse) {
      response.body?.cancel().catch(() => undefined);
      return undefined;
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new CdsError('network', url, `The answer from ${url} was cut off: ${messageOf(error)}`);
    }
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new CdsError('malformed', url, `${url} did not answer with JSON`);
    }
  })();
  // Whichever loses the race must not surface as an unhandled rejection.
  exchange.catch(() => undefined);
  deadline.catch(() => undefined);
  try {
    return await Promise.race([exchange, deadline]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

/** A plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string with at least one non-blank character. */
export function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** `{base}/cds-services[/...]`, with the base's trailing slashes removed. */
export function servicesUrl(base: string, ...segments: string[]): string {
  const root = `${base.replace(/\/+$/, '')}/cds-services`;
  return segments.length ? `${root}/${segments.map(encodeURIComponent).join('/')}` : root;
}
