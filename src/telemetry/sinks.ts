/**
 * The sinks: the FHIR server (AuditEvents in transaction Bundles), an HTTP endpoint taking NDJSON, and
 * the CDS Hooks feedback endpoint of the service that made a remote card. Each sends the least by
 * default (privacy.ts): no override comment unless its config keeps it, no link query; the FHIR and
 * NDJSON sinks pseudonymise with the deployment's key when given one. Delivery is exactly once for the
 * FHIR sink (conditional creates on the event id) and at least once for the others: their receivers
 * keep one copy per event id (NDJSON `id`; CDS feedback: card and outcome).
 */
import { feedbackBody } from '../cds/feedback';
import { KEEPALIVE_MAX_BODY, type FhirRequester } from '../fhir/requester';
import { auditTransaction } from './audit-event';
import type { LoopEvent } from './event';
import { SinkError, errorForStatus, statusOf, type DeliverOptions, type Sink } from './sink';
import { messageOf } from '../core/errors';
import { privacy, type PrivacyOptions } from './privacy';

export { privacy, type PrivacyOptions } from './privacy';

/** A privacy transform whose failure (the pseudonym key could not be had) makes the events wait. */
async function transformed(transform: ReturnType<typeof privacy>, events: readonly LoopEvent[]) {
  try {
    return await transform(events);
  } catch (error) {
    throw new SinkError(`the pseudonym key could not be had: ${messageOf(error)}`, 'retry');
  }
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** POSTs `application/x-ndjson`, one event per line; the receiver deduplicates by `id`. */
export function ndjsonSink(
  options: { id?: string; url: string; maxBatch?: number; fetchImpl?: Fetch } & PrivacyOptions,
): Sink {
  const transform = privacy(options);
  const doFetch = options.fetchImpl ?? ((input, init) => fetch(input, init));
  return {
    id: options.id ?? `ndjson:${options.url}`,
    maxBatch: options.maxBatch ?? 500,
    keepalive: true,
    accepts: () => true,
    async deliver(events, { signal, keepalive }: DeliverOptions) {
      const body = (await transformed(transform, events)).map((e) => JSON.stringify(e)).join('\n') + '\n';
      let response: Response;
      try {
        response = await doFetch(options.url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-ndjson' },
          body,
          signal,
          // keepalive bodies are limited to 64 KiB: only small batches may outlive the page.
          keepalive: keepalive === true && body.length < KEEPALIVE_MAX_BODY,
          // Followed, a proxy's redirect to a sign-in page would end in its 200 and pass as delivered.
          redirect: 'manual',
        });
      } catch (error) {
        throw new SinkError(`${options.url} could not be reached: ${messageOf(error)}`, 'retry');
      }
      if (!response.ok)
        throw errorForStatus(statusOf(response), response.headers.get('Retry-After'), options.url);
    },
  };
}

/**
 * AuditEvents on a FHIR server (the EHR's, through the app's requester, which refreshes on 401). As
 * the page goes away, a small transaction is sent with `keepalive`, so the last click and
 * `session-ended` reach the server then, not at the next launch on this browser (which may never
 * come); the outbox sends them again, and the conditional creates keep one AuditEvent per event.
 */
export function fhirSink(
  options: { id?: string; request: FhirRequester; maxBatch?: number } & PrivacyOptions,
): Sink {
  const transform = privacy(options);
  return {
    id: options.id ?? 'fhir',
    maxBatch: options.maxBatch ?? 250,
    keepalive: true,
    accepts: () => true,
    async deliver(events, { signal, keepalive }: DeliverOptions) {
      const bundle = auditTransaction(await transformed(transform, events), {
        pseudonymous: options.pseudonymKey !== undefined,
      });
      try {
        // The requester sends with keepalive only a body small enough for it: a few events.
        const answer = (await options.request('', {
          method: 'POST',
          body: bundle,
          signal,
          ...(keepalive ? { keepalive } : {}),
        })) as {
          resourceType?: string;
          type?: string;
        };
        if (answer?.resourceType !== 'Bundle')
          throw new SinkError('the FHIR server did not answer with a Bundle', 'retry');
      } catch (error) {
        if (error instanceof SinkError) throw error;
        // A FhirRequestError (by shape: this module stays out of the initial bundle's import graph).
        const http = error as { status?: unknown; retryAfter?: unknown };
        // A 2xx the requester could not read (a proxy's HTML page): the server may not have it.
        if (typeof http.status === 'number' && http.status >= 200 && http.status < 300)
          throw new SinkError(`the FHIR server answered ${http.status} without a readable Bundle`, 'retry');
        if (typeof http.status === 'number' && http.status > 0)
          throw errorForStatus(
            http.status,
            typeof http.retryAfter === 'number' ? String(http.retryAfter) : null,
            'the FHIR server',
          );
        throw new SinkError(`the FHIR server could not be reached: ${messageOf(error)}`, 'retry');
      }
    },
  };
}

/**
 * CDS Hooks feedback for accepted and overridden remote cards, to the service that made each card.
 * The card and suggestion uuids are the service's own (it needs them to match its cards), and no
 * patient id is sent; the override comment goes only to the service bases listed in `keepCommentsFor`.
 */
export function cdsFeedbackSink(
  options: { id?: string; fetchImpl?: Fetch; keepCommentsFor?: readonly string[] } = {},
): Sink {
  const doFetch = options.fetchImpl ?? ((input, init) => fetch(input, init));
  const keepsComments = (base: string) => options.keepCommentsFor?.includes(base) === true;
  return {
    id: options.id ?? 'cds-feedback',
    maxBatch: 100,
    keepalive: true,
    accepts: (e) =>
      (e.type === 'suggestion-accepted' || e.type === 'card-overridden') &&
      !!e.serviceBase &&
      !!e.source &&
      !!e.card,
    async deliver(events, { signal, keepalive }: DeliverOptions) {
      const groups = new Map<string, LoopEvent[]>();
      for (const e of events) {
        const key = `${e.serviceBase}\u0000${e.source}`;
        groups.set(key, [...(groups.get(key) ?? []), e]);
      }
      for (const group of groups.values()) {
        const first = group[0];
        if (!first?.serviceBase || !first.source) continue;
        const body = feedbackBody(
          group.map((e) =>
            e.type === 'suggestion-accepted'
              ? {
                  card: e.card ?? '',
                  outcome: 'accepted' as const,
                  acceptedSuggestions: e.suggestion ? [e.suggestion] : [],
                  at: new Date(e.at),
                }
              : {
                  card: e.card ?? '',
                  outcome: 'overridden' as const,
                  ...(e.overrideReason ? { reason: e.overrideReason } : {}),
                  ...(e.userComment && keepsComments(first.serviceBase ?? '')
                    ? { comment: e.userComment }
                    : {}),
                  at: new Date(e.at),
                },
          ),
        );
        if (!body.feedback.length) continue;
        const url = `${first.serviceBase}/cds-services/${encodeURIComponent(first.source)}/feedback`;
        let response: Response;
        try {
          response = await doFetch(url, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
            signal,
            keepalive: keepalive === true,
            redirect: 'manual',
          });
        } catch (error) {
          throw new SinkError(`${url} could not be reached: ${messageOf(error)}`, 'retry');
        }
        // A service without a feedback endpoint (404) will not grow one: set its feedback aside.
        if (response.status === 404) throw new SinkError(`${url} has no feedback endpoint`, 'refused');
        if (!response.ok) throw errorForStatus(statusOf(response), response.headers.get('Retry-After'), url);
      }
    },
  };
}
