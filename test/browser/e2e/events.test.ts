import { expect } from '@open-wc/testing';
import { generateDataset } from '../../../mocks/data';
import {
  cardWith,
  clickButton,
  deepText,
  openSimulator,
  searchAsEhr,
  waitFor,
  type Launched,
} from './harness';

/** The interaction log end to end: the simulator's FHIR server and analytics endpoint receive the events. */
const dataset = generateDataset();
const clinician = dataset.practitioners[0]?.id ?? '';
const patient = dataset.patients.find((p) => p.scenarios.includes('hba1c:trigger-high'))?.id ?? '';

let launched: Launched | undefined;
afterEach(() => launched?.remove());

interface Event {
  id: string;
  type: string;
  at: string;
  session: string;
  patient?: string;
  card?: string;
  visibleMs?: number;
}

async function analyticsEvents(l: Launched): Promise<Event[]> {
  const app = l.appFrame()?.contentWindow;
  if (!app) return [];
  // While the frame is still starting (or once it is gone) there is nothing to read yet.
  const text = await app
    .fetch('https://analytics.sim.invalid/events')
    .then((r) => r.text())
    .catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Event);
}

describe('interaction log in the simulator (Chromium, IndexedDB outbox, msw sinks)', () => {
  it('session, seen and dismissed reach the analytics endpoint (pseudonymised) and the FHIR server', async () => {
    launched = openSimulator({ patient, practitioner: clinician, launch: 'ehr' });
    const l = launched;
    await waitFor(() => l.panelText().includes('Diabetes:'), 'the card');
    cardWith(l, 'Diabetes:')?.scrollIntoView();
    let events: Event[] = [];
    // Seen after a second on screen (and delivered within the batching time), then dismissed.
    await waitFor(
      () => {
        void analyticsEvents(l).then((e) => (events = e));
        return events.some((e) => e.type === 'card-shown');
      },
      'card-shown at the analytics endpoint',
      15_000,
    );
    clickButton(cardWith(l, 'Diabetes:'), 'Dismiss');
    // The endpoint keeps every session's events (one store, like a real server): look at this one.
    let session = '';
    await waitFor(
      () => {
        void analyticsEvents(l).then((e) => {
          const dismissed = e
            .filter((x) => x.type === 'card-dismissed')
            .sort((a, b) => a.at.localeCompare(b.at));
          session = dismissed.at(-1)?.session ?? '';
          events = e.filter((x) => x.session === session);
        });
        return ['session-started', 'card-shown', 'card-dismissed'].every((t) =>
          events.some((e) => e.type === t),
        );
      },
      'the events at the analytics endpoint',
      20_000,
    ).catch((error: Error) => {
      throw new Error(
        `${error.message}; got ${events.map((e) => e.type).join(', ') || 'none'}; panel: ${l.panelText().slice(0, 400)}`,
      );
    });
    const shown = events.find((e) => e.type === 'card-shown');
    expect(shown?.visibleMs).to.be.at.least(1000);
    expect(
      events.every((e) => /^Patient\/[0-9a-f]{64}$/.test(e.patient ?? '')),
      'patient ids are pseudonyms',
    ).to.equal(true);
    let audits: unknown[] = [];
    let problem = '';
    await waitFor(
      () => {
        void searchAsEhr(l, `AuditEvent?patient=Patient/${patient}&_count=500`, patient).then(
          (a) => (audits = a.filter((x) => JSON.stringify(x).includes(session))),
          (e: Error) => (problem = e.message),
        );
        return audits.length >= 3;
      },
      'the AuditEvents on the FHIR server',
      15_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}: ${audits.length} found; ${problem}`);
    });
    const types = audits.map((a) => (a as { subtype?: { code?: string }[] }).subtype?.[0]?.code);
    expect(types).to.include.members(['session-started', 'card-shown', 'card-dismissed']);
    expect(deepText(l.appFrame()?.contentDocument?.body)).to.not.include('waited more than');
    // The simulator shows each sink's progress through the outbox.
    const simulator = l.simulator.contentDocument?.querySelector('ehr-simulator');
    await waitFor(
      () =>
        /ndjson:https:\/\/analytics\.sim\.invalid\/events\s*:\s*up to event #\s*\d+\s*,\s*0 waiting/.test(
          deepText(simulator),
        ),
      'the outbox status in the simulator',
      10_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}: ${deepText(simulator).slice(-400)}`);
    });
  });
});
