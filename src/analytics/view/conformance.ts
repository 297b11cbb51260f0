/**
 * Runs the SQL on FHIR v2 conformance suite (its `tests/*.json` files) through this runner and builds
 * the specification's machine-readable result file:
 * `{ "<file>": { "tests": [{ "name": ..., "result": { "passed": true|false } }] } }`.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SqlEngine } from '../engines/engine';
import { compileView, type RunOptions } from './run';
import { compileViewSql, Unsupported, type SqlView } from './sql';
import { runSqlView } from './sql-run';
import type { ViewRow } from './types';

export interface SuiteTest {
  title: string;
  tags?: string[];
  view: unknown;
  expect?: ViewRow[];
  expectColumns?: string[];
  expectError?: boolean;
}
export interface SuiteFile {
  title?: string;
  resources: unknown[];
  tests: SuiteTest[];
}
export interface TestOutcome {
  file: string;
  name: string;
  tags: string[];
  /** How the view ran: compiled to DuckDB SQL or in JavaScript (fhirpath.js and plain accessors). */
  via?: 'sql' | 'javascript';
  passed: boolean;
  error?: string;
  rows?: ViewRow[];
}
export type ResultFile = Record<
  string,
  { tests: { name: string; result: { passed: boolean; error?: string } }[] }
>;

/** A row as text with its keys sorted, so rows compare by column name, not key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** True when both lists hold the same rows, each as many times, in any order. */
export function sameRows(actual: readonly ViewRow[], expected: readonly ViewRow[]): boolean {
  if (actual.length !== expected.length) return false;
  const a = actual.map(canonical).sort();
  const e = expected.map(canonical).sort();
  return a.every((row, i) => row === e[i]);
}

/** Judges one test's rows (or its error) against what the test expects. */
function judge(
  test: SuiteTest,
  base: Omit<TestOutcome, 'passed'>,
  run: () => { rows: ViewRow[]; columns: string[] },
): TestOutcome {
  let result: { rows: ViewRow[]; columns: string[] };
  try {
    result = run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ...base, passed: test.expectError === true, ...(test.expectError ? {} : { error: message }) };
  }
  const { rows, columns } = result;
  if (test.expectError) return { ...base, passed: false, rows, error: 'expected an error, got rows' };
  if (test.expectColumns && test.expectColumns.join(',') !== columns.join(','))
    return { ...base, passed: false, rows, error: `columns ${columns.join(',')}` };
  const passed = sameRows(rows, test.expect ?? []);
  return { ...base, passed, rows, ...(passed ? {} : { error: `rows ${JSON.stringify(rows)}` }) };
}

/**
 * The outcome of every test of one suite file, in JavaScript.
 *
 * @example runSuiteFile('basic.json', JSON.parse(text)).filter((t) => !t.passed)
 */
export function runSuiteFile(file: string, suite: SuiteFile, options: RunOptions = {}): TestOutcome[] {
  return suite.tests.map((test) =>
    judge(test, { file, name: test.title, tags: test.tags ?? [], via: 'javascript' }, () => {
      const compiled = compileView(test.view, options);
      return { columns: compiled.columns, rows: suite.resources.flatMap((r) => compiled.rows(r)) };
    }),
  );
}

/**
 * The outcome of every test of one suite file as the command line runs views: compiled to DuckDB
 * SQL over the resources as NDJSON where the SQL compiler takes the view, in JavaScript otherwise.
 *
 * @example await runSuiteFileAsCli('basic.json', suite, await openDuckDB(), tmp)
 */
export async function runSuiteFileAsCli(
  file: string,
  suite: SuiteFile,
  engine: SqlEngine,
  scratch: string,
): Promise<TestOutcome[]> {
  const ndjson = join(scratch, file.replace(/\.json$/, '.ndjson'));
  await writeFile(ndjson, suite.resources.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const outcomes: TestOutcome[] = [];
  for (const test of suite.tests) {
    const base = { file, name: test.title, tags: test.tags ?? [] };
    let compiled: SqlView | undefined;
    try {
      compiled = compileViewSql(test.view);
    } catch (error) {
      if (!(error instanceof Unsupported)) {
        outcomes.push(
          judge(test, { ...base, via: 'sql' }, () => {
            throw error;
          }),
        );
        continue;
      }
    }
    if (!compiled) {
      outcomes.push(...runSuiteFile(file, { ...suite, tests: [test] }));
      continue;
    }
    const view = compiled;
    let rows: ViewRow[] = [];
    let failure: unknown;
    try {
      rows = await runSqlView(engine, view, [ndjson]);
    } catch (error) {
      failure = error;
    }
    outcomes.push(
      judge(test, { ...base, via: 'sql' }, () => {
        if (failure !== undefined) throw failure;
        return { rows, columns: view.columns };
      }),
    );
  }
  return outcomes;
}

/** Every `*.json` test file of a suite folder (not its schema), by file name. */
export async function readSuite(dir: string): Promise<Map<string, SuiteFile>> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json') && !n.endsWith('.schema.json')).sort();
  const files = new Map<string, SuiteFile>();
  for (const name of names) files.set(name, JSON.parse(await readFile(join(dir, name), 'utf8')) as SuiteFile);
  return files;
}

/**
 * The specification's result file for a list of outcomes.
 *
 * @example resultFile(outcomes)['basic.json'].tests[0].result.passed
 */
export function resultFile(outcomes: readonly TestOutcome[]): ResultFile {
  const out: ResultFile = {};
  for (const o of outcomes) {
    const file = (out[o.file] ??= { tests: [] });
    file.tests.push({
      name: o.name,
      result: { passed: o.passed, ...(o.passed || !o.error ? {} : { error: o.error.slice(0, 500) }) },
    });
  }
  return out;
}
