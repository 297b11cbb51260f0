/**
 * The steps of `npm run measures` (cli.ts parses the arguments): evaluate a population (or, on a
 * cluster, one partition of it, `--map`), reduce partitions' results to reports (`--reduce`), and
 * deliver the reports (dry run, transaction to a server, or a file). Messages go to stderr; the planned
 * or written changes to stdout.
 *
 * @example
 * const { resources } = await evaluateStep(setup);
 * await deliver(resources, { dryRun: true });
 */
import { createReadStream, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { AttributionConfig } from './attribution';
import { assembleReports, runBatch } from './batch';
import type { Writable } from './writeback';
import { loadMeasures } from './engine';
import { readNdjson, readPopulation } from './input';
import type { InputProblem, Population } from './input';
import type { EvaluationFailure } from './failures';
import type { MeasurePeriod } from './period';
import type { AttributedResult } from './reports';
import { printable } from '../core/printable';
import { planChanges, postTransaction, transaction } from './writeback';

export interface Setup {
  period: MeasurePeriod;
  files: string[];
  threads: number;
  measures?: string[];
  asOf: string;
  config: AttributionConfig;
  individual: boolean;
  /** `Organization/<id>` written as MeasureReport.reporter. */
  reporter?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface StepOutput {
  resources: Writable[];
  /** Input lines and results that could not be used. */
  problems: number;
}

/**
 * Input problems, `file:line: message`. These lines and the others printed from here name the data (ids,
 * file names from an export's manifest, the engine's messages): each goes through printable(), so a
 * control character in the data shows as an escape, not as its effect on the terminal.
 */
function report(problems: InputProblem[], limit = 20): void {
  for (const p of problems.slice(0, limit)) console.error(printable(`${p.file}:${p.line}: ${p.message}`));
  if (problems.length > limit) console.error(`... and ${problems.length - limit} more input problem(s)`);
}

/** Types the measures do not read: one line, not one per resource (not problems: an export has them). */
function reportUnread(unread: Population['unread']): void {
  if (!unread.size) return;
  const types = [...unread].map(([type, u]) => `${type} ×${u.count} (first ${u.file}:${u.line})`);
  console.error(printable(`not read by the measures (not needed): ${types.join(', ')}`));
}

/** Patients the engine could not evaluate for a measure: each named, left out of that measure only. */
function reportFailures(failures: EvaluationFailure[], limit = 20): void {
  for (const f of failures.slice(0, limit))
    console.error(printable(`${f.patient}: not evaluated for ${f.measure}: ${f.message}`));
  if (failures.length > limit)
    console.error(`... and ${failures.length - limit} more patient(s) not evaluated`);
}

/** Reads the export and runs the batch; with `mapTo`, writes the attributed results there instead. */
export async function evaluateStep(setup: Setup, mapTo?: string): Promise<StepOutput> {
  const population = await readPopulation(readNdjson(setup.files));
  console.error(
    `read ${population.lines} lines from ${setup.files.length} file(s): ${population.patients.length} patients`,
  );
  report(population.problems);
  reportUnread(population.unread);
  const out = await runBatch(population, {
    period: setup.period,
    date: setup.asOf,
    threads: setup.threads,
    config: setup.config,
    individual: setup.individual,
    ...(setup.reporter ? { reporter: setup.reporter } : {}),
    ...(setup.onProgress ? { onProgress: setup.onProgress } : {}),
    ...(setup.measures ? { measures: setup.measures } : {}),
  });
  console.error(
    `${out.evaluated} of ${out.patients} patients active in ${setup.period.label}; ${out.results.length} results in an initial population; ${out.reports.length} reports`,
  );
  reportFailures(out.failures);
  const first = out.problems[0];
  if (first) {
    const results = new Set(out.problems.map((p) => `${p.patient} ${p.measure}`)).size;
    console.error(
      printable(
        `${results} result(s) not fully attributed, ${out.problems.length} problem(s) (first: ${first.patient} ${first.measure}: ${first.message})`,
      ),
    );
  }
  const problems = population.problems.length + out.problems.length + out.failures.length;
  if (mapTo) {
    // Each result says its period, so the reduce step can refuse another period's partitions.
    const period = setup.period.label;
    writeFileSync(mapTo, out.results.map((r) => `${JSON.stringify({ ...r, period })}\n`).join(''));
    console.error(`map: ${out.results.length} results written to ${mapTo}`);
    return { resources: [], problems };
  }
  return { resources: [...out.groups, ...out.reports], problems };
}

/** Why a map line cannot be reduced, or undefined: the shape --map writes, for this period and these measures. */
function resultProblem(value: unknown, period: string, measures: Set<string>): string | undefined {
  const r = value as Partial<AttributedResult & { period: string }> | null;
  if (r === null || typeof r !== 'object' || typeof r.patient !== 'string' || typeof r.measure !== 'string')
    return 'not a result line (written by --map)';
  // typeof null is 'object': a line with populations null would pass and fail later in the tally.
  const populations: unknown = r.populations;
  if (populations === null || typeof populations !== 'object' || Array.isArray(populations))
    return 'not a result line (written by --map)';
  if (!Array.isArray(r.subjects) || !r.subjects.every((s) => typeof s === 'string'))
    return 'not a result line (written by --map)';
  if (r.period !== period)
    return `a result of period ${String(r.period ?? '(none)')}, not of --period ${period}: left out`;
  if (!measures.has(r.measure))
    return `a result of ${r.measure}, not one of the measures of this run: left out`;
  return undefined;
}

/** Merges the partitions' results (disjoint patients) into the period's reports. */
export async function reduceStep(setup: Setup, resultFiles: string[]): Promise<StepOutput> {
  const results: AttributedResult[] = [];
  const problems: InputProblem[] = [];
  const measures = loadMeasures(setup.measures);
  const ids = new Set(measures.map((m) => m.id));
  const seen = new Set<string>();
  for (const file of resultFiles) {
    let line = 0;
    for await (const text of createInterface({
      input: createReadStream(file, 'utf8'),
      crlfDelay: Infinity,
    })) {
      line++;
      if (!text.trim()) continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        value = undefined;
      }
      const problem = resultProblem(value, setup.period.label, ids);
      if (problem) {
        problems.push({ file, line, message: problem });
        continue;
      }
      const { period: _, ...result } = value as AttributedResult & { period: string };
      // One result per patient, measure and episode: a second one means two partitions overlap.
      const key = [result.measure, result.patient, result.encounter, result.order].join(' ');
      if (seen.has(key)) {
        problems.push({
          file,
          line,
          message: `${result.patient} ${result.measure}: already read (partitions overlap): left out`,
        });
        continue;
      }
      seen.add(key);
      results.push(result);
    }
  }
  report(problems);
  // The directory (Practitioner, PractitionerRole, Location) names the peer Groups' members.
  const directory = (await readPopulation(readNdjson(setup.files))).directory;
  const { reports, groups } = assembleReports(results, directory, {
    period: setup.period,
    date: setup.asOf,
    measures: new Map(measures.map((m) => [m.id, m.measure])),
    config: setup.config,
    individual: setup.individual,
    ...(setup.reporter ? { reporter: setup.reporter } : {}),
  });
  console.error(
    `reduce: ${results.length} results from ${resultFiles.length} partition(s); ${reports.length} reports`,
  );
  return { resources: [...groups, ...reports], problems: problems.length };
}

export interface Delivery {
  dryRun?: boolean;
  server?: string;
  out?: string;
  headers?: Record<string, string>;
}

/** Dry run, transaction to the server, or the transaction Bundle to a file or stdout. False if refused. */
export async function deliver(resources: Writable[], d: Delivery): Promise<boolean> {
  if (d.dryRun) {
    const plan = d.server
      ? await planChanges(d.server, resources, d.headers)
      : resources.map((r) => ({
          action: 'write',
          key: r.resourceType === 'Group' ? `Group/${r.id ?? ''}` : (r.identifier?.[0]?.value ?? ''),
          detail: '',
        }));
    // Keys and details hold ids from the data and the server's words: escaped like every other line.
    for (const p of plan) console.log(`${p.action}\t${printable(p.key)}\t${printable(p.detail)}`.trimEnd());
    const count = (a: string) => plan.filter((p) => p.action === a).length;
    const summary = ['create', 'update', 'unchanged', 'write'].map((a) => `${count(a)} ${a}`).join(', ');
    console.error(`dry run: ${summary}; nothing written`);
    return true;
  }
  if (d.server && !d.out) {
    const outcome = await postTransaction(d.server, transaction(resources), d.headers);
    console.log(`created ${outcome.created}, updated ${outcome.updated}, failed ${outcome.failed.length}`);
    for (const f of outcome.failed) console.error(printable(`refused: ${f.url} (${f.status})`));
    return outcome.failed.length === 0;
  }
  const text = JSON.stringify(transaction(resources));
  if (!d.out || d.out === '-') process.stdout.write(`${text}\n`);
  else writeFileSync(d.out, text);
  return true;
}
