/**
 * The simulator's analytics endpoint, the NDJSON sink of its config: keeps each event once by id (as
 * a real receiver deduplicates an at-least-once stream) and answers GET with what it holds. Like a real
 * server it is one store for every page: msw handlers live in each page, so what it received is kept
 * in localStorage (the latest 5,000 events), not in the page that happened to send it. Its answers carry
 * the CORS headers a real receiver on another origin needs.
 */
import { HttpResponse, http, type HttpHandler } from 'msw';

export const ANALYTICS_SIM_URL = 'https://analytics.sim.invalid/events';

const KEY = 'learning-loop-sim:analytics';
/**
 * What a real cross-origin receiver must send: without exposing Retry-After, the browser hides it and
 * the app cannot honour it (it then backs off on its own).
 */
const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Retry-After',
};
const KEEP = 5_000;

function load(storage: Storage | undefined): Map<string, unknown> {
  try {
    return new Map(JSON.parse(storage?.getItem(KEY) ?? '[]') as [string, unknown][]);
  } catch {
    return new Map();
  }
}

export function createMockAnalytics(storage: Storage | undefined = globalThis.localStorage): {
  handlers: HttpHandler[];
  events: () => Map<string, unknown>;
} {
  let memory = new Map<string, unknown>();
  const read = () => (storage ? load(storage) : memory);
  const save = (events: Map<string, unknown>) => {
    const kept = [...events].slice(-KEEP);
    if (storage) storage.setItem(KEY, JSON.stringify(kept));
    else memory = new Map(kept);
  };
  const handlers = [
    http.post(ANALYTICS_SIM_URL, async ({ request }) => {
      if (!request.headers.get('content-type')?.startsWith('application/x-ndjson'))
        return HttpResponse.json({ error: 'expected application/x-ndjson' }, { status: 415, headers: CORS });
      const lines = (await request.text()).split('\n').filter((l) => l.trim());
      const events = read();
      try {
        for (const line of lines) {
          const event = JSON.parse(line) as { id?: unknown };
          if (typeof event.id !== 'string') throw new Error('an event without id');
          events.set(event.id, event);
        }
      } catch (error) {
        return HttpResponse.json({ error: String(error) }, { status: 400, headers: CORS });
      }
      save(events);
      return new HttpResponse(null, { status: 202, headers: CORS });
    }),
    http.get(
      ANALYTICS_SIM_URL,
      () =>
        new HttpResponse([...read().values()].map((e) => JSON.stringify(e)).join('\n'), {
          headers: { 'Content-Type': 'application/x-ndjson' },
        }),
    ),
  ];
  return { handlers, events: read };
}
