import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../../tools/temp-dir';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';

const CLI = fileURLToPath(new URL('../../../src/analytics/cli.ts', import.meta.url));
const GENERATE = fileURLToPath(new URL('../../../src/analytics/generate-cli.ts', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const dir = await tempDir('analytics-cli-');

/**
 * Claims stderr is a terminal, as a person's shell would have it: the CLI then draws its progress bar.
 * (Through a pipe, so the test can read what was drawn.)
 */
const TERMINAL = 'data:text/javascript,process.stderr.isTTY=true';

/** Runs a command line tool with stderr not a terminal, as CI does, unless `terminal` says otherwise. */
function run(
  script: string,
  args: string[],
  { terminal = false } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(
      process.execPath,
      ['--import', 'tsx', ...(terminal ? ['--import', TERMINAL] : []), script, ...args],
      { encoding: 'utf8' },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    ),
  );
}

describe('npm run analyze', () => {
  it('prints its help with the exit codes, exit 0', async () => {
    const { code, stdout } = await run(CLI, ['--help']);
    assert.equal(code, 0);
    assert.match(stdout, /Exit codes:\n {2}0 {2}done/);
  });

  it('exits 1 on a usage error and 2 on a missing file, saying why', async () => {
    const none = await run(CLI, []);
    assert.deepEqual([none.code, /no input given/.test(none.stderr)], [1, true]);
    const unknown = await run(CLI, ['--frobnicate', 'x']);
    assert.equal(unknown.code, 1);
    const missing = await run(CLI, [join(dir, 'absent.ndjson'), '--out', join(dir, 'o1')]);
    assert.deepEqual([missing.code, /absent\.ndjson/.test(missing.stderr)], [2, true]);
  });

  it('exits 3 and names file and line of each skipped line and each field read as empty, with no progress bar when not on a terminal', async () => {
    const lines = (await readFile(fixture('small.ndjson'), 'utf8')).trim().split('\n');
    const bad = join(dir, 'bad.ndjson');
    const mistyped = JSON.stringify({
      ...JSON.parse(lines[1] ?? '{}'),
      id: crypto.randomUUID(),
      visibleMs: 'abc',
    });
    await writeFile(bad, [...lines.slice(0, 3), '{"id": "broken', ...lines.slice(3), mistyped].join('\n'));
    const { code, stderr } = await run(CLI, [bad, '--out', join(dir, 'o2')]);
    assert.equal(code, 3);
    assert.match(stderr, /bad\.ndjson:4: skipped: not JSON/);
    assert.match(stderr, /bad\.ndjson:27: counted: visibleMs: "abc" is not a whole number: read as empty/);
    assert.match(stderr, /26 lines read from 1 file\(s\), 1 skipped, 1 counted with a field read as empty/);
    assert.doesNotMatch(stderr, /\r|\[#/);
  });

  it('writes the flat table as Parquet by month, which an independent reader (hyparquet) reads back', async () => {
    const out = join(dir, 'o3');
    const { code } = await run(CLI, [fixture('small.ndjson'), '--out', out, '--parquet']);
    assert.equal(code, 0);
    const months = (await readdir(join(out, 'flat'))).sort();
    assert.deepEqual(months, ['month=2026-01', 'month=2026-02']);
    const counts: number[] = [];
    for (const month of months) {
      const files = await readdir(join(out, 'flat', month));
      let rows = 0;
      for (const file of files) {
        const data = await parquetReadObjects({
          file: await asyncBufferFromFile(join(out, 'flat', month, file)),
        });
        rows += data.length;
        if (month === 'month=2026-02') assert.ok(data.some((r) => r.event_type === 'feedback-viewed'));
        assert.ok(data.every((r) => typeof r.event_id === 'string' && typeof r.at_ms === 'bigint'));
      }
      counts.push(rows);
    }
    // 12 lines in January (one a duplicate), 13 in February (one a duplicate): duplicates kept for the SQL.
    assert.deepEqual(counts, [12, 13]);
  });
  it('refuses a bad option value or a directory input at once, exit 1, saying which', async () => {
    const input = fixture('small.ndjson');
    const cases: [string[], RegExp][] = [
      [['--min-n', '0x10'], /--min-n must be a whole number/],
      [['--alg', 'HS256'], /--alg must be RS384 or ES384/],
      [['--client-id', 'app'], /--client-id only apply to a Bulk export/],
      [['--since', 'yesterday', 'https://ehr.invalid/fhir'], /--since must be a FHIR instant/],
      [['--format', 'csv'], /--format must be canonical or audit/],
      [['--client-id', 'app', 'https://ehr.invalid/fhir'], /--client-id and --private-key go together/],
      [
        ['--client-id', 'app', '--private-key', join(dir, 'no-such.pem'), 'https://ehr.invalid/fhir'],
        /--private-key .*no-such\.pem cannot be read \(ENOENT\)/,
      ],
      [
        ['--client-id', 'app', '--private-key', dir, 'https://ehr.invalid/fhir'],
        /--private-key .* is not a file/,
      ],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await run(CLI, [input, ...args, '--out', join(dir, 'o-usage')]);
      assert.deepEqual([code, message.test(stderr)], [1, true], args.join(' '));
    }
    const folder = await run(CLI, [dir, '--out', join(dir, 'o-usage')]);
    assert.deepEqual(
      [folder.code, /is a directory: give the NDJSON files in it/.test(folder.stderr)],
      [1, true],
    );
  });

  it('prints no control or bidirectional character of a file name or a line on stderr, progress bar included', async () => {
    const name = join(dir, 'evil\u001b[31m\u202e.ndjson');
    await writeFile(name, `${(await readFile(fixture('small.ndjson'), 'utf8')).split('\n')[0]}\n{"id":\n`);
    const { code, stderr } = await run(CLI, [name, '--out', join(dir, 'o-evil')], { terminal: true });
    assert.equal(code, 3);
    assert.match(stderr, /evil\[31m\.ndjson:2: skipped/);
    // On a terminal the bar names the file it reads, escaped like every other line.
    assert.match(stderr, /\r\[#{25}\] 100% reading .*evil\[31m\.ndjson/);
    assert.match(stderr, /\] 100% computing the metrics\n/);
    assert.ok(!stderr.includes('\u001b') && !stderr.includes('\u202e'), stderr);
  });

  it('exits 2 before reading anything when --out cannot be written', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, '');
    const { code, stderr } = await run(CLI, [fixture('small.ndjson'), '--out', join(file, 'out')]);
    assert.deepEqual([code, /cannot write to --out/.test(stderr)], [2, true]);
    assert.doesNotMatch(stderr, /lines read/);
  });

  it('lists and counts the bad lines of --roles, exit 3', async () => {
    const roles = join(dir, 'bad-roles.ndjson');
    await writeFile(roles, `${await readFile(fixture('roles.ndjson'), 'utf8')}{"resourceType": "Pract\n`);
    const { code, stderr } = await run(CLI, [
      fixture('small.ndjson'),
      '--roles',
      roles,
      '--out',
      join(dir, 'o-r'),
    ]);
    assert.equal(code, 3);
    assert.match(stderr, /bad-roles\.ndjson:\d+: skipped: not JSON/);
    assert.match(stderr, /0 skipped, .* 1 --roles line\(s\) skipped/);
  });

  it("leaves only this run's results in a reused --out: no old months, per-clinician file or Parquet", async () => {
    const out = join(dir, 'o-reuse');
    assert.equal(
      (await run(CLI, [fixture('small.ndjson'), '--out', out, '--parquet', '--by-clinician'])).code,
      0,
    );
    const february = join(dir, 'february.ndjson');
    const lines = (await readFile(fixture('small.ndjson'), 'utf8')).trim().split('\n');
    await writeFile(february, lines.filter((l) => l.includes('"at":"2026-02')).join('\n'));
    assert.equal((await run(CLI, [february, '--out', out, '--parquet'])).code, 0);
    assert.deepEqual(await readdir(join(out, 'flat')), ['month=2026-02']);
    assert.ok(!(await readdir(out)).includes('by-clinician.csv'));
    // Without --parquet, no earlier run's flat table is left to pass for this one's.
    assert.equal((await run(CLI, [february, '--out', out])).code, 0);
    assert.ok(!(await readdir(out)).includes('flat'));
  });
});

describe('npm run events:generate', () => {
  it('gives the same file for the same seed, another for another seed', async () => {
    const a = join(dir, 'a.ndjson');
    const b = join(dir, 'b.ndjson');
    const c = join(dir, 'c.ndjson');
    for (const [file, seed] of [
      [a, '5'],
      [b, '5'],
      [c, '6'],
    ] as const)
      assert.equal((await run(GENERATE, ['--count', '500', '--seed', seed, '--out', file])).code, 0);
    const [ta, tb, tc] = await Promise.all([a, b, c].map((f) => readFile(f, 'utf8')));
    assert.equal(ta, tb);
    assert.notEqual(ta, tc);
    assert.equal(ta?.trim().split('\n').length, 500);
  });

  it('writes AuditEvents that the analysis reads through the ViewDefinition', async () => {
    const file = join(dir, 'audit.ndjson');
    assert.equal((await run(GENERATE, ['--count', '300', '--format', 'audit', '--out', file])).code, 0);
    const { code, stderr } = await run(CLI, [file, '--out', join(dir, 'o4')]);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /300 lines read/);
  });

  it('refuses bad values as usage errors (exit 1), and fails (exit 2) when any output cannot be written', async () => {
    const out = join(dir, 'g.ndjson');
    for (const args of [
      ['--count', ''],
      ['--count', '10', '--start', 'garbage'],
      ['--count', '10', '--start', '2026-02-30'],
      ['--count', '10', '--months', 'abc'],
      ['--count', '10', '--clinicians', '0'],
    ]) {
      const { code, stderr } = await run(GENERATE, [...args, '--out', out]);
      assert.deepEqual([code, /must be/.test(stderr)], [1, true], args.join(' '));
    }
    const nowhere = join(dir, 'no-such-dir', 'x.ndjson');
    for (const args of [
      ['--out', nowhere],
      ['--out', out, '--roles', nowhere],
    ]) {
      const { code, stderr } = await run(GENERATE, ['--count', '10', ...args]);
      assert.deepEqual([code, /cannot write: .*no-such-dir/.test(stderr)], [2, true], args.join(' '));
    }
  });

  it('stops quietly, exit 0, when its reader stops early (| head)', async () => {
    const { stdout, code } = await new Promise<{ stdout: string; code: number | null }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', GENERATE, '--count', '200000'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let first = '';
      child.stdout.once('data', (chunk: Buffer) => {
        first = chunk.toString().split('\n')[0] ?? '';
        child.stdout.destroy();
      });
      child.on('close', (exit) => resolve({ stdout: first, code: exit }));
    });
    assert.match(stdout, /^\{"id":/);
    assert.equal(code, 0);
  });
});
