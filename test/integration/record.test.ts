import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Resource } from '@medplum/fhirtypes';
import { generateDataset } from '../../mocks/data';
import { fetchRequester } from '../../src/fhir/requester';
import { queriesFor } from '../../src/fhir/requirement-queries';
import { fetchRecord } from '../../src/prompts/record';
import { packDataRequirements } from '../../src/rules/engine/data-requirements';
import { starterPack } from '../../src/rules/packs/starter/index';
import { startRealFhirServer, type RealFhirServer } from './real-fhir-server';

/**
 * The rules' searches against a FHIR server the project did not write (Medplum, no shims): with every
 * search value percent-encoded (`http%3A%2F%2Floinc.org%7C4548-4`), the server still reads
 * `system|code` and returns the patient's coded observations, exactly those of the dataset.
 */
const dataset = generateDataset();
const now = new Date(dataset.now);
let server: RealFhirServer;

describe('the record the rules need, from a real FHIR server (Medplum, no shims)', () => {
  before(async () => {
    server = await startRealFhirServer(dataset.resources as Resource[], { shims: false });
  });
  after(() => server.stop());

  it('reads percent-encoded coded searches as system|code', async () => {
    const request = fetchRequester(server.baseUrl);
    const codes = new Set(
      packDataRequirements(starterPack)
        .filter((r) => r.resourceType === 'Observation')
        .flatMap((r) => r.codeFilter?.codes ?? [])
        .map((c) => `${c.system}|${c.code}`),
    );
    const coded = dataset.patients.filter((p) =>
      dataset.resources.some(
        (r) =>
          r.resourceType === 'Observation' &&
          (r as { subject?: { reference?: string } }).subject?.reference === `Patient/${p.id}` &&
          ((r as { code?: { coding?: { system?: string; code?: string }[] } }).code?.coding ?? []).some((c) =>
            codes.has(`${c.system}|${c.code}`),
          ),
      ),
    );
    assert.ok(coded.length >= 10, 'the dataset has patients with coded labs');
    for (const patient of coded.slice(0, 10)) {
      const record = await fetchRecord(
        request,
        queriesFor(packDataRequirements(starterPack), patient.id, now),
        patient.id,
      );
      assert.ok('resources' in record, `${patient.id}: ${JSON.stringify(record).slice(0, 300)}`);
      assert.ok(
        record.resources.some((r) => r.resourceType === 'Observation'),
        `${patient.id}: no observation came back`,
      );
      assert.ok(record.resources.some((r) => r.resourceType === 'Patient' && r.id === patient.id));
    }
  });
});
