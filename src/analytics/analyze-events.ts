/**
 * The analysis of an in-memory list of canonical events, for a page such as the simulator's analyst
 * view: the same metric SQL on PGlite (PostgreSQL in WebAssembly, which runs in a browser), the same
 * TypeScript step for intervals and suppression, the same report. Node-free: the caller hands in the
 * metric SQL texts (in Node `readMetricSql()`, in a Vite page `import.meta.glob('./metrics/*.sql',
 * { query: '?raw' })`) and, if it likes, another engine.
 */
import type { LoopEvent } from '../telemetry/event';
import { CREATE_TABLES, insertFlat, insertRoles, type SqlEngine } from './engines/engine';
import { flatFromCanonical } from './flat';
import { readGaps, type LogGap } from './gaps';
import { runMetrics, type MetricRow, type MetricSql } from './metrics';
import { renderReport, reportParts, type ReportParts } from './report';

export interface AnalyzeEventsOptions {
  sql: MetricSql;
  /** An empty engine to use; default a fresh in-memory PGlite, closed afterwards. */
  engine?: SqlEngine;
  /** Practitioner reference to role. */
  roles?: ReadonlyMap<string, string>;
  minN?: number;
  /** For the report's heading (the function has no clock of its own). */
  generatedAt: string;
  /** Where the events came from, for the report's list of inputs. */
  source?: string;
}

/**
 * Metric tables and the HTML report for a list of events.
 *
 * @example const { metrics, html } = await analyze(events, { sql: await readMetricSql(), generatedAt: new Date().toISOString() })
 */
export async function analyze(
  events: readonly LoopEvent[],
  options: AnalyzeEventsOptions,
): Promise<{ metrics: MetricRow[]; gaps: LogGap[]; html: string; report: ReportParts }> {
  const owned = options.engine === undefined;
  const engine = options.engine ?? (await (await import('./engines/pglite')).openPGlite());
  try {
    await engine.exec(CREATE_TABLES);
    await insertFlat(engine, events.map(flatFromCanonical));
    if (options.roles) await insertRoles(engine, options.roles);
    const minN = options.minN ?? 5;
    const metrics = await runMetrics(engine, options.sql, { minN });
    const gaps = await readGaps(engine);
    const input = {
      metrics,
      gaps,
      files: [
        {
          path: options.source ?? 'in-memory events',
          format: 'canonical',
          loaded: events.length,
          skipped: [],
          unread: [],
          unreadLines: 0,
        },
      ],
      minN,
      generatedAt: options.generatedAt,
      title: 'Learning Loop: uptake of the events logged here',
    };
    return { metrics, gaps, html: renderReport(input), report: reportParts(input) };
  } finally {
    if (owned) await engine.close();
  }
}
