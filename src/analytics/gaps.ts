/**
 * The log's own record of what it lost. When a clinician's computer lets events go unsent (older
 * than the outbox's maximum age, beyond its size, held for a sink refused too long), it writes an
 * `events-dropped` event saying how many, when they were emitted, why, and which sink misses them.
 * The metrics count only what was delivered, so the analyst must see where they undercount: every
 * output of an analysis carries these gaps, and the report puts them before the first metric.
 */
import type { SqlEngine } from './engines/engine';

export interface LogGap {
  /** The month the gap was recorded (`YYYY-MM`). */
  month: string;
  /** max-age, max-size, sink-released or set-aside-expired (telemetry/event.ts). */
  reason: string;
  /** The one sink that misses the events; null when no sink has them. */
  sink: string | null;
  /** events-dropped records, each counted once by its event id. */
  records: number;
  /** Events dropped: the sum of their counts. */
  events: number;
  /** The earliest and latest emission time of a dropped event (RFC 3339). */
  first: string | null;
  last: string | null;
}

/** Portable SQL over `events` (DuckDB, PostgreSQL, Spark), after duplicates are removed. */
export const GAPS_SQL = `SELECT month, dropped_reason AS reason, dropped_sink AS sink, COUNT(*) AS records,
  SUM(dropped_count) AS events, MIN(dropped_from) AS first_dropped, MAX(dropped_to) AS last_dropped
FROM events WHERE event_type = 'events-dropped'
GROUP BY month, dropped_reason, dropped_sink`;

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const key = (g: LogGap) => `${g.month}\u0000${g.reason}\u0000${g.sink ?? ''}`;

/**
 * The gaps the loaded events record, by month, reason and sink, in that order.
 *
 * @example await readGaps(engine) // [{ month: '2026-03', reason: 'max-age', sink: null, records: 1, events: 40, ... }]
 */
export async function readGaps(engine: SqlEngine): Promise<LogGap[]> {
  const rows = await engine.query(GAPS_SQL);
  return rows
    .map((r) => ({
      month: String(r.month),
      reason: String(r.reason ?? 'unknown'),
      sink: text(r.sink),
      records: Number(r.records),
      events: Number(r.events ?? 0),
      first: text(r.first_dropped),
      last: text(r.last_dropped),
    }))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

const REASONS: Record<string, string> = {
  'max-age': 'older than the maximum age',
  'max-size': 'beyond the outbox size',
  'sink-released': 'held for a sink refused too long',
  'set-aside-expired': 'set aside (refused) past the limits',
};

/**
 * One sentence for a terminal or a report: how many events the log says it lost, and why; undefined
 * when it records no gap.
 *
 * @example gapSummary(gaps) // "40 events were dropped on clinicians' computers before delivery (40 older than ..."
 */
export function gapSummary(gaps: readonly LogGap[]): string | undefined {
  if (!gaps.length) return undefined;
  const total = gaps.reduce((n, g) => n + g.events, 0);
  const byReason = new Map<string, number>();
  for (const g of gaps) byReason.set(g.reason, (byReason.get(g.reason) ?? 0) + g.events);
  const reasons = [...byReason]
    .map(([reason, n]) => `${n.toLocaleString('en')} ${REASONS[reason] ?? reason}`)
    .join('; ');
  const named = gaps.some((g) => g.sink !== null);
  return (
    `${total.toLocaleString('en')} event${total === 1 ? ' was' : 's were'} dropped on clinicians' computers before delivery (${reasons}): ` +
    `the metrics undercount where these gaps fall${named ? ' (a gap that names a sink is missing from that sink only)' : ''}.`
  );
}
