/*
 * The record the rules see: only the launched patient's resources, each once, and the same record
 * through a proxy that collapses `//` anywhere in a URL (as the SMART reference launcher's does).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setupServer } from 'msw/node';
import type { Resource } from '@medplum/fhirtypes';
import { createMockEhr } from '../../../mocks/handlers';
import { generateDataset } from '../../../mocks/data/index';
import { SIM_ISS, encodeHandle, type SimToken } from '../../../mocks/sim-constants';
import { createRequester, type FhirRequester } from '../../../src/fhir/requester';
import { queriesFor } from '../../../src/fhir/requirement-queries';
import { belongsTo, fetchRecord } from '../../../src/prompts/record';
import { packDataRequirements } from '../../../src/rules/engine/data-requirements';
import { starterPack } from '../../../src/rules/packs/starter/index';

const obs = (id: string, subject?: string): Resource =>
  ({ resourceType: 'Observation', id, ...(subject ? { subject: { reference: subject } } : {}) }) as Resource;

describe('belongsTo: only the launched patient’s resources reach the rules', () => {
  it('keeps the patient, their resources (relative or absolute references) and what is outside the compartment', () => {
    assert.ok(belongsTo({ resourceType: 'Patient', id: 'p-1' }, 'p-1'));
    assert.ok(belongsTo(obs('a', 'Patient/p-1'), 'p-1'));
    assert.ok(belongsTo(obs('b', 'https://ehr.example.org/fhir/Patient/p-1'), 'p-1'));
    assert.ok(belongsTo({ resourceType: 'Medication', id: 'm' }, 'p-1'));
  });

  it('leaves out another patient, and compartment resources that name nobody', () => {
    assert.ok(!belongsTo({ resourceType: 'Patient', id: 'p-2' }, 'p-1'));
    assert.ok(!belongsTo(obs('c', 'Patient/p-2'), 'p-1'));
    assert.ok(!belongsTo(obs('d'), 'p-1'));
    assert.ok(
      !belongsTo(
        { resourceType: 'Condition', id: 'e', subject: { reference: 'Group/g' } } as Resource,
        'p-1',
      ),
    );
  });

  it('fetchRecord drops what is not the patient’s and keeps each resource once across searches', async () => {
    const answers: Record<string, Resource[]> = {
      q1: [obs('a', 'Patient/p-1'), obs('x', 'Patient/p-2')],
      q2: [obs('a', 'Patient/p-1'), { resourceType: 'Patient', id: 'p-1' }],
    };
    const request: FhirRequester = async (path) => ({
      resourceType: 'Bundle',
      type: 'searchset',
      entry: (answers[path] ?? []).map((resource) => ({ resource })),
    });
    const warnings: unknown[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
    try {
      const record = await fetchRecord(request, ['q1', 'q2'], 'p-1');
      assert.ok('resources' in record);
      assert.deepEqual(record.resources.map((r) => `${r.resourceType}/${r.id}`).sort(), [
        'Observation/a',
        'Patient/p-1',
      ]);
      assert.match(String(warnings[0]), /1 resource\(s\) not of the launched patient/);
    } finally {
      console.warn = warn;
    }
  });
});

describe('the record through a proxy that collapses // in the whole URL', () => {
  const server = setupServer();
  const dataset = generateDataset();
  const patient = dataset.patients.find((p) => p.scenarios.some((s) => s.startsWith('hba1c:trigger')));
  const now = new Date(dataset.now);
  const token = (patientId: string) =>
    encodeHandle({
      kind: 'access',
      scope: 'patient/*.rs',
      exp: Date.now() + 600_000,
      generation: 1,
      launch: { patient: patientId, practitioner: 'pr-001', error: 'none', needPatientBanner: false },
    } satisfies SimToken);
  /** The reference launcher's proxy: every `//` after the scheme becomes `/`, query included. */
  const collapsing: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const [scheme, rest = ''] = url.split('://', 2);
    return fetch(`${scheme}://${rest.replace(/\/{2,}/g, '/')}`, init);
  };

  before(async () => {
    const mock = await createMockEhr(dataset.resources, {
      authorizeUrl: 'https://a/x.html',
      now: Date.now,
      flags: () => ({}),
    });
    server.listen({ onUnhandledRequest: 'error' });
    server.resetHandlers(...mock.handlers);
  });
  after(() => server.close());

  async function recordVia(viaProxy: boolean, queries: string[]) {
    assert.ok(patient);
    const accessToken = token(patient.id);
    const request = createRequester({
      baseUrl: SIM_ISS,
      accessToken: () => accessToken,
      ...(viaProxy ? { fetch: collapsing } : {}),
    });
    const record = await fetchRecord(request, queries, patient.id);
    assert.ok('resources' in record, JSON.stringify(record));
    return record.resources.map((r) => `${r.resourceType}/${r.id}`).sort();
  }

  it('fetches the same record the rules need with and without the proxy', async () => {
    assert.ok(patient);
    const queries = queriesFor(packDataRequirements(starterPack), patient.id, now);
    const direct = await recordVia(false, queries);
    assert.ok(
      direct.some((k) => k.startsWith('Observation/')),
      'the HbA1c patient has coded observations',
    );
    assert.deepEqual(await recordVia(true, queries), direct);
  });

  it('would have lost every coded observation with the values written out (the failure this guards)', async () => {
    assert.ok(patient);
    // The HbA1c search the rules make, with its values written out raw as the app used to.
    const codes = packDataRequirements(starterPack)
      .filter((r) => r.resourceType === 'Observation')
      .flatMap((r) => r.codeFilter?.codes ?? [])
      .map((c) => `${c.system}|${c.code}`);
    const hba1c = `Observation?patient=${patient.id}&code=${codes.join(',')}&_count=200`;
    assert.ok((await recordVia(false, [hba1c])).length > 0);
    assert.deepEqual(await recordVia(true, [hba1c]), []);
  });
});
