/**
 * `node --import tsx mocks/feedback/generate.ts [--check]`: the simulator's feedback data. Generates the
 * 24-month population history (history.ts), runs the measures batch (src/measures) over it month by
 * month, and writes `mocks/feedback/feedback.json`: one plain array of FHIR resources for the mock FHIR
 * server to serve: the starter Measures (without their Libraries), the peer Groups, the history's
 * Patients (name and MRN, for the drill-down) and every MeasureReport (individual ones for the last
 * INDIVIDUAL_MONTHS months only, to stay small). `--check` recomputes and exits 1 when the committed
 * file differs.
 *
 * @example
 * node --import tsx mocks/feedback/generate.ts && gzip -c mocks/feedback/feedback.json | wc -c
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as prettier from 'prettier';
import type { Group, Measure, MeasureReport, Patient, Resource } from '@medplum/fhirtypes';
import { DEFAULT_ATTRIBUTION } from '../../src/measures/attribution';
import { runBatch } from '../../src/measures/batch';
import { loadMeasures } from '../../src/measures/engine';
import { monthsEndingWith, parsePeriod } from '../../src/measures/period';
import { EvaluationPool } from '../../src/measures/pool';
import { UPTAKE_MEASURES, uptakeMeasure, uptakeReport } from '../../src/measures/uptake';
import { generateDataset } from '../data/index';
import { generateHistory } from './history';
import { simulateInteractions } from './interactions';
import { HOSPITAL, uptakeCells } from './uptake-cells';

export const FEEDBACK_FILE = fileURLToPath(new URL('./feedback.json', import.meta.url));
/** The last month of the history: the month before the simulator's `now` (2026-01-15). */
export const LAST_MONTH = '2025-12';
export const MONTHS = 24;
export const INDIVIDUAL_MONTHS = 3;
/** The month (0-based) the prompts start: Dr Castellanos improves from here. */
export const PROMPTS_FROM = 12;

/** The next month's first day at 06:00 UTC: when a nightly batch would have reported the month. */
function reportedOn(end: string): string {
  return new Date(Date.parse(end) + 1 + 6 * 3_600_000).toISOString();
}

export async function buildFeedback(threads = 2): Promise<Resource[]> {
  const months = monthsEndingWith(LAST_MONTH, MONTHS);
  const taken = new Set(generateDataset().patients.map((p) => p.name));
  const history = generateHistory({ months, taken, promptsFrom: PROMPTS_FROM });
  const loaded = loadMeasures();
  const population = {
    patients: history.patients,
    directory: history.directory,
    problems: [],
    unread: new Map(),
    lines: 0,
    resources: 0,
  };
  const reports: MeasureReport[] = [];
  const groups = new Map<string, Group>();
  const referenced = new Set<string>();
  // All months at once on one pool of workers: the months are independent, like the patients.
  const pool = new EvaluationPool(
    { measureIds: loaded.map((m) => m.id), directory: history.directory, config: DEFAULT_ATTRIBUTION },
    threads,
  );
  try {
    const outs = await Promise.all(
      months.map((period, i) =>
        runBatch(population, {
          period,
          date: reportedOn(period.end),
          pool,
          loaded,
          individual: i >= months.length - INDIVIDUAL_MONTHS,
          reporter: HOSPITAL,
        }),
      ),
    );
    for (const out of outs) {
      reports.push(...out.reports);
      for (const g of out.groups) groups.set(g.id ?? '', g);
      for (const r of out.results) referenced.add(r.patient);
    }
  } finally {
    await pool.close();
  }
  const uptake = await uptakeReports(history, months);
  const measures: Measure[] = [
    ...loaded.map((m) => m.measure),
    ...UPTAKE_MEASURES.map((m) => uptakeMeasure(m.id)),
  ];
  const people: Patient[] = history.people.filter((p) => referenced.has(p.id ?? ''));
  return [
    ...measures,
    ...[...groups.values()].sort((a, b) => (a.id ?? '').localeCompare(b.id ?? '')),
    ...people,
    ...reports,
    ...uptake,
  ];
}

/**
 * Prompt uptake from the simulated interaction log (interactions.ts): each clinician's, each ward's,
 * each role's and the hospital's, analysed by src/analytics subject by subject, month by month.
 */
async function uptakeReports(
  history: ReturnType<typeof generateHistory>,
  months: ReturnType<typeof monthsEndingWith>,
) {
  const events = simulateInteractions(history, months, PROMPTS_FROM);
  const cells = await uptakeCells(events, history.directory);
  return cells.map((c) => {
    const period = parsePeriod(c.month);
    return uptakeReport(c, { period, date: reportedOn(period.end), reporter: HOSPITAL });
  });
}

async function formatted(resources: Resource[]): Promise<string> {
  const config = (await prettier.resolveConfig(FEEDBACK_FILE)) ?? {};
  return prettier.format(JSON.stringify(resources), { ...config, parser: 'json', filepath: FEEDBACK_FILE });
}

/** Whether the committed file holds exactly these resources. */
export function isCurrent(resources: Resource[]): boolean {
  if (!existsSync(FEEDBACK_FILE)) return false;
  return JSON.stringify(JSON.parse(readFileSync(FEEDBACK_FILE, 'utf8'))) === JSON.stringify(resources);
}

async function main(argv: string[]): Promise<number> {
  const started = Date.now();
  const resources = await buildFeedback();
  const compact = JSON.stringify(resources);
  const size = `${resources.length} resources, ${(compact.length / 1024).toFixed(0)} KB compact, ${(gzipSync(compact).length / 1024).toFixed(0)} KB gzip`;
  if (argv.includes('--check')) {
    if (isCurrent(resources)) {
      console.log(`feedback: up to date (${size})`);
      return 0;
    }
    console.error(
      'feedback: mocks/feedback/feedback.json is stale (run node --import tsx mocks/feedback/generate.ts)',
    );
    return 1;
  }
  writeFileSync(FEEDBACK_FILE, await formatted(resources));
  console.log(`feedback: wrote ${size} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
