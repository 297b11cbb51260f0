import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../../tools/temp-dir';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';

const CLI = fileURLToPath(new URL('../../../src/analytics/cli.ts', import.meta.url));
const GENERATE = fileURLToPath(new URL('../../../src/analytics/generate-cli.ts', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const dir = await tempDir('analytics-cli-');

/** Runs a command line tool with stderr not a terminal, as CI does. */
function run(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(
      process.execPath,
      ['--import', 'tsx', script, ...args],
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

  it('exits 3 and names file and line of each skipped line, with no progress bar when not on a terminal', async () => {
    const lines = (await readFile(fixture('small.ndjson'), 'utf8')).trim().split('\n');
    const bad = join(dir, 'bad.ndjson');
    await writeFile(bad, [...lines.slice(0, 3), '{"id": "broken', ...lines.slice(3)].join('\n'));
    const { code, stderr } = await run(CLI, [bad, '--out', join(dir, 'o2')]);
    assert.equal(code, 3);
    assert.match(stderr, /bad\.ndjson:4: skipped: not JSON/);
    assert.match(stderr, /25 lines read from 1 file\(s\), 1 skipped/);
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
});
