/**
 * The analyst's view in the simulator (issue 13 item 7): the uptake report of the events the
 * simulator's NDJSON sink received (mocks/analytics.ts keeps them in this origin's localStorage), from
 * the same metric SQL files as `npm run analyze`, run by analyze-events.ts on PGlite, PostgreSQL in
 * WebAssembly, in this page. Loaded on the first click only: PGlite is about 15 MB. It needs
 * `'wasm-unsafe-eval'` in the simulator page's script-src (smart-launch/index.html), never on the
 * app's pages. It works the same under `npm start` and in the built simulator: nothing runs on a server.
 */
import { createMockAnalytics } from '../../mocks/analytics';
import { analyze } from '../../src/analytics/analyze-events';
import type { LoopEvent } from '../../src/telemetry/event';
import './analyst-report';

/**
 * The sink's events that look like events (the sink keeps any JSON object with an id).
 *
 * @example loggedEvents(createMockAnalytics().events().values()) // LoopEvent[]
 */
export function loggedEvents(stored: Iterable<unknown>): LoopEvent[] {
  return [...stored].filter((e): e is LoopEvent => {
    const r = e as Partial<Record<string, unknown>> | null;
    return typeof r?.id === 'string' && typeof r.type === 'string' && typeof r.at === 'string';
  });
}

declare global {
  interface ImportMeta {
    /** Vite's glob import (this page is only ever served or built by Vite). */
    glob(pattern: string, options: { query: '?raw'; import: 'default'; eager: true }): Record<string, string>;
  }
}

/**
 * The metric SQL files as text, by name: bundled with this chunk by Vite, so the page fetches nothing
 * (its CSP allows no `data:` fetch, which is how Vite would inline small files as URLs).
 */
function metricSql(): Record<string, string> {
  const files = import.meta.glob('../../src/analytics/metrics/*.sql', {
    query: '?raw',
    import: 'default',
    eager: true,
  });
  return Object.fromEntries(
    Object.entries(files).map(([path, text]) => [path.replace(/^.*\/|\.sql$/g, ''), text]),
  );
}

/** An error in words: PGlite and Emscripten throw plain objects as well as Errors. */
function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

/** The latest opening: an earlier one still computing when the view is opened again drops its result. */
let latest = 0;

/**
 * Opens the analyst's view: a modal dialog that shows the report once PGlite has computed it.
 *
 * @example button.addEventListener('click', () => void openAnalystView())
 */
export async function openAnalystView(): Promise<void> {
  const run = (latest += 1);
  const view =
    document.querySelector('sim-analyst-report') ??
    document.body.appendChild(document.createElement('sim-analyst-report'));
  const events = loggedEvents(createMockAnalytics().events().values());
  view.state = { status: 'pending', events: events.length };
  await view.open();
  try {
    const sql = metricSql();
    const { html, report } = await analyze(events, {
      sql,
      // A handful of events in a demonstration: show every cell.
      minN: 1,
      generatedAt: new Date().toISOString(),
      source: `the simulator's NDJSON sink (${events.length} events)`,
    });
    if (run === latest) view.state = { status: 'ready', report, html, events: events.length };
  } catch (error) {
    if (run === latest) view.state = { status: 'error', message: describeError(error) };
  }
}
