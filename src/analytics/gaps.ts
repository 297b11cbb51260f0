/**
 * The log's own record of what it lost. When a clinician's computer lets events go unsent (older
 * than the outbox's maximum age, beyond its size, held for a sink refused too long), it writes one
 * `events-dropped` event per sink that missed them (telemetry/retention.ts): how many, when they were
 * emitted, why, and which sink. Each record reaches every sink, so an analysis sees every sink's gaps,
 * each its own: the same events missed by two sinks are two records, never to be added up. The
 * metrics count only what was delivered; the analyst must see where they undercount.
 */
import type { SqlEngine } from './engines/engine';
import { withoutControls } from '../core/printable';

export interface LogGap {
  /** The month the gap was recorded (`YYYY-MM`); `first` and `last` say when the events were emitted. */
  month: string;
  /** max-age, max-size, sink-released or set-aside-expired (telemetry/event.ts). */
  reason: string;
  /** The sink that misses the events (its id, a URL without query); null when a record names none. */
  sink: string | null;
  /** events-dropped records, each counted once by its event id. */
  records: number;
  /** Events that sink misses: the sum of the records' counts. */
  events: number;
  /** The earliest and latest emission time of a dropped event (RFC 3339). */
  first: string | null;
  last: string | null;
}

/**
 * Portable SQL over `events` (DuckDB, PostgreSQL, Spark), after duplicates are removed. `from` is the
 * relation with its columns: DuckDB's own table keeps a gap's fields as one JSON text, and passes a
 * query that splits them (portableEvents in engines/duckdb-load.ts).
 */
export const gapsSql = (from = 'events') => `SELECT month, dropped_reason AS reason, dropped_sink AS sink,
  COUNT(*) AS records, SUM(dropped_count) AS events, MIN(dropped_from) AS first_dropped, MAX(dropped_to) AS last_dropped
FROM ${from} WHERE event_type = 'events-dropped'
GROUP BY month, dropped_reason, dropped_sink`;

/**
 * Text from the input as it may be shown: no control characters (a crafted file must not drive the
 * analyst's terminal), and a sink URL without its query or fragment (where a secret could sit).
 */
function shown(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return withoutControls(String(v)).replace(/(:\/\/[^?#]*)[?#].*$/, '$1');
}
const key = (g: LogGap) => `${g.sink ?? ''}\u0000${g.month}\u0000${g.reason}`;

/**
 * The gaps the loaded events record, by sink, month and reason, in that order.
 *
 * @example await readGaps(engine) // [{ month: '2026-03', reason: 'max-age', sink: 'fhir', records: 1, events: 40, ... }]
 */
export async function readGaps(engine: SqlEngine, from = 'events'): Promise<LogGap[]> {
  const rows = await engine.query(gapsSql(from));
  return rows
    .map((r) => ({
      month: String(r.month),
      reason: shown(r.reason) ?? 'unknown',
      sink: shown(r.sink),
      records: Number(r.records),
      events: Number(r.events ?? 0),
      first: shown(r.first_dropped),
      last: shown(r.last_dropped),
    }))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * Events missed, per sink (`(unnamed)` for a record that names none): each sink's own total, since
 * the same events appear once for every sink that missed them.
 *
 * @example droppedBySink(gaps) // { fhir: 8, 'ndjson:https://analytics.example.org/events': 6 }
 */
export function droppedBySink(gaps: readonly LogGap[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const g of gaps) out[g.sink ?? '(unnamed)'] = (out[g.sink ?? '(unnamed)'] ?? 0) + g.events;
  return out;
}

const REASONS = new Map([
  ['max-age', 'older than the maximum age'],
  ['max-size', 'beyond the outbox size'],
  ['sink-released', 'held for a sink refused too long'],
  ['set-aside-expired', 'set aside (refused) past the limits'],
]);

/**
 * One sentence for a terminal or a report: per sink, how many events the log says it missed and why;
 * undefined when it records no gap.
 *
 * @example gapSummary(gaps) // "The log records events dropped before delivery: fhir missed 8 (8 older than ...). ..."
 */
export function gapSummary(gaps: readonly LogGap[]): string | undefined {
  if (!gaps.length) return undefined;
  const sinks = new Map<string, Map<string, number>>();
  for (const g of gaps) {
    const sink = g.sink ?? '(unnamed)';
    const reasons = sinks.get(sink) ?? new Map<string, number>();
    reasons.set(g.reason, (reasons.get(g.reason) ?? 0) + g.events);
    sinks.set(sink, reasons);
  }
  const parts = [...sinks].map(([sink, reasons]) => {
    const total = [...reasons.values()].reduce((n, e) => n + e, 0);
    const why = [...reasons]
      .map(([reason, n]) => `${n.toLocaleString('en')} ${REASONS.get(reason) ?? reason}`)
      .join('; ');
    return `${sink} missed ${total.toLocaleString('en')} (${why})`;
  });
  return (
    `The log records events dropped on clinicians' computers before delivery: ${parts.join(', ')}. ` +
    `If these files come from one of those sinks, its metrics undercount by that many; each sink's gaps are its own, not to be added up.`
  );
}
