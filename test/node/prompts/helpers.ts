/*
 * The prompts model's test bench: the mock EHR over msw (five observations of patient p-1 on top of a
 * small hospital), a requester with a token for it, cards of a local rule, a runner that records what
 * it was given, and the launch an evaluation starts from.
 */
import { after, before, beforeEach } from 'node:test';
import { setupServer } from 'msw/node';
import type { Resource } from '@medplum/fhirtypes';
import { createMockEhr } from '../../../mocks/handlers';
import type { FhirStore } from '../../../mocks/fhir/store';
import { SIM_ISS, encodeHandle, type SimToken } from '../../../mocks/sim-constants';
import { fetchRequester } from '../../../src/fhir/requester';
import type { Indicator, PromptCard } from '../../../src/cds/cards';
import type { PromptsInput } from '../../../src/prompts/prompts-model';
import type { Placement, RulesRunner } from '../../../src/rules/worker-protocol';
import { orderSuggestion, prompt } from '../../factories/cards';
import { hospital } from '../../factories/fhir';

export const server = setupServer();
export const ehr: { store?: FhirStore } = {};
export const now = new Date('2026-06-14T12:00:00Z');
export const token = encodeHandle({
  kind: 'access',
  scope: 'patient/*.rs patient/ServiceRequest.c patient/MedicationRequest.c',
  exp: Date.now() + 600_000,
  generation: 1,
  launch: { patient: 'p-1', practitioner: 'pr-1', error: 'none', needPatientBanner: false },
} satisfies SimToken);
export const request = fetchRequester(SIM_ISS, token);

/** A requester with a token launched for another patient (the same clinician). */
export const requestFor = (patient: string) =>
  fetchRequester(
    SIM_ISS,
    encodeHandle({
      kind: 'access',
      scope: 'patient/*.rs patient/ServiceRequest.c patient/MedicationRequest.c',
      exp: Date.now() + 600_000,
      generation: 1,
      launch: { patient, practitioner: 'pr-1', error: 'none', needPatientBanner: false },
    } satisfies SimToken),
  );

/** A card of a local rule whose one suggestion drafts an HbA1c test order. */
export const ruleCard = (uuid: string, indicator: Indicator): PromptCard =>
  prompt(
    {
      uuid,
      summary: `Card ${uuid}`,
      detail: `Why card ${uuid} shows.`,
      indicator,
      source: { label: 'Test guideline' },
      suggestions: [
        orderSuggestion(`${uuid}-s1`, 'Order HbA1c', {
          resourceType: 'ServiceRequest',
          status: 'draft',
          intent: 'order',
          code: { text: 'HbA1c test' },
          subject: { reference: 'Patient/p-1' },
        } as Resource),
      ],
    },
    { source: 'test', rule: { url: `https://example.org/rule/${uuid}`, version: '1' } },
  );

/** No unit, no encounter. */
export const nowhere: Promise<Placement> = Promise.resolve({});

/** What the launch gives an evaluation: this patient, this clinician, no unit, no role known. */
export const launch = (overrides: Partial<PromptsInput> = {}): PromptsInput => ({
  request,
  scope: SIM_ISS,
  patientId: 'p-1',
  practitioner: 'Practitioner/pr-1',
  roles: Promise.resolve(undefined),
  now,
  placement: nowhere,
  ...overrides,
});

/** A runner that records what it was given and returns fixed cards. */
export function fakeRunner(cards: PromptCard[]): RulesRunner & { seen: Resource[]; placement?: Placement } {
  const runner: RulesRunner & { seen: Resource[]; placement?: Placement } = {
    seen: [] as Resource[],
    queries: (patientId: string) => [
      `Observation?patient=${patientId}&_count=2`,
      `Condition?patient=${patientId}`,
    ],
    run: async (_patientId: string, resources: Resource[], _now: Date, placement: Placement) => {
      runner.seen = resources;
      runner.placement = placement;
      return { cards, errors: [{ rule: 'Broken rule', message: 'boom' }] };
    },
  };
  return runner;
}

/** Starts the mock EHR for the tests of the calling file, fresh before each test. */
export function useMockEhr(): void {
  before(() => server.listen({ onUnhandledRequest: 'error' }));
  after(() => server.close());
  beforeEach(async () => {
    const observations = Array.from({ length: 5 }, (_, i) => ({
      resourceType: 'Observation',
      id: `o-${i}`,
      status: 'final',
      code: { text: 'x' },
      subject: { reference: 'Patient/p-1' },
    })) as Resource[];
    const mock = await createMockEhr([...hospital(), ...observations], {
      authorizeUrl: 'https://a/x.html',
      now: Date.now,
      flags: () => ({}),
    });
    ehr.store = mock.store;
    server.resetHandlers(...mock.handlers);
  });
}

/** The mock EHR's store (set once `useMockEhr()` ran a test's setup). */
export function storeOf(): FhirStore {
  if (!ehr.store) throw new Error('useMockEhr() has not run');
  return ehr.store;
}
