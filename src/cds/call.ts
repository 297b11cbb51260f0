import type { PromptCard } from './cards';
import { CdsError } from './errors';
import { isObject, requestJson, servicesUrl, type FetchLike } from './http';
import { fillPrefetch, type AvailableData } from './prefetch';
import type { CdsHookRequest, CdsService, FhirAccess, PatientViewContext } from './types';
import { validateCards, type ValidatedCards } from './validate';

/** How to call one service. */
export interface CallOptions {
  /** CDS Hooks expects answers in about 500 ms; past this the call fails as `timeout`. */
  timeoutMs?: number;
  signal?: AbortSignal;
  fetchImpl?: FetchLike;
  /** Told about cards that failed validation, for the log. */
  onDropped?: (service: CdsService, dropped: ValidatedCards['dropped']) => void;
}

export interface BuildOptions {
  /**
   * Send `fhirServer` and `fhirAuthorization` so the service can read what prefetch did not carry.
   * The app never does: the deployment config no longer offers it (issue 11). The only token a SMART
   * app holds is the clinician's own, issued to this app, not one the EHR minted for the service and
   * scoped to it as CDS Hooks intends; handing it over would let a third party read anything the
   * clinician may, for the token's lifetime. Kept here, tested, for an EHR that mints service tokens.
   */
  shareFhirAuthorization?: boolean;
  fhir?: FhirAccess;
}

/**
 * The `patient-view` request for one service: a fresh `hookInstance`, the context, prefetch filled from
 * data already loaded (keys we cannot fill are omitted), and FHIR access only when shared.
 */
export function buildPatientViewRequest(
  service: CdsService,
  context: PatientViewContext,
  available: AvailableData,
  options: BuildOptions = {},
): { request: CdsHookRequest; omitted: string[] } {
  const { prefetch, omitted } = fillPrefetch(service.prefetch, context, available);
  const authorization = options.shareFhirAuthorization ? options.fhir?.authorization?.() : undefined;
  const request: CdsHookRequest = {
    hook: 'patient-view',
    hookInstance: crypto.randomUUID(),
    context: {
      userId: context.userId,
      patientId: context.patientId,
      ...(context.encounterId ? { encounterId: context.encounterId } : {}),
    },
    // The spec prohibits empty objects: no prefetch key at all when nothing could be filled.
    ...(Object.keys(prefetch).length ? { prefetch } : {}),
    ...(options.shareFhirAuthorization && options.fhir ? { fhirServer: options.fhir.fhirServer } : {}),
    ...(authorization ? { fhirAuthorization: authorization } : {}),
  };
  return { request, omitted };
}

/**
 * POSTs a hook request to `{base}/cds-services/{id}` and returns its valid cards as prompts from that
 * service (invalid ones are dropped, see validateCards). Rejects with a CdsError on timeout, network
 * failure, an HTTP error or a body without a `cards` array; it never leaves a rejection unhandled.
 *
 * No JWT is sent: CDS Hooks asks clients to sign one per call, which a browser app cannot do without
 * exposing its key. Services used from the browser must accept this origin (CORS) and unsigned calls,
 * or sit behind the organisation's signing proxy.
 */
export async function callService(
  service: CdsService,
  request: CdsHookRequest,
  options: CallOptions = {},
): Promise<PromptCard[]> {
  const url = servicesUrl(service.base, service.id);
  const body = await requestJson(url, {
    method: 'POST',
    body: request,
    timeoutMs: options.timeoutMs ?? 1000,
    signal: options.signal,
    fetchImpl: options.fetchImpl,
  });
  if (!isObject(body) || !Array.isArray(body.cards)) {
    throw new CdsError('malformed', url, `${url} did not answer with a CDS Hooks response (no cards array)`);
  }
  const { cards, dropped } = validateCards(body.cards as unknown[]);
  if (dropped.length) options.onDropped?.(service, dropped);
  return cards.map((card) => ({
    card,
    origin: { kind: 'remote', source: service.id, serviceBase: service.base },
  }));
}
