/**
 * The simulator's analytics endpoint, the NDJSON sink of its config: keeps each event once by id (as
 * a real receiver deduplicates an at-least-once stream) and answers GET with what it holds.
 */
import { HttpResponse, http, type HttpHandler } from 'msw';

export const ANALYTICS_SIM_URL = 'https://analytics.sim.invalid/events';

export function createMockAnalytics(): { handlers: HttpHandler[]; events: Map<string, unknown> } {
  const events = new Map<string, unknown>();
  const handlers = [
    http.post(ANALYTICS_SIM_URL, async ({ request }) => {
      if (!request.headers.get('content-type')?.startsWith('application/x-ndjson'))
        return HttpResponse.json({ error: 'expected application/x-ndjson' }, { status: 415 });
      const lines = (await request.text()).split('\n').filter((l) => l.trim());
      try {
        for (const line of lines) {
          const event = JSON.parse(line) as { id?: unknown };
          if (typeof event.id !== 'string') throw new Error('an event without id');
          events.set(event.id, event);
        }
      } catch (error) {
        return HttpResponse.json({ error: String(error) }, { status: 400 });
      }
      return new HttpResponse(null, { status: 202 });
    }),
    http.get(
      ANALYTICS_SIM_URL,
      () =>
        new HttpResponse([...events.values()].map((e) => JSON.stringify(e)).join('\n'), {
          headers: { 'Content-Type': 'application/x-ndjson' },
        }),
    ),
  ];
  return { handlers, events };
}
