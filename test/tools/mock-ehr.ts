/**
 * The mock EHR (the simulator's msw handlers) answering a FeedbackModel without a service worker or a
 * server: each request resolved by msw's `getResponse`, so a drill-down reads real subject-list reports
 * and Patients, as in the simulator. The same in the element tests (Chromium) and the Node tests.
 */
import type { Resource } from '@medplum/fhirtypes';
import { getResponse } from 'msw';
import { createMockEhr } from '../../mocks/handlers';
import { SIM_ISS, encodeHandle, type SimToken } from '../../mocks/sim-constants';
import { createRequester, type FhirRequester } from '../../src/fhir/requester';

/**
 * A requester over a mock EHR seeded with `seed`, signed in as `pr-1`.
 *
 * @example const request = await mockEhrRequester([measure('vte', 'increase'), ...]);
 */
export async function mockEhrRequester(seed: Resource[]): Promise<FhirRequester> {
  const { handlers } = await createMockEhr(seed, {
    authorizeUrl: 'https://a.example/x',
    now: Date.now,
    flags: () => ({}),
  });
  const token: SimToken = {
    kind: 'access',
    scope: 'user/*.rs',
    exp: Date.now() + 600_000,
    generation: 1,
    launch: { patient: 'p-1', practitioner: 'pr-1', error: 'none', needPatientBanner: false },
  };
  const handle = encodeHandle(token);
  return createRequester({
    baseUrl: SIM_ISS,
    accessToken: () => handle,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      return (await getResponse(handlers, request)) ?? new Response('no handler', { status: 599 });
    },
  });
}
