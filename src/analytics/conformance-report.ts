/**
 * `npm run analyze -- --conformance [dir] [--out file]`: the runner the CLI uses, over the SQL on FHIR
 * v2 suite, with the specification's result file written to `--out` or the OS temp dir.
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSuite, resultFile, runSuiteFile, type TestOutcome } from './view/conformance';

export const DEFAULT_REPORT = join(tmpdir(), 'learning-loop-sql-on-fhir-results.json');

/**
 * Runs the suite in `dir` and writes the result file; returns where and the outcomes.
 *
 * @example await writeConformanceReport('test/node/analytics/sql-on-fhir-tests')
 */
export async function writeConformanceReport(
  dir: string,
  out: string = DEFAULT_REPORT,
): Promise<{ path: string; outcomes: TestOutcome[] }> {
  const suite = await readSuite(dir);
  const outcomes = [...suite].flatMap(([file, tests]) => runSuiteFile(file, tests));
  await writeFile(out, `${JSON.stringify(resultFile(outcomes), null, 2)}\n`);
  return { path: out, outcomes };
}
