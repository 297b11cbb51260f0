/**
 * One analysis, start to finish, for the CLI and the tests: files in (canonical or AuditEvent NDJSON,
 * detected per file or named), roles joined, DuckDB's `events` built (engines/duckdb-events.sql),
 * every metric computed.
 */
import { stat } from 'node:fs/promises';
import { openDuckDB } from './engines/duckdb';
import {
  assignRoles,
  createEvents,
  dedupeEvents,
  portableEvents,
  setAsideUnknownTypes,
  typeDimensions,
} from './engines/duckdb-load';
import { CREATE_TABLES, insertRoles, type SqlEngine } from './engines/engine';
import { readGaps, type LogGap } from './gaps';
import { detectFormat, type Format } from './lines';
import { loadFile, type FileReport, type Progress } from './load';
import { readMetricSql } from './metric-files';
import { runMetrics, type MetricRow } from './metrics';
import { readRoles } from './roles';

export interface AnalyzeOptions {
  /** Force one format for every file instead of detecting it. */
  format?: Format;
  /** PractitionerRole NDJSON for the role dimension. */
  roles?: string;
  pseudonymKey?: string;
  minN?: number;
  /** Progress by stage: reading each file (DuckDB's own progress), duplicates, metrics. */
  onProgress?: Progress;
  /** Keep the engine open, with the flat table of every line, to write Parquet; the caller closes it. */
  keepEngine?: boolean;
  /** Also the per-clinician rows (metrics.ts); default false. */
  perClinician?: boolean;
  /** Tables in a compressed scratch file (engines/duckdb.ts); default: inputs above 1.5 GB. */
  onDisk?: boolean;
  /** DuckDB's memory limit (default 1GB) and threads (default: every core). */
  memoryLimit?: string;
  threads?: number;
}

export interface Analysis {
  files: FileReport[];
  rolesSkipped: { line: number; reason: string }[];
  /** Later copies of an event id that were not counted. */
  duplicates: number;
  metrics: MetricRow[];
  /** What the log says it lost before delivery (events-dropped), by month, reason and sink. */
  gaps: LogGap[];
  /** What the analyst should know that is not an input error (a roles file that matched no one). */
  warnings: string[];
  engine?: SqlEngine;
}

/**
 * A roles file that matched no clinician while the clinicians are pseudonyms: the sink's key is
 * missing, and every role would silently read "unknown". A sample of rows is enough to tell.
 */
async function rolesWarning(engine: SqlEngine, options: AnalyzeOptions): Promise<string[]> {
  if (!options.roles || options.pseudonymKey) return [];
  const [row] = await engine.query(`SELECT count(*) FILTER (WHERE role <> 'unknown') AS matched,
    count(*) FILTER (WHERE regexp_full_match(practitioner, '[A-Za-z]+/[0-9a-f]{64}')) AS hashed
    FROM (SELECT role, practitioner FROM events LIMIT 100000)`);
  return Number(row?.matched ?? 0) === 0 && Number(row?.hashed ?? 0) > 0
    ? [
        'no clinician matched --roles: the events are pseudonymised, so give the sink\'s key with --pseudonym-key (every role reads "unknown" without it)',
      ]
    : [];
}

/**
 * What the analyst is told of the events of a type this tool does not know (an app newer than it, a
 * sink that writes its own types; a type written as a number arrives as its text): each type and its
 * count. They were set aside before the metrics (setAsideUnknownTypes), never dropped unseen.
 */
function unknownTypesWarning(types: readonly { type: string; count: number }[]): string[] {
  if (!types.length) return [];
  const total = types.reduce((n, t) => n + t.count, 0);
  const named = types.slice(0, 5).map((t) => `${JSON.stringify(t.type).slice(0, 60)}: ${t.count}`);
  const more = types.length > 5 ? ` and ${types.length - 5} more type(s)` : '';
  return [
    `${total} event(s) of a type this version does not know, counted in no metric (${named.join(', ')}${more}); a newer app's log needs a newer analyze`,
  ];
}

/**
 * Input size from which tables go to a compressed scratch file: uncompressed, about four million
 * canonical events (1.5 GB of NDJSON) fill DuckDB's 1 GB, and every later scan would read spilled
 * blocks back from disk; below it, compressing would only cost time.
 */
const ON_DISK_FROM = 1.5 * 2 ** 30;

/**
 * Analyses NDJSON files; throws only when a file cannot be read at all.
 *
 * @example const { metrics, files } = await analyzeFiles(['events.ndjson'], { roles: 'roles.ndjson' })
 */
export async function analyzeFiles(
  paths: readonly string[],
  options: AnalyzeOptions = {},
): Promise<Analysis> {
  const bytes = (await Promise.all(paths.map((p) => stat(p)))).reduce((n, s) => n + s.size, 0);
  const engine = await openDuckDB({
    ...(options.memoryLimit ? { memoryLimit: options.memoryLimit } : {}),
    ...(options.threads ? { threads: options.threads } : {}),
    onDisk: options.onDisk ?? bytes > ON_DISK_FROM,
  });
  const progress = options.onProgress;
  try {
    // `flat` only for Parquet: the metrics read `events`, built straight from each file.
    await engine.exec(
      options.keepEngine ? CREATE_TABLES : 'CREATE TABLE roles (practitioner VARCHAR, role VARCHAR);',
    );
    let rolesSkipped: Analysis['rolesSkipped'] = [];
    if (options.roles) {
      const read = await readRoles(options.roles, options);
      await insertRoles(engine, read.roles);
      rolesSkipped = read.skipped;
    }
    await createEvents(engine);
    const files: FileReport[] = [];
    for (const path of paths) {
      const { size } = await stat(path);
      const format = options.format ?? (size === 0 ? undefined : await detectFormat(path));
      progress?.(`reading ${path}`, 0);
      if (size === 0)
        files.push({ path, format: 'empty', loaded: 0, skipped: [], unread: [], unreadLines: 0 });
      // A file with no event in its first lines is read as canonical, so each bad line is still
      // counted with its number.
      else
        files.push(
          await loadFile(engine, path, format ?? 'canonical', {
            size,
            keepFlat: options.keepEngine === true,
            ...(progress ? { onProgress: progress } : {}),
          }),
        );
      progress?.(`reading ${path}`, 1);
    }
    progress?.('removing duplicate deliveries', 0);
    // Before the duplicates, as 00-events.sql: an id given to a known and an unknown event keeps the known.
    const unknownTypes = await setAsideUnknownTypes(engine);
    const duplicates = await dedupeEvents(engine);
    await assignRoles(engine);
    await typeDimensions(engine);
    progress?.('removing duplicate deliveries', 1);
    // Every metric file but the portable definition of `events` (00-events.sql): DuckDB built its own.
    const sql = Object.fromEntries(Object.entries(await readMetricSql()).filter(([n]) => n !== '00-events'));
    // The card instances as a temporary table: in memory, not compressed into the scratch file with
    // `events` (3 of 5 s at ten million events); same SQL otherwise.
    if (sql['01-card-instances'])
      sql['01-card-instances'] = sql['01-card-instances'].replace('CREATE TABLE', 'CREATE TEMP TABLE');
    const metrics = await runMetrics(engine, sql, {
      ...(options.minN === undefined ? {} : { minN: options.minN }),
      perClinician: options.perClinician === true,
      ...(progress ? { onProgress: (done: number) => progress('computing the metrics', done) } : {}),
    });
    const gaps = await readGaps(engine, `(${await portableEvents()}) AS events`);
    const warnings = [...unknownTypesWarning(unknownTypes), ...(await rolesWarning(engine, options))];
    return {
      files,
      rolesSkipped,
      duplicates,
      metrics,
      gaps,
      warnings,
      ...(options.keepEngine ? { engine } : {}),
    };
  } finally {
    if (!options.keepEngine) await engine.close();
  }
}
