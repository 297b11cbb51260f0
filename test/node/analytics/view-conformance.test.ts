import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../../tools/temp-dir';
import type { resultFile } from '../../../src/analytics/view/conformance';
import { readSuite, runSuiteFile, sameRows, type TestOutcome } from '../../../src/analytics/view/conformance';
import { writeConformanceReport } from '../../../src/analytics/conformance-report';

const SUITE = fileURLToPath(new URL('./sql-on-fhir-tests', import.meta.url));
const suite = await readSuite(SUITE);
const run = (fastPaths: boolean): TestOutcome[] =>
  [...suite].flatMap(([file, tests]) => runSuiteFile(file, tests, { fastPaths }));

describe('SQL on FHIR v2 conformance suite', () => {
  const fast = run(true);

  it('passes every shareable test (123) with the plain accessors on', () => {
    const shareable = fast.filter((t) => t.tags.includes('shareable'));
    assert.equal(shareable.length, 123);
    const failed = shareable.filter((t) => !t.passed).map((t) => `${t.file}: ${t.name}: ${t.error ?? ''}`);
    assert.deepEqual(failed, []);
  });

  it('passes the experimental join tests and the date and time boundaries, not the decimal or dateTime ones', () => {
    const experimental = fast.filter((t) => t.tags.includes('experimental'));
    const passed = experimental.filter((t) => t.passed).map((t) => `${t.file}: ${t.name}`);
    assert.deepEqual(passed.sort(), [
      'fn_boundary.json: date highBoundary',
      'fn_boundary.json: date lowBoundary',
      'fn_boundary.json: time highBoundary',
      'fn_boundary.json: time lowBoundary',
      'fn_join.json: join with comma',
      'fn_join.json: join with empty value',
      'fn_join.json: join with no value - default to no separator',
    ]);
  });

  it('gives the same rows with plain accessors as with fhirpath alone, test by test', () => {
    const slow = run(false);
    assert.equal(slow.length, fast.length);
    fast.forEach((f, i) => {
      const s = slow[i];
      assert.ok(s);
      assert.equal(f.passed, s.passed, `${f.file}: ${f.name}`);
      if (f.rows && s.rows) assert.ok(sameRows(f.rows, s.rows), `${f.file}: ${f.name}`);
      else assert.equal(f.rows, s.rows, `${f.file}: ${f.name}`);
    });
  });

  it('passes every shareable test as the command line runs views: 58 of them compiled to DuckDB SQL', async () => {
    const out = join(await tempDir('sof-results-'), 'sof-results.json');
    const { outcomes } = await writeConformanceReport(SUITE, out);
    const shareable = outcomes.filter((t) => t.tags.includes('shareable'));
    const failed = shareable
      .filter((t) => !t.passed)
      .map((t) => `${t.via ?? ''} ${t.file}: ${t.name}: ${t.error ?? ''}`);
    assert.deepEqual(failed, []);
    const viaSql = shareable.filter((t) => t.via === 'sql').map((t) => t.file);
    assert.equal(viaSql.length, 58);
    // The constructs the app's own view uses run through SQL in the suite too.
    for (const file of [
      'basic.json',
      'foreach.json',
      'where.json',
      'fn_first.json',
      'fn_oftype.json',
      'fn_empty.json',
    ])
      assert.ok(viaSql.includes(file), file);
  });

  it('writes the specification result file, one entry per test', async () => {
    const out = join(await tempDir('sof-results-'), 'sof-results.json');
    const written = await writeConformanceReport(SUITE, out);
    const report = JSON.parse(await readFile(out, 'utf8')) as ReturnType<typeof resultFile>;
    assert.equal(written.path, out);
    assert.equal(Object.keys(report).length, suite.size);
    const tests = Object.values(report).flatMap((f) => f.tests);
    assert.equal(tests.length, 134);
    assert.ok(tests.every((t) => typeof t.name === 'string' && typeof t.result.passed === 'boolean'));
    assert.equal(tests.filter((t) => t.result.passed).length, 130);
  });
});
