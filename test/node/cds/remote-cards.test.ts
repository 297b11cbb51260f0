import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import type { CdsMockLog } from '../../../mocks/cds/handlers';
import { CDS_SIM_BASE, CDS_SIM_SERVICE_ID } from '../../../mocks/cds/options';
import { fetchRemoteCards } from '../../../src/cds/remote-cards';
import type { CdsService } from '../../../src/cds/types';
import { available, context, serveCds, state, timed } from './helpers';

const server = setupServer();
const OTHER = 'https://other.sim.invalid';
let log: CdsMockLog;

/** A second provider whose one service hangs forever (until aborted). */
function hangingProvider() {
  server.use(
    http.get(`${OTHER}/cds-services`, () =>
      HttpResponse.json({ services: [{ hook: 'patient-view', id: 'slow', description: 'hangs' }] }),
    ),
    http.post(
      `${OTHER}/cds-services/slow`,
      ({ request }) =>
        new Promise<Response>((resolve) => {
          request.signal.addEventListener('abort', () => resolve(HttpResponse.error()), { once: true });
        }),
    ),
  );
}

describe('fetchRemoteCards', () => {
  before(() => server.listen({ onUnhandledRequest: 'error' }));
  after(() => server.close());
  beforeEach(() => {
    log = serveCds(server);
  });

  it('discovers and calls each configured provider', async () => {
    const result = await fetchRemoteCards({ services: [{ base: CDS_SIM_BASE }] }, context, available);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.cards.map((c) => [c.card.summary, c.origin.source]),
      [['Consider influenza vaccination', CDS_SIM_SERVICE_ID]],
    );
    assert.equal(log.calls.length, 1, 'the order-sign service is not called');
  });

  it('resolves within the budget when a service hangs, with the others’ cards and an error entry', async () => {
    hangingProvider();
    const { ms, value } = await timed(() =>
      fetchRemoteCards({ services: [{ base: OTHER }, { base: CDS_SIM_BASE }] }, context, available, {
        timeoutMs: 300,
      }),
    );
    assert.ok(ms < 300 + 250, `took ${ms} ms`);
    assert.equal(value.cards.length, 1);
    assert.deepEqual(
      value.errors.map((e) => [e.service, e.base, e.kind]),
      [['slow', OTHER, 'timeout']],
    );
  });

  it('counts discovery against the same budget', async () => {
    state.flags = { discoveryFailure: 'hang' };
    const { ms, value } = await timed(() =>
      fetchRemoteCards({ services: [{ base: CDS_SIM_BASE, timeoutMs: 200 }] }, context, available, {
        timeoutMs: 5000,
      }),
    );
    assert.ok(ms < 200 + 250, `took ${ms} ms`);
    assert.deepEqual(value, {
      cards: [],
      errors: [
        { service: CDS_SIM_BASE, base: CDS_SIM_BASE, kind: 'timeout', message: value.errors[0]?.message },
      ],
    });
  });

  for (const failure of ['error-500', 'malformed', 'wrong-shape'] as const) {
    it(`reports a service answering ${failure} as an error, never a rejection`, async () => {
      state.flags = { failure };
      const result = await fetchRemoteCards({ services: [{ base: CDS_SIM_BASE }] }, context, available);
      assert.deepEqual(result.cards, []);
      assert.equal(result.errors.length, 1);
      assert.equal(result.errors[0]?.kind, failure === 'error-500' ? 'http' : 'malformed');
    });
  }

  it('names a service whose cards fail validation, with how many were left out, never silently', async () => {
    server.use(
      http.get(`${OTHER}/cds-services`, () =>
        HttpResponse.json({ services: [{ hook: 'patient-view', id: 'odd', description: 'odd cards' }] }),
      ),
      http.post(`${OTHER}/cds-services/odd`, () =>
        HttpResponse.json({
          cards: [
            { summary: 'Stop the infusion', indicator: 'urgent', source: { label: 'Odd' } },
            { summary: 'No source', indicator: 'critical' },
            { summary: 'Fine', indicator: 'info', source: { label: 'Odd' } },
          ],
        }),
      ),
    );
    const result = await fetchRemoteCards({ services: [{ base: OTHER }] }, context, available);
    assert.deepEqual(
      result.cards.map((c) => c.card.summary),
      ['Fine'],
    );
    assert.deepEqual(
      result.errors.map((e) => [e.service, e.kind, e.unreadable]),
      [['odd', 'malformed', 2]],
    );
    assert.match(
      result.errors[0]?.message ?? '',
      /^2 card\(s\) left out: indicator "urgent" is not info, warning or critical; no source.label$/,
    );
  });

  it('reports a failed discovery under the base URL', async () => {
    state.flags = { discoveryFailure: 'error-500' };
    const result = await fetchRemoteCards({ services: [{ base: CDS_SIM_BASE }] }, context, available);
    assert.deepEqual(
      result.errors.map((e) => [e.service, e.kind]),
      [[CDS_SIM_BASE, 'http']],
    );
  });

  it('calls only the listed ids and names a listed id the provider does not offer', async () => {
    const result = await fetchRemoteCards(
      { services: [{ base: CDS_SIM_BASE, ids: [CDS_SIM_SERVICE_ID, 'missing'] }] },
      context,
      available,
    );
    assert.equal(result.cards.length, 1);
    assert.deepEqual(
      result.errors.map((e) => e.service),
      ['missing'],
    );
    const none = await fetchRemoteCards({ services: [{ base: CDS_SIM_BASE, ids: [] }] }, context, available);
    assert.deepEqual(none, { cards: [], errors: [] });
  });

  it('sends FHIR access only to a provider that opts in', async () => {
    const fhir = {
      fhirServer: 'https://ehr.sim.invalid/fhir/r4',
      authorization: () => ({
        access_token: 't',
        token_type: 'Bearer' as const,
        expires_in: 60,
        scope: 'patient/*.rs',
        subject: 'learning-loop',
      }),
    };
    await fetchRemoteCards({ services: [{ base: CDS_SIM_BASE }] }, context, available, { fhir });
    await fetchRemoteCards(
      { services: [{ base: CDS_SIM_BASE, shareFhirAuthorization: true }] },
      context,
      available,
      {
        fhir,
      },
    );
    const [plain, shared] = log.calls as Record<string, unknown>[];
    assert.equal(plain && 'fhirServer' in plain, false);
    assert.equal(plain && 'fhirAuthorization' in plain, false);
    assert.equal(shared?.fhirServer, fhir.fhirServer);
    assert.deepEqual(shared?.fhirAuthorization, fhir.authorization());
  });

  it('reuses a cached discovery and retries a failed one', async () => {
    const cache = new Map<string, Promise<CdsService[]>>();
    let discoveries = 0;
    server.events.on('request:start', ({ request }) => {
      if (request.method === 'GET') discoveries += 1;
    });
    state.flags = { discoveryFailure: 'error-500' };
    await fetchRemoteCards({ services: [{ base: CDS_SIM_BASE }] }, context, available, {
      discoveryCache: cache,
    });
    state.flags = {};
    await fetchRemoteCards({ services: [{ base: CDS_SIM_BASE }] }, context, available, {
      discoveryCache: cache,
    });
    const third = await fetchRemoteCards({ services: [{ base: CDS_SIM_BASE }] }, context, available, {
      discoveryCache: cache,
    });
    server.events.removeAllListeners();
    assert.equal(discoveries, 2);
    assert.equal(third.cards.length, 1);
  });
});
