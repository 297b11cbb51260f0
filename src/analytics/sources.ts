/**
 * DuckDB queries that give the flat table's columns (flat.ts) straight from NDJSON files: canonical
 * events through `read_json` with an explicit schema (no type inference; DuckDB reads only the
 * columns a query asks for), AuditEvents through the app's ViewDefinition compiled to SQL. The
 * same projections as flatFromCanonical and flatFromView in flat.ts; a test checks they agree.
 */
import { FLAT_COLUMNS, UTC_TIME } from './flat';
import type { SqlView } from './view/sql';
import { readJson } from './view/sql-run';
import { sqlText } from './view/sql-paths';

/** `url_domain`: the host of an absolute URL, lower case, never the path or query (flat.ts). */
export const URL_HOST = String.raw`^[A-Za-z][A-Za-z0-9+.\-]*://(?:[^/?#@]*@)?(\[[^\]/?#]*\]|[^/?#:]+)`;
const domain = (url: string) => `lower(NULLIF(regexp_extract(${url}, ${sqlText(URL_HOST)}, 1), ''))`;

/**
 * Month and shift from the RFC 3339 UTC text (checked when emitted): the text is cheaper than
 * formatting a timestamp. Shifts as in flat.ts: day 07:00-19:00 UTC, night 19:00-07:00 named by the
 * date it began.
 */
const TIMES = (at: string, ts: string) => `${at} AS event_time, epoch_ms(${ts}) AS at_ms,
  CASE WHEN ${ts} IS NOT NULL THEN substr(${at}, 1, 7) END AS month,
  CASE WHEN hour(${ts}) >= 19 THEN substr(${at}, 1, 10) || '/night'
       WHEN hour(${ts}) >= 7 THEN substr(${at}, 1, 10) || '/day'
       ELSE strftime(${ts} - INTERVAL 1 DAY, '%Y-%m-%d') || '/night' END AS shift`;
/**
 * UTC only, as utcMillis in flat.ts: `YYYY-MM-DDThh:mm:ss[.fff]Z`, digits where it says so (the cast
 * alone takes a space or a sign there, and ignores an offset before the `Z`). flat.ts's own pattern,
 * whole-string matched; the cast then refuses a day that does not exist.
 */
const timestamp = (at: string) =>
  `TRY_CAST(CASE WHEN regexp_full_match(${at}, ${sqlText(UTC_TIME.source.replace(/^\^|\$$/g, ''))}) THEN ${at} END AS TIMESTAMP)`;

const CANONICAL_SCHEMA = `{'id': 'VARCHAR', 'type': 'VARCHAR', 'at': 'VARCHAR', 'session': 'VARCHAR',
  'practitioner': 'VARCHAR', 'patient': 'VARCHAR', 'encounter': 'VARCHAR', 'unit': 'VARCHAR',
  'rule': 'STRUCT(url VARCHAR, version VARCHAR)', 'card': 'VARCHAR', 'suggestion': 'VARCHAR',
  'indicator': 'VARCHAR', 'source': 'VARCHAR', 'overrideReason': 'STRUCT(system VARCHAR, code VARCHAR)',
  'visibleMs': 'BIGINT', 'latencyMs': 'BIGINT', 'url': 'VARCHAR', 'measure': 'STRUCT(url VARCHAR, month VARCHAR)',
  'dropped': 'STRUCT(count BIGINT, reason VARCHAR, sink VARCHAR, "from" VARCHAR, "to" VARCHAR)'}`;

const ORDER = FLAT_COLUMNS.map(([name]) => name).join(', ');

/**
 * The flat rows of canonical event files, one per line. Strict: a line that is not JSON, or a field
 * of a type the schema cannot take, fails the query, so no value is lost unseen (load.ts then reads
 * the file in JavaScript, which names the line and the field); a JSON line that is not an event gives
 * a row the loader drops.
 *
 * @example await duck.query(`SELECT count(*) FROM (${canonicalSource(['events.ndjson'])})`)
 */
export function canonicalSource(paths: readonly string[]): string {
  return `SELECT ${ORDER} FROM (SELECT "id" AS event_id, NULLIF("type", '') AS event_type, ${TIMES('"at"', 'ts')},
  "session" AS session, practitioner, patient, encounter, unit, "rule".url AS rule, "rule".version AS rule_version,
  card, suggestion, indicator, source, "overrideReason".system AS override_system,
  "overrideReason".code AS override_code, "visibleMs" AS visible_ms, "latencyMs" AS latency_ms,
  ${domain('url')} AS url_domain, "measure".url AS measure, "measure".month AS measure_month, "dropped".count AS dropped_count, "dropped".reason AS dropped_reason,
  "dropped".sink AS dropped_sink, "dropped"."from" AS dropped_from, "dropped"."to" AS dropped_to
FROM (SELECT *, ${timestamp('"at"')} AS ts FROM ${readJson(paths, CANONICAL_SCHEMA, { strict: true })}))`;
}

const blank = (column: string) => `NULLIF(v.${column}, '')`;

/**
 * The flat rows of AuditEvent files through the app's view compiled to SQL (one row per line; a line
 * that is not one of the app's AuditEvents gives a null event id). As flatFromView: a reference or
 * a pseudonym, the rule version after the display's last `|`, the reason split at its last `|`.
 *
 * @example auditSource(['AuditEvent.ndjson'], compileViewSql(appViewDefinition))
 */
export function auditSource(paths: readonly string[], view: SqlView): string {
  const keep = '__keep';
  // Strict, as canonical files: a value of the wrong shape refuses the file, which load.ts then reads
  // in JavaScript, naming each such value (line-row.ts) instead of reading it as empty unseen.
  const rows = view.select(readJson(paths, view.schema, { strict: true }), keep);
  const reason = blank('override_reason');
  return `SELECT ${ORDER} FROM (SELECT
  CASE WHEN v.${keep} THEN ${blank('event_id')} END AS event_id, ${blank('event_type')} AS event_type,
  ${TIMES(blank('"at"'), 'ts')},
  ${blank('session')} AS session,
  COALESCE(${blank('practitioner_reference')}, ${blank('practitioner_pseudonym')}) AS practitioner,
  COALESCE(${blank('patient_reference')}, ${blank('patient_pseudonym')}) AS patient,
  ${blank('encounter')} AS encounter, ${blank('unit')} AS unit, ${blank('rule')} AS rule,
  CASE WHEN contains(v.rule_display, '|') THEN regexp_extract(v.rule_display, '[^|]*$') END AS rule_version,
  ${blank('card')} AS card, ${blank('suggestion')} AS suggestion, ${blank('indicator')} AS indicator,
  ${blank('source')} AS source,
  CASE WHEN contains(${reason}, '|') THEN NULLIF(regexp_extract(${reason}, '^(.*)\\|[^|]*$', 1), '') END AS override_system,
  regexp_extract(${reason}, '[^|]*$') AS override_code,
  TRY_CAST(${blank('visible_ms')} AS BIGINT) AS visible_ms, TRY_CAST(${blank('latency_ms')} AS BIGINT) AS latency_ms,
  ${domain(blank('url'))} AS url_domain, ${blank('measure')} AS measure, ${blank('measure_month')} AS measure_month,
  TRY_CAST(${blank('dropped_count')} AS BIGINT) AS dropped_count, ${blank('dropped_reason')} AS dropped_reason,
  ${blank('dropped_sink')} AS dropped_sink, ${blank('dropped_from')} AS dropped_from, ${blank('dropped_to')} AS dropped_to
FROM (SELECT *, ${timestamp(`NULLIF(w."at", '')`)} AS ts FROM (${rows}) w) v)`;
}
