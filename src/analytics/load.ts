/**
 * Loading inputs into DuckDB's `flat` table. Canonical NDJSON is read by DuckDB itself (parallel,
 * no JavaScript per line); a line it cannot read becomes an empty row, counted in SQL, and only then
 * is the file read again in JavaScript to say which lines and why. AuditEvent NDJSON goes through the
 * ViewDefinition runner (the one that passes the conformance suite), its rows to a temporary NDJSON
 * file, then into the same table.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FLAT_COLUMNS, flatFromView } from './flat';
import { canonicalProblem, lines, type Format } from './lines';
import type { SqlEngine } from './engines/engine';
import { compileView } from './view/run';

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

let auditView: ReturnType<typeof compileView> | undefined;

/** The app's ViewDefinition, compiled once. */
export async function appView(): Promise<ReturnType<typeof compileView>> {
  auditView ??= compileView(
    JSON.parse(await readFile(new URL('./views/audit-event.json', import.meta.url), 'utf8')),
  );
  return auditView;
}

/**
 * AuditEvents of one file through the ViewDefinition into `flat`.
 *
 * @example await loadAuditEvents(duck, 'export/AuditEvent.ndjson')
 */
export async function loadAuditEvents(
  engine: SqlEngine,
  path: string,
  onBytes?: (read: number) => void,
): Promise<FileReport> {
  const view = await appView();
  const dir = await mkdtemp(join(tmpdir(), 'learning-loop-flat-'));
  const out = join(dir, 'flat.ndjson');
  const stream = createWriteStream(out);
  const skipped: Skipped[] = [];
  let loaded = 0;
  let chunk = '';
  try {
    for await (const { number, text } of lines(path, onBytes)) {
      let resource: unknown;
      try {
        resource = JSON.parse(text);
      } catch {
        skipped.push({ line: number, reason: 'not JSON (truncated or corrupt line)' });
        continue;
      }
      const rows = view.rows(resource);
      const row = rows[0] ? flatFromView(rows[0]) : undefined;
      if (!row || row.event_id === null || row.event_type === null || row.at_ms === null) {
        skipped.push({ line: number, reason: 'not an AuditEvent of this app (no event tag, type or time)' });
        continue;
      }
      chunk += `${JSON.stringify(row)}\n`;
      loaded += 1;
      if (chunk.length > 1 << 20) {
        if (!stream.write(chunk)) await once(stream, 'drain');
        chunk = '';
      }
    }
    stream.end(chunk);
    await once(stream, 'finish');
    if (loaded > 0)
      await engine.exec(
        `INSERT INTO flat SELECT * FROM read_json(${sqlText(out)}, format = 'newline_delimited', columns = ${flatTypes})`,
      );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { path, format: 'audit', loaded, skipped };
}
