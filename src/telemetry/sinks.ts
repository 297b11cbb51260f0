/**
 * The sinks: the FHIR server (AuditEvents in transaction Bundles), an HTTP endpoint taking NDJSON, and
 * the CDS Hooks feedback endpoint of the service that made a remote card. Each can pseudonymise the
 * patient and practitioner ids (keyed HMAC-SHA-256, Web Crypto) and drop the override comment.
 */
import { feedbackBody } from '../cds/feedback';
import type { FhirRequester } from '../fhir/requester';
import { auditTransaction } from './audit-event';
import type { LoopEvent } from './event';
import { SinkError, errorForStatus, type DeliverOptions, type Sink } from './sink';
import { messageOf } from '../core/errors';

export interface PrivacyOptions {
  /**
   * HMAC key: patient, practitioner and encounter ids become `Patient/<hex>` (same id, same pseudonym),
   * and link URLs lose their query and fragment (they can carry an MRN).
   */
  pseudonymKey?: string;
  /** Leave out the override comment, the only free text an event carries. */
  dropComments?: boolean;
}

type Transform = (events: readonly LoopEvent[]) => Promise<LoopEvent[]>;

function withoutQuery(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '';
  }
}

/** The privacy transform of a sink: pseudonyms and comment removal, or the events as they are. */
export function privacy(options: PrivacyOptions): Transform {
  const { pseudonymKey, dropComments } = options;
  let key: Promise<CryptoKey> | undefined;
  const pseudonym = async (reference: string | undefined) => {
    if (!reference || !pseudonymKey) return reference;
    key ??= crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(pseudonymKey),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const mac = await crypto.subtle.sign('HMAC', await key, new TextEncoder().encode(reference));
    const hex = [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('');
    return `${reference.split('/')[0]}/${hex}`;
  };
  if (!pseudonymKey && !dropComments) return async (events) => [...events];
  return (events) =>
    Promise.all(
      events.map(async (event) => {
        const out: LoopEvent = { ...event };
        if (pseudonymKey) {
          const [patient, practitioner, encounter] = await Promise.all([
            pseudonym(event.patient),
            pseudonym(event.practitioner),
            pseudonym(event.encounter),
          ]);
          if (patient) out.patient = patient;
          if (practitioner) out.practitioner = practitioner;
          if (encounter) out.encounter = encounter;
          if (event.url) out.url = withoutQuery(event.url);
        }
        if (dropComments) delete out.userComment;
        return out;
      }),
    );
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
    accepts: () => true,
    async deliver(events, { signal, keepalive }: DeliverOptions) {
      const body = (await transform(events)).map((e) => JSON.stringify(e)).join('\n') + '\n';
      let response: Response;
      try {
        response = await doFetch(options.url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-ndjson' },
          body,
          signal,
          // keepalive bodies are limited to 64 KiB: only small batches may outlive the page.
          keepalive: keepalive === true && body.length < 60_000,
        });
      } catch (error) {
        throw new SinkError(`${options.url} could not be reached: ${messageOf(error)}`, 'retry');
      }
      if (!response.ok)
        throw errorForStatus(response.status, response.headers.get('Retry-After'), options.url);
    },
  };
}

/** AuditEvents on a FHIR server (the EHR's, through the app's requester, which refreshes on 401). */
export function fhirSink(
  options: { id?: string; request: FhirRequester; maxBatch?: number } & PrivacyOptions,
): Sink {
  const transform = privacy(options);
  return {
    id: options.id ?? 'fhir',
    maxBatch: options.maxBatch ?? 250,
    accepts: () => true,
    async deliver(events, { signal }: DeliverOptions) {
      const bundle = auditTransaction(await transform(events), { pseudonymous: !!options.pseudonymKey });
      try {
        const answer = (await options.request('', { method: 'POST', body: bundle, signal })) as {
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

/** CDS Hooks feedback for accepted and overridden remote cards, to the service that made each card. */
export function cdsFeedbackSink(options: { id?: string; fetchImpl?: Fetch } & PrivacyOptions = {}): Sink {
  const doFetch = options.fetchImpl ?? ((input, init) => fetch(input, init));
  return {
    id: options.id ?? 'cds-feedback',
    maxBatch: 100,
    accepts: (e) =>
      (e.type === 'suggestion-accepted' || e.type === 'card-overridden') &&
      !!e.serviceBase &&
      !!e.source &&
      !!e.card,
    async deliver(events, { signal }: DeliverOptions) {
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
                  ...(e.userComment && !options.dropComments ? { comment: e.userComment } : {}),
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
          });
        } catch (error) {
          throw new SinkError(`${url} could not be reached: ${messageOf(error)}`, 'retry');
        }
        // A service without a feedback endpoint (404) will not grow one: set its feedback aside.
        if (response.status === 404) throw new SinkError(`${url} has no feedback endpoint`, 'refused');
        if (!response.ok) throw errorForStatus(response.status, response.headers.get('Retry-After'), url);
      }
    },
  };
}
