import type { UserFacingError } from '../core/status';
import { messageOf } from '../core/errors';

/** A FHIR request failed: status 0 means no answer at all (network, timeout, CSP). */
export class FhirRequestError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    message: string,
    /** Seconds from a Retry-After header, when the server sent one. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'FhirRequestError';
  }
}

/** Turns any FHIR failure into what a clinician reads, naming what could not be loaded. */
export function describeFhirError(error: unknown, what: string): UserFacingError {
  const detail = messageOf(error);
  const status = error instanceof FhirRequestError ? error.status : 0;
  if (status >= 200 && status < 300) {
    return {
      code: 'fhir-malformed',
      retry: {},
      title: `The EHR sent something unexpected for ${what}.`,
      action: 'Try again; if it keeps happening, give your EHR support team the detail below.',
      detail,
    };
  }
  if (status === 401) {
    return {
      code: 'fhir-401',
      title: `Your EHR session has expired, so ${what} could not be loaded.`,
      action: 'Close this panel and open Learning Loop again from the patient chart.',
      detail,
    };
  }
  if (status === 403) {
    return {
      code: 'fhir-403',
      title: `The EHR did not allow Learning Loop to read ${what}.`,
      action: 'Ask your EHR administrator to grant the scopes listed in the registration kit.',
      detail,
    };
  }
  if (status === 404 || status === 410) {
    return {
      code: 'fhir-404',
      // "did not find", not "has no record of": `what` is often itself a record ("the record the prompts need").
      title: `The EHR did not find ${what}.`,
      action: 'Check that the right chart is open, then launch Learning Loop again.',
      detail,
    };
  }
  if (status === 429) {
    const wait =
      error instanceof FhirRequestError && error.retryAfter
        ? ` in ${error.retryAfter} seconds`
        : ' in a minute';
    return {
      code: 'fhir-429',
      title: `The EHR is busy and asked Learning Loop to wait before loading ${what}.`,
      action: `Try again${wait}.`,
      detail,
      retry: error instanceof FhirRequestError && error.retryAfter ? { afterSeconds: error.retryAfter } : {},
    };
  }
  // A timeout or a lock (408, 423, 425): the server says it may answer later.
  if (status === 408 || status === 423 || status === 425) {
    return {
      code: `fhir-${status}`,
      title: `The EHR's FHIR server could not answer for ${what} just now.`,
      action: 'Try again in a minute; if it keeps happening, tell your EHR support team.',
      detail,
      retry: {},
    };
  }
  if (status >= 500) {
    return {
      code: 'fhir-5xx',
      title: `The EHR's FHIR server had an error while loading ${what}.`,
      action: 'Try again in a minute; if it keeps happening, tell your EHR support team.',
      detail,
      retry: {},
    };
  }
  if (status === 0) {
    return {
      code: 'fhir-unreachable',
      title: `The EHR's FHIR server did not answer, so ${what} could not be loaded.`,
      action: 'Check the network connection and try again.',
      detail,
      retry: {},
    };
  }
  // A 400, 405, 409, 422...: the same request would be refused again, so no Try again is offered.
  return {
    code: `fhir-${status}`,
    title: `The EHR refused the request for ${what}.`,
    action:
      'Give your EHR support team the detail below: the EHR will refuse this request again until they act.',
    detail,
  };
}

/** Reads a Retry-After header (seconds or an HTTP date) as seconds from `now`. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.round((at - now) / 1000));
}
