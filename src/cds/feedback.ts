import type { Coding } from '@medplum/fhirtypes';
import { requestJson, servicesUrl, type FetchLike } from './http';
import type { CdsFeedbackBody, CdsFeedbackEntry } from './types';
import { GENERATED_UUID_PREFIX } from './validate';

/** A clinician's answer to one remote card, as the panel records it. */
export type FeedbackItem =
  | {
      /** The card's uuid as the service sent it. */
      card: string;
      outcome: 'accepted';
      /** uuids of the suggestions accepted. */
      acceptedSuggestions: readonly string[];
      at: Date;
    }
  | {
      card: string;
      outcome: 'overridden';
      /** The reason chosen, if any (a card's own or an HL7 non-adherence reason). */
      reason?: Coding;
      comment?: string;
      at: Date;
    };

/**
 * The CDS Hooks 2.0 feedback body for these items; pure. `card` is the card's uuid and
 * `outcomeTimestamp` is UTC. Per the spec, an item is left out when its card has no service uuid, or when
 * it is an acceptance without any suggestion uuid (`acceptedSuggestions` is required for `accepted`);
 * `overrideReason` is sent only with a reason or a non-blank comment.
 */
export function feedbackBody(items: readonly FeedbackItem[]): CdsFeedbackBody {
  const feedback: CdsFeedbackEntry[] = [];
  for (const item of items) {
    if (!item.card.trim() || item.card.startsWith(GENERATED_UUID_PREFIX)) continue;
    const outcomeTimestamp = item.at.toISOString();
    if (item.outcome === 'accepted') {
      const ids = item.acceptedSuggestions.filter((id) => id.trim() !== '');
      if (!ids.length) continue;
      feedback.push({
        card: item.card,
        outcome: 'accepted',
        acceptedSuggestions: ids.map((id) => ({ id })),
        outcomeTimestamp,
      });
      continue;
    }
    const reason = item.reason ? coding(item.reason) : undefined;
    const userComment = item.comment?.trim() ? item.comment.trim() : undefined;
    feedback.push({
      card: item.card,
      outcome: 'overridden',
      ...(reason || userComment
        ? { overrideReason: { ...(reason ? { reason } : {}), ...(userComment ? { userComment } : {}) } }
        : {}),
      outcomeTimestamp,
    });
  }
  return { feedback };
}

function coding(value: Coding): Coding | undefined {
  const out: Coding = {
    ...(value.system ? { system: value.system } : {}),
    ...(value.code ? { code: value.code } : {}),
    ...(value.display ? { display: value.display } : {}),
  };
  return out.code ? out : undefined;
}

export interface FeedbackOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  fetchImpl?: FetchLike;
}

/**
 * POSTs feedback to `{serviceBase}/cds-services/{serviceId}/feedback`. Resolves with how many entries were
 * sent and how many the spec says to leave out; nothing is POSTed when none remain. Rejects with a
 * CdsError on failure: retrying is the caller's (the event outbox delivers at least once, and the spec
 * allows a service to receive the same feedback more than once).
 */
export async function sendFeedback(
  serviceBase: string,
  serviceId: string,
  items: readonly FeedbackItem[],
  options: FeedbackOptions = {},
): Promise<{ sent: number; skipped: number }> {
  const body = feedbackBody(items);
  const sent = body.feedback.length;
  if (sent) {
    await requestJson(servicesUrl(serviceBase, serviceId, 'feedback'), {
      method: 'POST',
      body,
      timeoutMs: options.timeoutMs ?? 5000,
      signal: options.signal,
      fetchImpl: options.fetchImpl,
      parse: false,
    });
  }
  return { sent, skipped: items.length - sent };
}
