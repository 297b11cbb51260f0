/*
 * A FHIR base URL as input: `npm run measures -- --fhir URL` exports the measures' types through the
 * analytics' Bulk client (tested against the analytics' mock $export server, used read-only here) and
 * gives the reports of the same population read from files.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Bundle, MeasureReport, Medication, MedicationRequest, Resource } from '@medplum/fhirtypes';
import { exportJWK, generateKeyPair } from 'jose';
import { main } from '../../../src/measures/cli';
import { EXPORT_TYPES } from '../../../src/measures/bulk-input';
import { startMockBulk } from '../analytics/tools/mock-bulk';
import { CODE, RXNORM, directory } from './factories';
import { handWorkedPatients } from './hand-worked';

const dir = mkdtempSync(join(tmpdir(), 'measures-bulk-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The order pointing at the formulary's enoxaparin instead of carrying its code. */
function formulary(order: MedicationRequest): MedicationRequest {
  const pointing: MedicationRequest = { ...order, medicationReference: { reference: 'Medication/enox-40' } };
  delete pointing.medicationCodeableConcept;
  return pointing;
}

/** The hand-worked population as the server's NDJSON per type; p1's order points at a formulary entry. */
function exportFiles(): Record<string, string> {
  const d = directory();
  const medication: Medication = {
    resourceType: 'Medication',
    id: 'enox-40',
    code: { coding: [{ system: RXNORM, code: CODE.enoxaparin40 }] },
  };
  const records: Resource[] = handWorkedPatients().flatMap((b: Bundle) =>
    (b.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : [])),
  );
  const resources: Resource[] = [
    ...records.map((r) => (r.resourceType === 'MedicationRequest' && r.id === 'm1' ? formulary(r) : r)),
    ...d.practitioners.values(),
    ...d.roles,
    ...d.locations.values(),
    medication,
  ];
  const files: Record<string, string> = {};
  for (const r of resources)
    files[`${r.resourceType}.ndjson`] = `${files[`${r.resourceType}.ndjson`] ?? ''}${JSON.stringify(r)}\n`;
  return files;
}

test('--fhir URL: a Bulk export of the measures types, with Backend Services auth, gives the hand-worked reports', async () => {
  const { publicKey, privateKey } = await generateKeyPair('RS384', { extractable: true });
  const key = join(dir, 'key.jwk');
  writeFileSync(key, JSON.stringify({ ...(await exportJWK(privateKey)), alg: 'RS384', kid: 'k1' }));
  const files = exportFiles();
  const server = await startMockBulk({
    publicKey,
    clientId: 'measures',
    status: (base) => [
      { status: 202, headers: { 'retry-after': '0' } },
      {
        status: 200,
        body: {
          transactionTime: '2026-02-01T05:00:00Z',
          requiresAccessToken: true,
          output: Object.keys(files).map((name) => ({
            type: name.replace('.ndjson', ''),
            url: `${base}/files/${name}`,
          })),
          error: [],
        },
      },
    ],
    files,
  });
  const out = join(dir, 'tx.json');
  try {
    const code = await main([
      '--period',
      '2026-01',
      '--fhir',
      server.fhir,
      '--client-id',
      'measures',
      '--private-key',
      key,
      '--kid',
      'k1',
      '--out',
      out,
      '--threads',
      '1',
      '--as-of',
      '2026-02-01T06:00:00Z',
    ]);
    assert.equal(code, 0);
    const kickoff = server.log.find((l) => l.path.startsWith('/fhir/$export'));
    assert.deepEqual(new URL(kickoff?.path ?? '', server.base).searchParams.get('_type')?.split(','), [
      ...EXPORT_TYPES,
    ]);
    assert.match(kickoff?.auth ?? '', /^Bearer token-/);
    const tx = JSON.parse(readFileSync(out, 'utf8')) as Bundle;
    const summary = (measure: string, subject: string) => {
      const r = tx.entry?.find((e) => {
        const m = e.resource as MeasureReport | undefined;
        return (
          m?.type === 'summary' && m.measure?.includes(`/${measure}|`) && m.subject?.reference === subject
        );
      })?.resource as MeasureReport | undefined;
      return ['initial-population', 'denominator', 'numerator'].map(
        (c) => r?.group?.[0]?.population?.find((p) => p.code?.coding?.[0]?.code === c)?.count,
      );
    };
    // As the file-based run (batch.test.ts): p1's formulary order still counts for doc-1.
    assert.deepEqual(summary('vte-prophylaxis', 'Practitioner/doc-1'), [2, 2, 2]);
    assert.deepEqual(summary('naloxone-coprescribing', 'Group/peers-doctor'), [2, 2, 1]);
  } finally {
    await server.close();
  }
});

test('--fhir: a server that refuses the client fails the run with exit 1; --client-id alone is a usage error', async () => {
  const { publicKey } = await generateKeyPair('RS384', { extractable: true });
  const other = await generateKeyPair('RS384', { extractable: true });
  const key = join(dir, 'other.jwk');
  writeFileSync(key, JSON.stringify({ ...(await exportJWK(other.privateKey)), alg: 'RS384' }));
  const server = await startMockBulk({ publicKey, clientId: 'measures', status: () => [], files: {} });
  try {
    const args = ['--period', '2026-01', '--fhir', server.fhir, '--out', join(dir, 'none.json')];
    assert.equal(await main([...args, '--client-id', 'measures', '--private-key', key]), 1);
    assert.equal(await main([...args, '--client-id', 'measures']), 2);
    assert.ok(!server.log.some((l) => l.path.startsWith('/fhir/$export')), 'no export without a token');
  } finally {
    await server.close();
  }
});
