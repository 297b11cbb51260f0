/**
 * `npm run analyze -- --conformance [dir] [--out file]`: the SQL on FHIR v2 suite run as the command
 * line runs views (DuckDB SQL where the compiler takes the view, JavaScript otherwise), with the
 * specification's result file written to `--out` or the OS temp dir.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_REPORT } from './cli-options';
import { openDuckDB } from './engines/duckdb';
import { readSuite, resultFile, runSuiteFileAsCli, type TestOutcome } from './view/conformance';

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
  const engine = await openDuckDB({ threads: 1 });
  const scratch = await mkdtemp(join(tmpdir(), 'learning-loop-sof-'));
  const outcomes: TestOutcome[] = [];
  try {
    for (const [file, tests] of suite)
      outcomes.push(...(await runSuiteFileAsCli(file, tests, engine, scratch)));
  } finally {
    await engine.close();
    await rm(scratch, { recursive: true, force: true });
  }
  await writeFile(out, `${JSON.stringify(resultFile(outcomes), null, 2)}\n`);
  return { path: out, outcomes };
}
