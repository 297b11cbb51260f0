/**
 * What an analysis leaves on disk: per metric a CSV and a JSON file, the per-clinician rows in
 * `by-clinician.csv` and `.json`, the log's gaps in `log-gaps.csv` and `.json`, `report.html`, `summary.json`
 * (inputs, lines read and skipped, with line numbers), and on request the flat table as Parquet,
 * Hive-partitioned by month (`month=2026-01/…parquet`), which Spark, BigQuery and Trino read directly.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Analysis } from './analyze';
import type { SqlEngine } from './engines/engine';
import { droppedBySink, type LogGap } from './gaps';
import { METRICS, type MetricRow } from './metrics';
import { renderReport } from './report';

const COLUMNS: (keyof MetricRow)[] = [
  'metric',
  'dimension',
  'dimension_value',
  'category',
  'numerator',
  'denominator',
  'value',
  'ci_low',
  'ci_high',
  'suppressed',
];

/**
 * One CSV field. Text from the input (a unit, a reason code) that starts like a formula is prefixed
 * with `'`, so a spreadsheet shows it instead of running it (OWASP's advice on CSV injection);
 * numbers are left alone, so a negative one stays a number.
 */
const csvCell = (v: unknown) => {
  let text = v === null || v === undefined ? '' : String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** The per-clinician file's columns: `dimension_value` is the practitioner there. */
const CLINICIAN_COLUMNS: (keyof MetricRow)[] = [
  'metric',
  'dimension_value',
  'period',
  'rule',
  ...COLUMNS.slice(3),
];
const CLINICIAN_HEADER = CLINICIAN_COLUMNS.map((c) => (c === 'dimension_value' ? 'practitioner' : c));

/**
 * Metric rows as CSV (RFC 4180, a header line, empty for null); the per-metric files' columns unless
 * others are given.
 *
 * @example toCsv(rows.filter((r) => r.metric === 'acceptance'))
 */
export function toCsv(
  rows: readonly MetricRow[],
  columns: readonly (keyof MetricRow)[] = COLUMNS,
  header: readonly string[] = columns,
): string {
  return (
    [header.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n'
  );
}

const GAP_COLUMNS: (keyof LogGap)[] = ['sink', 'month', 'reason', 'records', 'events', 'first', 'last'];
const gapsCsv = (gaps: readonly LogGap[]) =>
  [GAP_COLUMNS.join(','), ...gaps.map((g) => GAP_COLUMNS.map((c) => csvCell(g[c])).join(','))].join('\n') +
  '\n';

/**
 * Writes every output into `dir`; returns the paths written.
 *
 * @example await writeOutputs('out', analysis, { minN: 5, generatedAt: new Date().toISOString() })
 */
export async function writeOutputs(
  dir: string,
  analysis: Analysis,
  options: { minN: number; generatedAt: string; byClinician?: boolean },
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  const put = async (name: string, text: string) => {
    await writeFile(join(dir, name), text);
    written.push(join(dir, name));
  };
  const perClinician = analysis.metrics.filter((r) => r.dimension === 'practitioner');
  const overall = analysis.metrics.filter((r) => r.dimension !== 'practitioner');
  for (const { id } of METRICS) {
    const rows = overall.filter((r) => r.metric === id);
    await put(`${id}.csv`, toCsv(rows));
    await put(`${id}.json`, `${JSON.stringify(rows, null, 1)}\n`);
  }
  // Per clinician and month (acceptance, override, reason mix, ignore): a file of its own, as many
  // rows as clinicians times months, for the process measures and for feedback to each clinician.
  if (options.byClinician) {
    await put('by-clinician.csv', toCsv(perClinician, CLINICIAN_COLUMNS, CLINICIAN_HEADER));
    await put('by-clinician.json', `${JSON.stringify(perClinician, null, 1)}\n`);
  } else {
    // A directory used before keeps no per-clinician file from an earlier run beside this run's results.
    for (const name of ['by-clinician.csv', 'by-clinician.json']) await rm(join(dir, name), { force: true });
  }
  // The log's own record of events dropped before delivery: where every metric undercounts.
  await put('log-gaps.csv', gapsCsv(analysis.gaps));
  await put('log-gaps.json', `${JSON.stringify(analysis.gaps, null, 1)}\n`);
  await put(
    'report.html',
    renderReport({
      metrics: overall,
      gaps: analysis.gaps,
      files: analysis.files,
      warnings: analysis.warnings,
      minN: options.minN,
      generatedAt: options.generatedAt,
    }),
  );
  await put(
    'summary.json',
    `${JSON.stringify({ generatedAt: options.generatedAt, minN: options.minN, files: analysis.files, duplicates: analysis.duplicates, eventsDroppedBySink: droppedBySink(analysis.gaps), rolesSkipped: analysis.rolesSkipped, warnings: analysis.warnings }, null, 1)}\n`,
  );
  return written;
}

/**
 * A directory used before keeps no Parquet from an earlier run beside this run's CSV and JSON, which
 * would read as this run's flat table. Only ours is removed: a folder of `month=` partitions.
 *
 * @example await removeStaleParquet('analytics-out/flat')
 */
export async function removeStaleParquet(dir: string): Promise<void> {
  const entries = await readdir(dir).catch(() => undefined);
  if (entries?.every((e) => e.startsWith('month='))) await rm(dir, { recursive: true, force: true });
}

/**
 * The flat table (every readable line, duplicates kept, so the metric SQL runs on it unchanged) as
 * Parquet partitioned by month, with DuckDB's COPY, in place of whatever `dir` held.
 *
 * @example await writeParquet(engine, 'out/flat')
 */
export async function writeParquet(engine: SqlEngine, dir: string): Promise<void> {
  // COPY would keep an earlier run's months beside this run's (OVERWRITE_OR_IGNORE): start empty.
  await rm(dir, { recursive: true, force: true });
  const target = dir.replaceAll("'", "''");
  await engine.exec(
    `COPY (SELECT * FROM flat WHERE event_id IS NOT NULL AND event_type IS NOT NULL AND at_ms IS NOT NULL) ` +
      `TO '${target}' (FORMAT parquet, PARTITION_BY (month), OVERWRITE_OR_IGNORE true)`,
  );
}
