import type { PromptCard } from './cards';
import { buildPatientViewRequest, callService, type CallOptions } from './call';
import { discoverServices } from './discovery';
import { messageOf } from '../core/errors';
import { CdsError, type CdsErrorKind } from './errors';
import type { FetchLike } from './http';
import type { AvailableData } from './prefetch';
import type { CdsService, FhirAccess, PatientViewContext } from './types';

/** One CDS provider as the deployment config lists it (`cdsServices[]`). */
export interface CdsServiceConfig {
  /** Base URL, ending before `/cds-services`. */
  base: string;
  /** Service ids to call; all its `patient-view` services when absent. */
  ids?: readonly string[];
  /** Budget for discovery and calls together; overrides the call's `timeoutMs`. */
  timeoutMs?: number;
  /** Send a FHIR token to this provider (see BuildOptions); the app's config never sets it. */
  shareFhirAuthorization?: boolean;
}

export interface RemoteCardsOptions {
  /** Budget per provider for discovery and calls together (default 1000 ms). */
  timeoutMs?: number;
  signal?: AbortSignal;
  fetchImpl?: FetchLike;
  /** The EHR's FHIR server and token, offered only to providers with `shareFhirAuthorization`. */
  fhir?: FhirAccess;
  /** Discovery answers kept for the session (by base), so later patients cost one round trip. */
  discoveryCache?: Map<string, Promise<CdsService[]>>;
  onDropped?: CallOptions['onDropped'];
}

export interface RemoteCardError {
  /** The service id, or the base URL when discovery failed. */
  service: string;
  base: string;
  kind: CdsErrorKind;
  message: string;
  /** Cards the service sent that failed validation and were left out (the service answered). */
  unreadable?: number;
}

export interface RemoteCardsResult {
  cards: PromptCard[];
  errors: RemoteCardError[];
}

/**
 * Cards from every configured provider's `patient-view` services: discovery, then all calls in parallel,
 * each provider within its own budget. A slow, failing or malformed service only adds an entry to
 * `errors`; this never rejects, and resolves within the budget (plus a few ms) even if a service hangs,
 * so local cards are never held up. Cards are in config order, not yet merged or sorted (see mergeCards).
 */
export async function fetchRemoteCards(
  config: { services: readonly CdsServiceConfig[] },
  context: PatientViewContext,
  available: AvailableData,
  options: RemoteCardsOptions = {},
): Promise<RemoteCardsResult> {
  const perProvider = await Promise.allSettled(
    config.services.map((entry) => fromProvider(entry, context, available, options)),
  );
  const result: RemoteCardsResult = { cards: [], errors: [] };
  perProvider.forEach((settled, i) => {
    if (settled.status === 'fulfilled') {
      result.cards.push(...settled.value.cards);
      result.errors.push(...settled.value.errors);
    } else {
      const base = config.services[i]?.base ?? '';
      result.errors.push(toError(base, base, settled.reason));
    }
  });
  return result;
}

async function fromProvider(
  entry: CdsServiceConfig,
  context: PatientViewContext,
  available: AvailableData,
  options: RemoteCardsOptions,
): Promise<RemoteCardsResult> {
  const base = entry.base.replace(/\/+$/, '');
  const budget = entry.timeoutMs ?? options.timeoutMs ?? 1000;
  const started = Date.now();
  const remaining = () => budget - (Date.now() - started);

  let services: CdsService[];
  try {
    services = await discover(base, budget, options);
  } catch (error) {
    return { cards: [], errors: [toError(base, base, error)] };
  }
  const errors: RemoteCardError[] = [];
  let chosen = services;
  if (entry.ids) {
    chosen = services.filter((s) => entry.ids?.includes(s.id));
    for (const id of entry.ids) {
      if (!services.some((s) => s.id === id))
        errors.push({
          service: id,
          base,
          kind: 'malformed',
          message: `${base} offers no patient-view service "${id}"`,
        });
    }
  }
  const calls = await Promise.allSettled(
    chosen.map(async (service) => {
      const left = remaining();
      if (left <= 0)
        throw new CdsError('timeout', base, `No time left for ${service.id} after discovery at ${base}`);
      const { request } = buildPatientViewRequest(service, context, available, {
        shareFhirAuthorization: entry.shareFhirAuthorization === true,
        ...(options.fhir ? { fhir: options.fhir } : {}),
      });
      return callService(service, request, {
        timeoutMs: left,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
        onDropped: (called, left) => {
          // Never left out unseen: a critical card failing validation must not read as "no prompts".
          errors.push({
            service: called.id,
            base,
            kind: 'malformed',
            message: `${left.length} card(s) left out: ${left.map((d) => d.reason).join('; ')}`,
            unreadable: left.length,
          });
          options.onDropped?.(called, left);
        },
      });
    }),
  );
  const cards: PromptCard[] = [];
  calls.forEach((settled, i) => {
    if (settled.status === 'fulfilled') cards.push(...settled.value);
    else errors.push(toError(chosen[i]?.id ?? base, base, settled.reason));
  });
  return { cards, errors };
}

function discover(base: string, timeoutMs: number, options: RemoteCardsOptions): Promise<CdsService[]> {
  const cached = options.discoveryCache?.get(base);
  if (cached) return cached;
  const pending = discoverServices(base, options.fetchImpl, timeoutMs, options.signal);
  if (options.discoveryCache) {
    const cache = options.discoveryCache;
    cache.set(base, pending);
    // A failed discovery is tried again next time.
    pending.catch(() => {
      if (cache.get(base) === pending) cache.delete(base);
    });
  }
  return pending;
}

function toError(service: string, base: string, error: unknown): RemoteCardError {
  return {
    service,
    base,
    kind: error instanceof CdsError ? error.kind : 'network',
    message: messageOf(error),
  };
}
