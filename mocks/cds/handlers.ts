import type { Patient } from '@medplum/fhirtypes';
import { HttpResponse, delay, http, type HttpHandler } from 'msw';
import { fluCard, hostileCards, invalidCards } from './cards';
import { CDS_SIM_BASE, CDS_SIM_SERVICE_ID, type CdsMockOptions } from './options';

/** What the simulated provider received, for tests to inspect. */
export interface CdsMockLog {
  /** Bodies POSTed to the service. */
  calls: unknown[];
  /** Bodies POSTed to its feedback endpoint. */
  feedback: unknown[];
}

const ROOT = `${CDS_SIM_BASE}/cds-services`;

/**
 * A CDS Hooks 2.0 provider with one `patient-view` service that suggests influenza vaccination, and a
 * feedback endpoint that records what it receives. Without the patient in prefetch (and without FHIR
 * access) it answers 412, as the spec asks. Flags make it hang, fail, or answer malformed or hostile cards.
 */
export function createMockCds(options: CdsMockOptions): { handlers: HttpHandler[]; log: CdsMockLog } {
  const log: CdsMockLog = { calls: [], feedback: [] };
  const handlers = [
    http.get(ROOT, async ({ request }) => {
      const flags = options.flags();
      await wait(flags.latencyMs, request);
      const failure = flags.discoveryFailure;
      if (failure === 'hang') return hang(request);
      if (failure === 'error-500') return HttpResponse.json({ error: 'simulated' }, { status: 500 });
      if (failure === 'malformed') return malformed();
      return HttpResponse.json({
        services: [
          {
            hook: 'patient-view',
            id: CDS_SIM_SERVICE_ID,
            title: 'Influenza vaccination reminder',
            description: 'Suggests a seasonal influenza vaccine when none is recorded (simulated).',
            prefetch: {
              patient: 'Patient/{{context.patientId}}',
              immunizations: 'Immunization?patient={{context.patientId}}&_sort=-date',
            },
          },
          { hook: 'order-sign', id: 'order-checker', description: 'Not for patient-view: ignored.' },
        ],
      });
    }),
    http.post(`${ROOT}/:id`, async ({ request, params }) => {
      const flags = options.flags();
      await wait(flags.latencyMs, request);
      if (params.id !== CDS_SIM_SERVICE_ID)
        return HttpResponse.json({ error: 'unknown service' }, { status: 404 });
      const body = await readJson(request);
      log.calls.push(body);
      const failure = flags.failure;
      if (failure === 'hang') return hang(request);
      if (failure === 'error-500') return HttpResponse.json({ error: 'simulated' }, { status: 500 });
      if (failure === 'malformed') return malformed();
      if (failure === 'wrong-shape') return HttpResponse.json({ card: 'not an array' });
      const context = isRecord(body) && isRecord(body.context) ? body.context : {};
      const prefetch = isRecord(body) && isRecord(body.prefetch) ? body.prefetch : {};
      const patientId = typeof context.patientId === 'string' ? context.patientId : undefined;
      const patient = isRecord(prefetch.patient) ? (prefetch.patient as unknown as Patient) : undefined;
      const canFetch =
        isRecord(body) && typeof body.fhirServer === 'string' && isRecord(body.fhirAuthorization);
      if (!patientId) return HttpResponse.json({ error: 'context.patientId is required' }, { status: 400 });
      if (!patient && !canFetch)
        return HttpResponse.json({ error: 'patient not prefetched' }, { status: 412 });
      const listed = options.patients?.();
      const cards = !listed || listed.includes(patientId) ? [fluCard(patient, patientId)] : [];
      if (failure === 'hostile') cards.push(...hostileCards());
      return HttpResponse.json({
        cards: failure === 'invalid-cards' ? [...cards, ...invalidCards()] : cards,
      });
    }),
    http.post(`${ROOT}/:id/feedback`, async ({ request, params }) => {
      const flags = options.flags();
      await wait(flags.latencyMs, request);
      if (params.id !== CDS_SIM_SERVICE_ID)
        return HttpResponse.json({ error: 'unknown service' }, { status: 404 });
      if (flags.feedbackFailure) return HttpResponse.json({ error: 'simulated' }, { status: 500 });
      log.feedback.push(await readJson(request));
      return new HttpResponse(null, { status: 200 });
    }),
  ];
  return { handlers, log };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readJson(request: Request): Promise<unknown> {
  try {
    return (await request.json()) as unknown;
  } catch {
    return undefined;
  }
}

async function wait(ms: number | undefined, request: Request): Promise<void> {
  if (ms && !request.signal.aborted) await Promise.race([delay(ms), aborted(request)]);
}

/** Answers only when the client gives up; no timer, so a test process can still exit. */
async function hang(request: Request): Promise<Response> {
  await aborted(request);
  return HttpResponse.error();
}

function aborted(request: Request): Promise<void> {
  return new Promise((resolve) => {
    if (request.signal.aborted) resolve();
    else request.signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

function malformed(): Response {
  return new HttpResponse('{"cards": [ {"summary": ', {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
  });
}
