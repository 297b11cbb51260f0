import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { CDS_SIM_BASE, CDS_SIM_SERVICE_ID } from '../../../mocks/cds/options';
import { discoverServices } from '../../../src/cds/discovery';
import { CdsError } from '../../../src/cds/errors';
import { serveCds, state, timed } from './helpers';

const server = setupServer();

async function rejection(promise: Promise<unknown>): Promise<CdsError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof CdsError, `expected a CdsError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

describe('CDS Hooks discovery', () => {
  before(() => server.listen({ onUnhandledRequest: 'error' }));
  after(() => server.close());
  beforeEach(() => serveCds(server));

  it('lists the patient-view services with their prefetch templates, ignoring other hooks', async () => {
    const services = await discoverServices(`${CDS_SIM_BASE}/`);
    assert.deepEqual(services, [
      {
        base: CDS_SIM_BASE,
        id: CDS_SIM_SERVICE_ID,
        hook: 'patient-view',
        title: 'Influenza vaccination reminder',
        description: 'Suggests a seasonal influenza vaccine when none is recorded (simulated).',
        prefetch: {
          patient: 'Patient/{{context.patientId}}',
          immunizations: 'Immunization?patient={{context.patientId}}&_sort=-date',
        },
      },
    ]);
  });

  it('skips entries without id or description and prefetch values that are not strings', async () => {
    server.use(
      http.get(`${CDS_SIM_BASE}/cds-services`, () =>
        HttpResponse.json({
          services: [
            { hook: 'patient-view', description: 'no id' },
            { hook: 'patient-view', id: 'no-description' },
            {
              hook: 'patient-view',
              id: 'ok',
              description: '',
              prefetch: { a: 1, b: 'Patient/{{context.patientId}}' },
            },
          ],
        }),
      ),
    );
    const services = await discoverServices(CDS_SIM_BASE);
    assert.deepEqual(
      services.map((s) => [s.id, s.prefetch]),
      [['ok', { b: 'Patient/{{context.patientId}}' }]],
    );
  });

  it('rejects a body that is not JSON as malformed', async () => {
    state.flags = { discoveryFailure: 'malformed' };
    assert.equal((await rejection(discoverServices(CDS_SIM_BASE))).kind, 'malformed');
  });

  it('rejects JSON without a services array as malformed', async () => {
    server.use(http.get(`${CDS_SIM_BASE}/cds-services`, () => HttpResponse.json({ service: [] })));
    assert.equal((await rejection(discoverServices(CDS_SIM_BASE))).kind, 'malformed');
  });

  it('rejects a 500 as an http error with the status', async () => {
    state.flags = { discoveryFailure: 'error-500' };
    const error = await rejection(discoverServices(CDS_SIM_BASE));
    assert.equal(error.kind, 'http');
    assert.equal(error.status, 500);
  });

  it('gives up on a hanging provider at the timeout', async () => {
    state.flags = { discoveryFailure: 'hang' };
    const { ms, value } = await timed(() => rejection(discoverServices(CDS_SIM_BASE, undefined, 200)));
    assert.equal(value.kind, 'timeout');
    assert.ok(ms >= 190 && ms < 200 + 250, `took ${ms} ms`);
  });

  it('uses the fetch it is given', async () => {
    const seen: string[] = [];
    const services = await discoverServices('https://elsewhere.example', async (url) => {
      seen.push(url);
      return Response.json({ services: [] });
    });
    assert.deepEqual(services, []);
    assert.deepEqual(seen, ['https://elsewhere.example/cds-services']);
  });
});
