/**
 * The flat table every metric reads: one row per delivered line (duplicates still in; the metric SQL
 * removes them by event id). The same row comes from a canonical event (the NDJSON sink) and from its
 * AuditEvent (the FHIR sink or a Bulk export) through the app's ViewDefinition.
 */
import type { LoopEvent } from '../telemetry/event';
import type { ViewRow } from './view/types';
import { withoutControls } from '../core/printable';

/** Column names and portable SQL types, in table order. */
export const FLAT_COLUMNS = [
  ['event_id', 'VARCHAR'],
  ['event_type', 'VARCHAR'],
  ['event_time', 'VARCHAR'],
  ['at_ms', 'BIGINT'],
  ['month', 'VARCHAR'],
  ['shift', 'VARCHAR'],
  ['session', 'VARCHAR'],
  ['practitioner', 'VARCHAR'],
  ['patient', 'VARCHAR'],
  ['encounter', 'VARCHAR'],
  ['unit', 'VARCHAR'],
  ['rule', 'VARCHAR'],
  ['rule_version', 'VARCHAR'],
  ['card', 'VARCHAR'],
  ['suggestion', 'VARCHAR'],
  ['indicator', 'VARCHAR'],
  ['source', 'VARCHAR'],
  ['override_system', 'VARCHAR'],
  ['override_code', 'VARCHAR'],
  ['visible_ms', 'BIGINT'],
  ['latency_ms', 'BIGINT'],
  ['url_domain', 'VARCHAR'],
  // feedback-drilldown only: the measure (canonical URL) and the month opened.
  ['measure', 'VARCHAR'],
  ['measure_month', 'VARCHAR'],
  // events-dropped only: the log's own record of a gap (gaps.ts).
  ['dropped_count', 'BIGINT'],
  ['dropped_reason', 'VARCHAR'],
  ['dropped_sink', 'VARCHAR'],
  ['dropped_from', 'VARCHAR'],
  ['dropped_to', 'VARCHAR'],
] as const;

export type FlatColumn = (typeof FLAT_COLUMNS)[number][0];
export type FlatRow = Record<FlatColumn, string | number | null>;

/**
 * The shift an instant falls in, in UTC: day 07:00-19:00, night 19:00-07:00 (named by the date it
 * began). Units keep local shifts; the analyst moves the boundaries in one place, here and in the
 * DuckDB loader, when a site's differ.
 *
 * @example shiftOf('2026-03-02T03:00:00Z') // '2026-03-01/night'
 */
export function shiftOf(at: string): string {
  const ms = Date.parse(at);
  const hour = new Date(ms).getUTCHours();
  if (hour >= 7 && hour < 19) return `${at.slice(0, 10)}/day`;
  return `${new Date(ms - 7 * 36e5).toISOString().slice(0, 10)}/night`;
}

/** An event's time as the loaders take it; sources.ts gives DuckDB this same pattern. */
export const UTC_TIME = /^(\d{4})-(\d\d)-(\d\d)T\d\d:\d\d:\d\d(\.\d+)?Z$/;

/**
 * Epoch milliseconds of an RFC 3339 UTC time (`YYYY-MM-DDThh:mm:ss[.fff]Z`, as events carry it), NaN
 * for anything else, a day that does not exist (Date.parse takes 30 February as 2 March) included:
 * the DuckDB loader (sources.ts) reads the same times, and a test gives both the same odd ones.
 *
 * @example utcMillis('2026-03-02T03:00:00Z') // 1772420400000
 */
export function utcMillis(at: string): number {
  const parts = UTC_TIME.exec(at);
  if (!parts) return NaN;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  // setUTCFullYear, not Date.UTC: that takes years 0 to 99 as 1900 to 1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return NaN;
  return Date.parse(at);
}

/**
 * The host of an absolute URL, lower case: a followed link's domain, never its path or query (which
 * can carry patient data).
 *
 * @example urlDomain('https://Guidelines.example.org/vte?patient=1') // 'guidelines.example.org'
 */
export function urlDomain(url: string | null | undefined): string | null {
  const host = url
    ? /^[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[^/?#@]*@)?(\[[^\]/?#]*\]|[^/?#:]+)/.exec(url)?.[1]
    : undefined;
  return host ? host.toLowerCase() : null;
}

function timeColumns(at: string | null): Pick<FlatRow, 'event_time' | 'at_ms' | 'month' | 'shift'> {
  const ms = at === null ? NaN : utcMillis(at);
  if (at === null || Number.isNaN(ms)) return { event_time: at, at_ms: null, month: null, shift: null };
  return { event_time: at, at_ms: ms, month: at.slice(0, 7), shift: shiftOf(at) };
}

/**
 * A canonical event as a flat row.
 *
 * @example flatFromCanonical(event).month // '2026-03'
 */
export function flatFromCanonical(e: LoopEvent): FlatRow {
  return {
    event_id: e.id,
    event_type: e.type || null, // read from a file, '' is no type, as an AuditEvent's empty code
    ...timeColumns(e.at),
    session: e.session,
    practitioner: e.practitioner ?? null,
    patient: e.patient ?? null,
    encounter: e.encounter ?? null,
    unit: e.unit ?? null,
    rule: e.rule?.url ?? null,
    rule_version: e.rule?.version ?? null,
    card: e.card ?? null,
    suggestion: e.suggestion ?? null,
    indicator: e.indicator ?? null,
    source: e.source ?? null,
    override_system: e.overrideReason ? (e.overrideReason.system ?? null) : null,
    override_code: e.overrideReason?.code ?? null,
    visible_ms: e.visibleMs ?? null,
    latency_ms: e.latencyMs ?? null,
    url_domain: urlDomain(e.url),
    measure: e.measure?.url ?? null,
    measure_month: e.measure?.month ?? null,
    dropped_count: e.dropped?.count ?? null,
    dropped_reason: e.dropped?.reason ?? null,
    dropped_sink: e.dropped?.sink ?? null,
    dropped_from: e.dropped?.from ?? null,
    dropped_to: e.dropped?.to ?? null,
  };
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * A row of the app's ViewDefinition (`views/audit-event.json`) as a flat row: a reference or a
 * pseudonym identifier, whichever the AuditEvent has; the rule version from the rule's display; the
 * override reason split from its `system|code`.
 *
 * @example flatFromView(compiled.rows(auditEvent)[0])
 */
export function flatFromView(row: ViewRow): FlatRow {
  const reason = text(row.override_reason);
  const bar = reason === null ? -1 : reason.lastIndexOf('|');
  const display = text(row.rule_display);
  const number = (v: unknown) => {
    const t = text(v);
    return t === null || !/^-?\d+$/.test(t.trim()) ? null : Number(t);
  };
  return {
    event_id: text(row.event_id),
    event_type: text(row.event_type),
    ...timeColumns(text(row.at)),
    session: text(row.session),
    practitioner: text(row.practitioner_reference) ?? text(row.practitioner_pseudonym),
    patient: text(row.patient_reference) ?? text(row.patient_pseudonym),
    encounter: text(row.encounter),
    unit: text(row.unit),
    rule: text(row.rule),
    rule_version: display && display.includes('|') ? display.slice(display.lastIndexOf('|') + 1) : null,
    card: text(row.card),
    suggestion: text(row.suggestion),
    indicator: text(row.indicator),
    source: text(row.source),
    override_system: reason === null || bar === -1 ? null : reason.slice(0, bar) || null,
    override_code: reason === null ? null : reason.slice(bar + 1),
    visible_ms: number(row.visible_ms),
    latency_ms: number(row.latency_ms),
    url_domain: urlDomain(text(row.url)),
    measure: text(row.measure),
    measure_month: text(row.measure_month),
    dropped_count: number(row.dropped_count),
    dropped_reason: text(row.dropped_reason),
    dropped_sink: text(row.dropped_sink),
    dropped_from: text(row.dropped_from),
    dropped_to: text(row.dropped_to),
  };
}

/**
 * An event id as DuckDB's cast to UUID reads one (the loader keeps ids as UUIDs): 32 hex digits,
 * any hyphens anywhere, optionally in braces. Anything stricter here would list as skipped a line
 * the loader counted.
 */
const isUuid = (id: string) => {
  const bare = id.startsWith('{') && id.endsWith('}') ? id.slice(1, -1) : id;
  return /^[0-9a-f-]+$/i.test(bare) && bare.replaceAll('-', '').length === 32;
};

/**
 * Why a flat row is not an event the metrics can count, or undefined when it is: the test the DuckDB
 * loader applies in SQL (engines/duckdb-events.sql, step "drop"), in words for the skipped-line report.
 *
 * @example flatProblem(flatFromCanonical(event)) // undefined
 */
export function flatProblem(
  row: Pick<FlatRow, 'event_id' | 'event_type' | 'at_ms' | 'event_time'>,
): string | undefined {
  if (typeof row.event_id !== 'string' || !isUuid(row.event_id)) return 'the event id is not a UUID';
  if (row.event_type === null || row.event_type === '') return 'no event type';
  if (row.at_ms === null)
    return `the time is not RFC 3339 UTC (…Z): ${withoutControls(String(row.event_time)).slice(0, 40)}`;
  return undefined;
}
