import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../../tools/temp-dir';
import { exportJWK, generateKeyPair } from 'jose';
import { backendAuth, discoverTokenUrl } from '../../../src/analytics/bulk/auth';
import { exportAuditEvents, ExportError } from '../../../src/analytics/bulk/export';
import { toAuditEvent } from '../../../src/telemetry/audit-event';
import type { LoopEvent } from '../../../src/telemetry/event';
import { startMockBulk, type Answer } from './tools/mock-bulk';

const { publicKey, privateKey } = await generateKeyPair('RS384', { extractable: true });
const jwk = JSON.stringify({ ...(await exportJWK(privateKey)), alg: 'RS384', kid: 'k1' });
const fixture = fileURLToPath(new URL('./fixtures/small.ndjson', import.meta.url));
const events = (await readFile(fixture, 'utf8'))
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as LoopEvent);
const ndjson = events.map((e) => JSON.stringify(toAuditEvent(e))).join('\n') + '\n';
const outcome = (text: string) => ({
  resourceType: 'OperationOutcome',
  issue: [{ severity: 'error', code: 'exception', diagnostics: text }],
});
const manifest = (base: string, extra: object = {}): Answer => ({
  status: 200,
  body: {
    transactionTime: '2026-03-01T00:00:00Z',
    requiresAccessToken: true,
    output: [{ type: 'AuditEvent', url: `${base}/files/audit.ndjson` }],
    error: [],
    ...extra,
  },
});

async function setUp(status: (base: string) => Answer[], expired?: Set<string>) {
  const server = await startMockBulk({
    publicKey,
    clientId: 'analytics',
    status,
    files: {
      'audit.ndjson': ndjson,
      'errors.ndjson': `${JSON.stringify(outcome('Location/ward-9 could not be read'))}\n`,
    },
    ...(expired ? { expired } : {}),
  });
  const dir = await tempDir('bulk-');
  const delays: number[] = [];
  const auth = backendAuth({
    tokenUrl: await discoverTokenUrl(server.fhir),
    clientId: 'analytics',
    privateKey: jwk,
    kid: 'k1',
  });
  const run = () => exportAuditEvents(server.fhir, { dir, auth, sleep: async (ms) => void delays.push(ms) });
  return { server, dir, delays, run };
}

describe('Bulk Data export of AuditEvents', () => {
  it('kicks off, waits as told (429 and 202 with Retry-After), re-authorizes once on an expired token, downloads', async () => {
    const { server, delays, run } = await setUp(
      (base) => [
        { status: 429, headers: { 'retry-after': '3' } },
        { status: 202, headers: { 'retry-after': '2', 'x-progress': 'half' } },
        manifest(base),
      ],
      new Set(['token-1']),
    );
    try {
      const result = await run();
      assert.deepEqual(delays, [3000, 2000]);
      assert.equal(result.files.length, 1);
      assert.equal(await readFile(result.files[0] ?? '', 'utf8'), ndjson);
      assert.deepEqual(result.errors, []);
      // token-1 served the kick-off and the polls (cached), was refused at the download, token-2 took over.
      assert.equal(server.tokensIssued(), 2);
      const kickoff = server.log.find((l) => l.path.startsWith('/fhir/$export'));
      assert.equal(kickoff?.path, '/fhir/$export?_type=AuditEvent');
      assert.deepEqual(
        server.log.filter((l) => l.path === '/files/audit.ndjson').map((l) => l.auth),
        ['Bearer token-1', 'Bearer token-2'],
      );
    } finally {
      await server.close();
    }
  });

  it('exports the resource types asked for, each to its own file, and only those', async () => {
    const patients = `${JSON.stringify({ resourceType: 'Patient', id: 'p1' })}\n`;
    const encounters = `${JSON.stringify({ resourceType: 'Encounter', id: 'e1', subject: { reference: 'Patient/p1' } })}\n`;
    const server = await startMockBulk({
      publicKey,
      clientId: 'analytics',
      status: (base) => [
        manifest(base, {
          output: [
            { type: 'Patient', url: `${base}/files/patient.ndjson` },
            { type: 'Encounter', url: `${base}/files/encounter.ndjson` },
            { type: 'AuditEvent', url: `${base}/files/audit.ndjson` },
          ],
        }),
      ],
      files: { 'patient.ndjson': patients, 'encounter.ndjson': encounters, 'audit.ndjson': ndjson },
    });
    const dir = await tempDir('bulk-types-');
    try {
      const auth = backendAuth({
        tokenUrl: await discoverTokenUrl(server.fhir),
        clientId: 'analytics',
        privateKey: jwk,
        kid: 'k1',
      });
      const result = await exportAuditEvents(server.fhir, { dir, auth, types: ['Patient', 'Encounter'] });
      const kickoff = server.log.find((l) => l.path.startsWith('/fhir/$export'));
      assert.equal(new URL(kickoff?.path ?? '', server.base).searchParams.get('_type'), 'Patient,Encounter');
      assert.deepEqual(
        result.files.map((f) => f.slice(dir.length + 1)),
        ['Patient-1.ndjson', 'Encounter-2.ndjson'],
      );
      assert.equal(await readFile(result.files[1] ?? '', 'utf8'), encounters);
    } finally {
      await server.close();
    }
  });

  it('reports a failed job with the OperationOutcome the server gave', async () => {
    const { server, run } = await setUp(() => [
      { status: 500, body: outcome('the export job ran out of disk') },
    ]);
    try {
      await assert.rejects(
        run(),
        (error: unknown) => error instanceof ExportError && /ran out of disk/.test(error.message),
      );
    } finally {
      await server.close();
    }
  });

  it('keeps the files of a partial manifest and reports its errors', async () => {
    const { server, run } = await setUp((base) => [
      manifest(base, { error: [{ type: 'OperationOutcome', url: `${base}/files/errors.ndjson` }] }),
    ]);
    try {
      const result = await run();
      assert.equal(result.files.length, 1);
      assert.deepEqual(result.errors, ['error: Location/ward-9 could not be read']);
    } finally {
      await server.close();
    }
  });

  it('refuses a client whose assertion is signed by another key', async () => {
    const server = await startMockBulk({ publicKey, clientId: 'analytics', status: () => [], files: {} });
    const other = await generateKeyPair('RS384', { extractable: true });
    const auth = backendAuth({
      tokenUrl: `${server.base}/token`,
      clientId: 'analytics',
      privateKey: JSON.stringify(await exportJWK(other.privateKey)),
    });
    try {
      await assert.rejects(auth.token(), /refused the client \(401: invalid_client/);
    } finally {
      await server.close();
    }
  });

  it('runs end to end from the command line: export, metrics, exit 3 for a partial export', async () => {
    const server = await startMockBulk({
      publicKey,
      clientId: 'analytics',
      status: (base) => [
        { status: 202, headers: { 'retry-after': '1' } },
        manifest(base, { error: [{ type: 'OperationOutcome', url: `${base}/files/errors.ndjson` }] }),
      ],
      files: { 'audit.ndjson': ndjson, 'errors.ndjson': `${JSON.stringify(outcome('one page failed'))}\n` },
    });
    const dir = await tempDir('bulk-cli-');
    const key = join(dir, 'key.jwk');
    await writeFile(key, jwk);
    try {
      const cli = fileURLToPath(new URL('../../../src/analytics/cli.ts', import.meta.url));
      const args = [
        '--import',
        'tsx',
        cli,
        server.fhir,
        '--client-id',
        'analytics',
        '--private-key',
        key,
        '--kid',
        'k1',
        '--out',
        join(dir, 'out'),
        '--min-n',
        '1',
      ];
      const child = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
        execFile(process.execPath, args, { encoding: 'utf8' }, (error, _stdout, stderr) =>
          resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr }),
        );
      });
      assert.equal(child.status, 3, child.stderr);
      assert.match(String(child.stderr), /export error: error: one page failed/);
      const acceptance = JSON.parse(await readFile(join(dir, 'out', 'acceptance.json'), 'utf8')) as {
        numerator: number;
        denominator: number;
      }[];
      assert.deepEqual([acceptance[0]?.numerator, acceptance[0]?.denominator], [2, 7]);
    } finally {
      await server.close();
    }
  });
});
