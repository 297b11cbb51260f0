/*
 * The command line: one smoke test runs the command as a user would (a child process: exit code,
 * stdout, stderr); the others call its main() in this process, which is the same code without a Node
 * start-up and a module load per run (this file took 14 s with a child process for each of 7 runs).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { startRealFhirServer } from '../../integration/real-fhir-server';
import { generateEvents } from '../../../src/analytics/generate';
import { namedFetch } from '../../../src/core/errors';
import { main } from '../../../src/measures/cli';
import { directory } from './factories';
import { handWorkedPatients } from './hand-worked';

const CLI = fileURLToPath(new URL('../../../src/measures/cli.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'measures-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/** The hand-worked population as a Bulk export: one NDJSON file per resource type. */
function writeExport(): void {
  const d = directory();
  const all: Resource[] = [
    ...handWorkedPatients().flatMap((b: Bundle) =>
      (b.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : [])),
    ),
    ...d.practitioners.values(),
    ...d.roles,
    ...d.locations.values(),
  ];
  const byType = new Map<string, string[]>();
  for (const r of all) byType.set(r.resourceType, [...(byType.get(r.resourceType) ?? []), JSON.stringify(r)]);
  for (const [type, lines] of byType) writeFileSync(join(dir, `${type}.ndjson`), `${lines.join('\n')}\n`);
  writeFileSync(
    join(dir, 'Observation.ndjson'),
    `${byType.get('Observation')?.join('\n') ?? ''}\n{"resourceType": "Obs`,
  );
}

test('a dry run without a server lists every report it would write; --strict exits 3 on a bad line', () => {
  writeExport();
  const result = run(
    '--period',
    '2026-01',
    '--input',
    dir,
    '--dry-run',
    '--threads',
    '1',
    '--as-of',
    '2026-02-01T06:00:00Z',
    '--strict',
  );
  assert.equal(result.status, 3, result.stderr);
  assert.match(result.stderr, /Observation\.ndjson:5: not JSON/);
  assert.match(result.stderr, /8 of 8 patients active in 2026-01/);
  const lines = result.stdout.trim().split('\n');
  assert.ok(
    lines.includes('write\tvte-prophylaxis:summary:Location/ward-a:2026-01'),
    lines.slice(0, 5).join('\n'),
  );
  assert.ok(lines.includes('write\tGroup/peers-doctor'));
});

test('a dry run prints an id from the data with its control characters escaped', () => {
  writeExport();
  const evil = join(dir, 'evil');
  rmSync(evil, { recursive: true, force: true });
  mkdirSync(evil);
  // The ward's id carries an escape sequence (JSON's \u001b): the plan line names it.
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.ndjson')))
    writeFileSync(
      join(evil, name),
      readFileSync(join(dir, name), 'utf8').replaceAll('ward-a', 'ward-\\u001b[2Ja'),
    );
  const result = run(
    '--period',
    '2026-01',
    '--input',
    evil,
    '--dry-run',
    '--threads',
    '1',
    '--as-of',
    '2026-02-01T06:00:00Z',
  );
  assert.equal(result.status, 0, result.stderr);
  assert.ok(
    result.stdout.includes('write\tvte-prophylaxis:summary:Location/ward-\\x1b[2Ja:2026-01'),
    result.stdout.slice(0, 400),
  );
  assert.ok(!result.stdout.includes('\u001b'), 'no raw escape on stdout');
});

test('usage errors exit 2 and say what is expected; --out writes the transaction', async () => {
  const bad = await runMain('--period', '2026-13', '--input', dir);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /expected a month such as 2026-10/);
  const out = join(dir, 'tx.json');
  const ok = await runMain(
    '--period',
    '2026-01',
    '--input',
    dir,
    '--threads',
    '1',
    '--out',
    out,
    '--measures',
    'hba1c-poor-control',
  );
  assert.equal(ok.status, 0, ok.stderr);
  const tx = JSON.parse(readFileSync(out, 'utf8')) as Bundle;
  assert.equal(tx.type, 'transaction');
  assert.ok(tx.entry?.every((e) => e.request?.method === 'PUT'));
  assert.ok(tx.entry?.some((e) => e.request?.url?.startsWith('MeasureReport?identifier=https%3A%2F%2F')));
});

test('every bad value, missing path or clashing option is a usage error (exit 2) saying which', async () => {
  let configs = 0;
  const config = (value: unknown) => {
    const path = join(dir, `config-${(configs += 1)}.json`);
    writeFileSync(path, JSON.stringify(value));
    return path;
  };
  const base = ['--period', '2026-01', '--input', dir, '--threads', '1'];
  const cases: [string[], RegExp][] = [
    [['--as-of', '2026-02-30'], /--as-of 2026-02-30: a date/],
    [['--as-of', '1'], /--as-of 1: a date/],
    [['--threads', '1e1'], /--threads 1e1: a whole number/],
    [['--reporter', 'foo bar'], /--reporter foo bar: a reference such as Organization/],
    [['--reduce', join(dir, 'absent.ndjson')], /--reduce .*absent\.ndjson: no such file/],
    [['--events', join(dir, 'absent-events')], /--events .*absent-events: no such file/],
    [['--dry-run', '--out', join(dir, 'x.json')], /--dry-run and --out do not go together/],
    [
      ['--map', join(dir, 'm.ndjson'), '--server', 'https://fhir.invalid'],
      /--map and --server do not go together/,
    ],
    [
      ['--map', join(dir, 'm.ndjson'), '--events', join(dir, 'absent-events')],
      /--map and --events do not go together: a map step writes no reports \(give --events to the --reduce step\)/,
    ],
    [['--fhir', 'notaurl'], /--fhir notaurl: a FHIR base URL/],
    [['--config', config({ unit: 'bogus' })], /--config .*: unit: one of at-time/],
    [
      ['--config', config({ measures: { 'vte-prophylaxs': { unit: 'all' } } })],
      /measures: vte-prophylaxs is not a measure/,
    ],
    [['--config', config({ clinician: ['order-requester'] })], /unknown field\(s\) clinician/],
  ];
  for (const [args, message] of cases) {
    const result = await runMain(...base, ...args);
    assert.deepEqual(
      [result.status, message.test(result.stderr)],
      [2, true],
      `${args.join(' ')}: ${result.stderr}`,
    );
  }
  const old = await runMain('--period', '0050', '--input', dir);
  assert.deepEqual([old.status, /a year from 1900/.test(old.stderr)], [2, true]);
  const empty = mkdtempSync(join(dir, 'empty-'));
  const none = await runMain('--period', '2026-01', '--input', empty);
  assert.deepEqual([none.status, /holds no \.ndjson file/.test(none.stderr)], [2, true]);
});

test('ids from the data are printed with their control characters escaped', async () => {
  const sub = mkdtempSync(join(tmpdir(), 'measures-cli-controls-'));
  after(() => rmSync(sub, { recursive: true, force: true }));
  const red = JSON.stringify({ resourceType: 'Patient', id: 'p\u001b[31mred\u202e' });
  writeFileSync(join(sub, 'Patient.ndjson'), `${red}\n${red}\n`);
  const result = await runMain('--period', '2026-01', '--input', sub, '--threads', '1', '--dry-run');
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /Patient\.ndjson:2: Patient\/p\\x1b\[31mred\\u202e was already read/);
  assert.ok(!result.stderr.includes('\u001b') && !result.stderr.includes('\u202e'), result.stderr);
});

/**
 * main() in this process, its console output captured: what the command prints and returns. Async, so
 * the in-process FHIR server can answer while it runs.
 */
async function runMain(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const { log, error } = console;
  console.log = (...parts: unknown[]) => void stdout.push(`${parts.join(' ')}\n`);
  console.error = (...parts: unknown[]) => void stderr.push(`${parts.join(' ')}\n`);
  try {
    const status = await main(args);
    return { status, stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

test(
  'against the real FHIR server tier: the first run creates, a rerun creates nothing, a dry run sees no change',
  { timeout: 180_000 },
  async () => {
    writeExport();
    const server = await startRealFhirServer([]);
    try {
      const common = [
        '--period',
        '2026-01',
        '--input',
        dir,
        '--threads',
        '1',
        '--as-of',
        '2026-02-01T06:00:00Z',
      ];
      const first = await runMain(
        ...common,
        '--server',
        server.baseUrl,
        '--reporter',
        'Organization/org-001',
      );
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.stdout, /^created (4[0-9]), updated \d+, failed 0$/m);
      const again = await runMain(
        ...common,
        '--server',
        server.baseUrl,
        '--reporter',
        'Organization/org-001',
      );
      assert.equal(again.status, 0, again.stderr);
      assert.match(again.stdout, /^created 0, updated 44, failed 0$/m);
      const dry = await runMain(
        ...common,
        '--server',
        server.baseUrl,
        '--reporter',
        'Organization/org-001',
        '--dry-run',
      );
      assert.equal(dry.status, 0, dry.stderr);
      assert.match(dry.stderr, /dry run: 0 create, 0 update, 44 unchanged/);
    } finally {
      await server.stop();
    }
  },
);

test("--events adds the period's prompt-uptake reports to what is written", async () => {
  writeExport();
  const events = [...generateEvents({ count: 600, seed: 2, start: '2026-01-01', months: 1, clinicians: 5 })];
  const logDir = mkdtempSync(join(tmpdir(), 'measures-cli-events-'));
  after(() => rmSync(logDir, { recursive: true, force: true }));
  const log = join(logDir, 'events.ndjson');
  writeFileSync(
    log,
    events
      .filter((e) => e.at.startsWith('2026-01'))
      .map((e) => JSON.stringify(e))
      .join('\n'),
  );
  const result = await runMain(
    '--period',
    '2026-01',
    '--input',
    dir,
    '--events',
    log,
    '--dry-run',
    '--threads',
    '1',
    '--measures',
    'hba1c-poor-control',
    '--reporter',
    'Organization/org-001',
  );
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^write\tprompt-acceptance:summary:Practitioner\/c-\d+:2026-01$/m);
  assert.match(result.stdout, /^write\tprompt-override:summary:Organization\/org-001:2026-01$/m);
  assert.match(result.stderr, /uptake: \d+ process reports/);
});

test('a server that does not answer is named, with the reason, in the one error line (exit 1)', async () => {
  writeExport();
  // A port nothing listens on: opened, noted, closed.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  const base = `http://127.0.0.1:${port}/fhir`;
  // The URL actually requested: the export's kick-off below the base, the base itself for the write.
  const reason = (url: string) =>
    new RegExp(
      `^measures: cannot reach ${url.replace(/[.$]/g, '\\$&')} \\(ECONNREFUSED\\): check the URL`,
      'm',
    );

  const exported = await runMain('--period', '2026-01', '--fhir', base, '--out', join(dir, 'none.json'));
  assert.deepEqual(
    [exported.status, reason(`${base}/$export`).test(exported.stderr)],
    [1, true],
    exported.stderr,
  );
  const written = await runMain(
    ...['--period', '2026-01', '--input', dir, '--threads', '1', '--measures', 'hba1c-poor-control'],
    ...['--server', base],
  );
  assert.deepEqual([written.status, reason(base).test(written.stderr)], [1, true], written.stderr);
});

test('a download that gets no answer names its own host and path, never the query of a signed link', async () => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  const error = await namedFetch(`http://127.0.0.1:${port}/files/Patient.ndjson?sig=s3cret#x`).catch(
    (e: unknown) => e as Error,
  );
  assert.ok(error instanceof Error);
  assert.equal(
    error.message,
    `cannot reach http://127.0.0.1:${port}/files/Patient.ndjson (ECONNREFUSED): check the URL, the network and that the server is up`,
  );
  // Anything else is not a "no answer": it goes through as it was.
  await assert.rejects(
    namedFetch('not a url'),
    (e: unknown) => e instanceof TypeError && e.message !== 'fetch failed',
  );
});
