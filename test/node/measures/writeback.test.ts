/*
 * Write-back against the project's real FHIR server tier: Medplum's FhirRouter over its MemoryRepository
 * (test/integration/real-fhir-server.ts, reused read-only), behind a Node http server on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Bundle, MeasureReport } from '@medplum/fhirtypes';
import { runBatch } from '../../../src/measures/batch';
import type { BatchOutput } from '../../../src/measures/batch';
import { parsePeriod } from '../../../src/measures/period';
import { REPORT_IDENTIFIER_SYSTEM } from '../../../src/measures/reports';
import { planChanges, postTransaction, transaction } from '../../../src/measures/writeback';
import { startRealFhirServer } from '../../integration/real-fhir-server';
import type { RealFhirServer } from '../../integration/real-fhir-server';
import { population } from './factories';
import { handWorkedPatients } from './hand-worked';

let server: RealFhirServer;
let out: BatchOutput;

before(async () => {
  server = await startRealFhirServer([]);
  out = await runBatch(population(handWorkedPatients()), {
    period: parsePeriod('2026-01'),
    date: '2026-02-01T06:00:00Z',
    threads: 1,
  });
});

after(() => server.stop());

async function countReports(): Promise<number> {
  const res = await fetch(`${server.baseUrl}/MeasureReport?_count=1000`);
  const bundle = (await res.json()) as Bundle<MeasureReport>;
  return bundle.entry?.length ?? 0;
}

test('the first run creates every report; a rerun of the same period creates nothing new', async () => {
  const resources = [...out.groups, ...out.reports];
  const first = await postTransaction(server.baseUrl, transaction(resources));
  assert.deepEqual(first.failed, []);
  // Every report is created; Medplum answers 200, not 201, to a PUT that creates a Group by id.
  assert.ok(first.created >= out.reports.length, `created ${first.created}`);
  assert.equal(first.created + first.updated, resources.length);
  assert.equal(await countReports(), out.reports.length);

  const again = await postTransaction(server.baseUrl, transaction(resources));
  assert.deepEqual(again, { created: 0, updated: resources.length, failed: [] });
  assert.equal(await countReports(), out.reports.length);
});

test('a dry run says what would change and writes nothing', async () => {
  const report = out.reports.find((r) => r.type === 'summary') as MeasureReport;
  const changed: MeasureReport = {
    ...report,
    group: [
      { ...report.group?.[0], population: report.group?.[0]?.population?.map((p) => ({ ...p, count: 99 })) },
    ],
  };
  const fresh: MeasureReport = {
    ...report,
    identifier: [
      { system: REPORT_IDENTIFIER_SYSTEM, value: 'vte-prophylaxis:summary:Location/ward-z:2026-01' },
    ],
  };
  const before = server.requests.length;
  const plan = await planChanges(server.baseUrl, [report, changed, fresh, ...out.groups]);
  assert.deepEqual(
    plan.map((p) => p.action),
    ['unchanged', 'update', 'create', ...out.groups.map(() => 'unchanged')],
  );
  assert.deepEqual(
    server.requests.slice(before).map((r) => r.split(' ')[0]),
    ['POST'],
    'one batch request',
  );
  assert.equal(await countReports(), out.reports.length);
});
