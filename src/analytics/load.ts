/**
 * Loading inputs into DuckDB's `flat` table. Canonical NDJSON is read by DuckDB itself (parallel,
 * no JavaScript per line); a line it cannot read becomes an empty row, counted in SQL, and only then
 * is the file read again in JavaScript to say which lines and why. AuditEvent NDJSON goes through the
 * ViewDefinition runner (the one that passes the conformance suite), in worker threads for large
 * files, its rows to temporary NDJSON files, then into the same table.
 */
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { FLAT_COLUMNS } from './flat';
import { flattenRange, type RangeResult } from './flatten-audit';
import { canonicalProblem, lines, type Format } from './lines';
import type { SqlEngine } from './engines/engine';

export interface Skipped {
  line: number;
  reason: string;
}
export interface FileReport {
  path: string;
  format: Format | 'empty';
  loaded: number;
  skipped: Skipped[];
}

const sqlText = (s: string) => `'${s.replaceAll("'", "''")}'`;
const flatTypes = `{${FLAT_COLUMNS.map(([n, t]) => `${sqlText(n)}: ${sqlText(t)}`).join(', ')}}`;

/**
 * DuckDB's projection of a canonical event to the flat row. Canonical times are UTC (`Z`, checked when
 * emitted), so month and shift come from the text itself, which is cheaper than formatting timestamps;
 * shifts as in flat.ts.
 */
const CANONICAL = (file: string) => `
INSERT INTO flat SELECT
  "id", "type", "at", epoch_ms(ts), substr("at", 1, 7),
  CASE WHEN hour(ts) >= 19 THEN substr("at", 1, 10) || '/night'
       WHEN hour(ts) >= 7 THEN substr("at", 1, 10) || '/day'
       ELSE strftime(ts - INTERVAL 1 DAY, '%Y-%m-%d') || '/night' END,
  "session", "practitioner", "patient", "encounter", "unit", "rule".url, "rule".version, "card", "suggestion",
  "indicator", "source", "overrideReason".system, "overrideReason".code, "visibleMs"
FROM (
  SELECT *, TRY_CAST(rtrim("at", 'Z') AS TIMESTAMP) AS ts
  FROM read_json(${sqlText(file)}, format = 'newline_delimited', ignore_errors = true, columns = {
    'id': 'VARCHAR', 'type': 'VARCHAR', 'at': 'VARCHAR', 'session': 'VARCHAR', 'practitioner': 'VARCHAR',
    'patient': 'VARCHAR', 'encounter': 'VARCHAR', 'unit': 'VARCHAR',
    'rule': 'STRUCT(url VARCHAR, version VARCHAR)', 'card': 'VARCHAR', 'suggestion': 'VARCHAR',
    'indicator': 'VARCHAR', 'source': 'VARCHAR', 'overrideReason': 'STRUCT(system VARCHAR, code VARCHAR)',
    'visibleMs': 'BIGINT'})
)`;

const count = async (engine: SqlEngine, sql: string) => Number((await engine.query(sql))[0]?.n ?? 0);

/**
 * Canonical events of one file into `flat`; bad lines located only when DuckDB found some.
 *
 * @example await loadCanonical(duck, 'events.ndjson')
 */
export async function loadCanonical(engine: SqlEngine, path: string): Promise<FileReport> {
  const badRows =
    'SELECT count(*) AS n FROM flat WHERE event_id IS NULL OR event_type IS NULL OR at_ms IS NULL';
  const [before, badBefore] = [
    await count(engine, 'SELECT count(*) AS n FROM flat'),
    await count(engine, badRows),
  ];
  await engine.exec(CANONICAL(path));
  const after = await count(engine, 'SELECT count(*) AS n FROM flat');
  const bad = (await count(engine, badRows)) - badBefore;
  const skipped: Skipped[] = [];
  if (bad > 0)
    for await (const { number, text } of lines(path)) {
      const reason = canonicalProblem(text);
      if (reason) skipped.push({ line: number, reason });
    }
  return { path, format: 'canonical', loaded: after - before - bad, skipped };
}

/** Byte offsets that cut a file into `parts` ranges of whole lines. */
async function ranges(path: string, size: number, parts: number): Promise<[number, number][]> {
  const cuts = [0];
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(1 << 20);
    for (let k = 1; k < parts; k += 1) {
      let at = Math.max(Math.floor((size * k) / parts), cuts[cuts.length - 1] ?? 0);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
        if (bytesRead === 0) {
          at = size;
          break;
        }
        const nl = buffer.subarray(0, bytesRead).indexOf(10);
        if (nl !== -1) {
          at += nl + 1;
          break;
        }
        at += bytesRead;
      }
      cuts.push(Math.min(at, size));
    }
  } finally {
    await handle.close();
  }
  cuts.push(size);
  return cuts.slice(0, -1).map((c, i) => [c, cuts[i + 1] ?? size]);
}

function runWorker(
  data: { path: string; start: number; end: number; out: string },
  onBytes: (read: number) => void,
): Promise<RangeResult> {
  return new Promise((resolve, reject) => {
    // Module hooks (tsx) do not follow a thread: the worker loads tsx's API and imports through it.
    const entry = new URL('./flatten-worker.ts', import.meta.url).href;
    const code = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}))`;
    const worker = new Worker(code, { eval: true, workerData: data });
    worker.on('message', (message: { read?: number; result?: RangeResult }) => {
      if (message.result) resolve(message.result);
      else if (message.read !== undefined) onBytes(message.read);
    });
    worker.on('error', reject);
    worker.on('exit', (code) =>
      code === 0 ? undefined : reject(new Error(`a loader thread stopped (${code})`)),
    );
  });
}

/**
 * AuditEvents of one file through the ViewDefinition into `flat`: large files in one worker thread
 * per core, each on its own range of lines (JSON parsing and the view are most of the cost).
 *
 * @example await loadAuditEvents(duck, 'export/AuditEvent.ndjson')
 */
export async function loadAuditEvents(
  engine: SqlEngine,
  path: string,
  onBytes?: (read: number) => void,
  options: { threads?: number } = {},
): Promise<FileReport> {
  const { size } = await stat(path);
  const threads = options.threads ?? (size < 16 << 20 ? 1 : Math.min(availableParallelism(), 4));
  const dir = await mkdtemp(join(tmpdir(), 'learning-loop-flat-'));
  try {
    const parts = await ranges(path, size, threads);
    const read = parts.map(() => 0);
    const report = (i: number) => (bytes: number) => {
      read[i] = bytes;
      onBytes?.(read.reduce((a, b) => a + b, 0));
    };
    const outs = parts.map((_, i) => join(dir, `flat-${i}.ndjson`));
    const results =
      threads === 1
        ? [await flattenRange(path, 0, size, outs[0] ?? '', report(0))]
        : await Promise.all(
            parts.map(([start, end], i) => runWorker({ path, start, end, out: outs[i] ?? '' }, report(i))),
          );
    let before = 0;
    const skipped: Skipped[] = [];
    for (const result of results) {
      skipped.push(...result.skipped.map((s) => ({ ...s, line: s.line + before })));
      before += result.lines;
    }
    const loaded = results.reduce((n, r) => n + r.loaded, 0);
    if (loaded > 0)
      await engine.exec(
        `INSERT INTO flat SELECT * FROM read_json([${outs.map(sqlText).join(', ')}], format = 'newline_delimited', columns = ${flatTypes})`,
      );
    return { path, format: 'audit', loaded, skipped };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
