import { FhirRequestError, parseRetryAfter } from './errors';
import { messageOf } from '../core/errors';

/**
 * How every module reads FHIR: a path relative to the server base (`Patient/1`, `Encounter?_id=2`)
 * in, parsed JSON out, a FhirRequestError on failure.
 */
export type FhirRequester = (path: string, options?: RequestOptions) => Promise<unknown>;

/**
 * A read by default; a write names its method and JSON body (and, for a conditional create,
 * If-None-Exist); a search too long for a URL posts its parameters as a form (`POST [type]/_search`).
 */
export interface RequestOptions {
  signal?: AbortSignal;
  method?: 'GET' | 'POST' | 'PUT';
  body?: unknown;
  form?: URLSearchParams;
  headers?: Record<string, string>;
  /**
   * Let the request outlive the page (fetch `keepalive`) when its body is small enough for it; a
   * larger one is sent without it rather than refused.
   */
  keepalive?: boolean;
}

/** fetch refuses `keepalive` bodies over 64 KiB in all (headers and other such requests count too). */
export const KEEPALIVE_MAX_BODY = 60_000;

export interface RequesterOptions {
  baseUrl: string;
  /** The current access token, read at each request (it changes when refreshed). */
  accessToken?: () => string | undefined;
  /** Gets a new access token; called before a request when the token is about to expire, and once after a 401. */
  refresh?: () => Promise<void>;
  /** Whether the token expires within the next few seconds. */
  expiresSoon?: () => boolean;
  timeoutMs?: number;
  /** The `fetch` to send with (a test's, or a deployment's proxying one); the global one by default. */
  fetch?: typeof fetch;
}

/**
 * A requester over `fetch` with bearer token, timeout, one refresh-and-retry on 401, and errors that
 * keep the status and Retry-After. Concurrent requests share one refresh.
 */
export function createRequester(options: RequesterOptions): FhirRequester {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 15_000;
  let refreshing: Promise<void> | undefined;
  const refresh = () =>
    (refreshing ??= (options.refresh?.() ?? Promise.resolve()).finally(() => (refreshing = undefined)));

  const send = async (path: string, request: RequestOptions) => {
    const token = options.accessToken?.();
    const { signal, method = 'GET', body, form, headers = {}, keepalive } = request;
    const url = onServer(base, path);
    const text = body === undefined ? form?.toString() : JSON.stringify(body);
    try {
      return await (options.fetch ?? fetch)(url, {
        method,
        headers: {
          Accept: 'application/fhir+json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/fhir+json' }),
          ...(form === undefined ? {} : { 'Content-Type': 'application/x-www-form-urlencoded' }),
          ...headers,
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        ...(text === undefined ? {} : { body: text }),
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])]),
        ...(keepalive && (text?.length ?? 0) < KEEPALIVE_MAX_BODY ? { keepalive: true } : {}),
      });
    } catch (error) {
      throw new FhirRequestError(0, path, `No answer for ${path}: ${messageOf(error)}`);
    }
  };

  return async (path, request = {}) => {
    if (options.refresh && options.expiresSoon?.()) await refresh().catch(() => undefined);
    let response = await send(path, request);
    if (response.status === 401 && options.refresh) {
      try {
        await refresh();
        response = await send(path, request);
      } catch {
        // the refresh itself failed: report the original 401
      }
    }
    if (!response.ok) {
      throw new FhirRequestError(
        response.status,
        path,
        `${response.status} ${response.statusText} for ${path}: ${await outcomeText(response)}`,
        parseRetryAfter(response.headers.get('Retry-After'), Date.now()),
      );
    }
    try {
      return await response.json();
    } catch {
      throw new FhirRequestError(response.status, path, `The answer for ${path} is not JSON`);
    }
  };
}

/** A requester for an open server or a fixed bearer token (tests, the integration tier). */
export function fetchRequester(baseUrl: string, token?: string, timeoutMs = 15_000): FhirRequester {
  return createRequester({ baseUrl, accessToken: () => token, timeoutMs });
}

/**
 * The absolute URL of `path` on the server at `base`: a relative path, or an absolute URL (a paging
 * link) that stays under the base path once resolved. Anything else (another host, `../` out of the
 * base, a protocol-relative `//host`) is refused, so the bearer token never goes anywhere else.
 */
export function onServer(base: string, path: string): string {
  if (!path) return base;
  let url: URL;
  try {
    url = new URL(path, `${base}/`);
  } catch {
    throw new FhirRequestError(
      200,
      path,
      `The EHR sent a link Learning Loop cannot read: ${path.slice(0, 200)}`,
    );
  }
  const where = `${url.origin}${url.pathname}`;
  if (where !== base && !where.startsWith(`${base}/`))
    throw new FhirRequestError(
      200,
      path,
      `The EHR sent a link outside its FHIR server (${base}); Learning Loop does not follow it: ${path.slice(0, 200)}`,
    );
  return url.href;
}

/** The diagnostics of an OperationOutcome body, or the start of whatever else came back. */
export async function outcomeText(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { issue?: { diagnostics?: string; details?: { text?: string } }[] };
    const messages = (body.issue ?? []).map((i) => i.diagnostics ?? i.details?.text).filter(Boolean);
    if (messages.length) return messages.join('; ');
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 200);
}
