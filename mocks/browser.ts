import { setupWorker } from 'msw/browser';
import { generateDataset } from './data';
import { feedbackSeed } from './fhir/feedback-seed';
import { idbPersistence } from './fhir/idb-persistence';
import type { FhirStore } from './fhir/store';
import { createMockEhr } from './handlers';
import type { Resource } from '@medplum/fhirtypes';
import { createMockAnalytics } from './analytics';
import { createMockCds } from './cds/handlers';
import { fluDuePatients } from './cds/targets';
import { CDS_FLAGS_KEY, type CdsFlags } from './cds/options';
import { FLAGS_KEY, type ServerFlags } from './server-options';
import { SIM_AUTHORIZE_PAGE, dataNow } from './sim-constants';

/**
 * The measures batch's reports for the simulator's clinicians and wards, ending last month. Fetched as
 * a file, not imported as a module: Vite's dev server sent the 9 MB of JSON as a 72 MB module (escaped,
 * with its source map), and each page of a launch took ten seconds more to start.
 */
async function feedbackReports(now: Date): Promise<Resource[]> {
  const feedback = await fetch(new URL('./feedback/feedback.json', import.meta.url));
  if (!feedback.ok) throw new Error(`the simulator's feedback data did not load (HTTP ${feedback.status})`);
  return feedbackSeed((await feedback.json()) as Resource[], now);
}

function readFlags<T extends object>(key: string): () => T {
  return () => {
    try {
      return JSON.parse(sessionStorage.getItem(key) ?? '{}') as T;
    } catch {
      return {} as T;
    }
  };
}

/**
 * Starts the embedded EHR in this page: msw's worker answers the SMART and FHIR requests, and the
 * remote CDS Hooks service (https://cds.sim.invalid) and the analytics endpoint
 * (https://analytics.sim.invalid/events) of the simulator's config. Each page
 * that talks to the simulated EHR calls this before its first request (handlers live in the page).
 * `withFeedback: false` for a page that only asks the authorization server (the launch page): the
 * clinicians' feedback data is 9 MB of JSON to fetch and parse on every launch.
 */
export async function startMockEhr({ withFeedback = true } = {}): Promise<FhirStore> {
  const now = dataNow();
  const dataset = generateDataset({ now });
  const reports = withFeedback ? await feedbackReports(now) : [];
  const { handlers, store } = await createMockEhr(
    [...dataset.resources, ...reports],
    {
      authorizeUrl: new URL(SIM_AUTHORIZE_PAGE, location.href).href,
      now: Date.now,
      flags: readFlags<ServerFlags>(FLAGS_KEY),
    },
    idbPersistence(),
  );
  const fluPatients = fluDuePatients(dataset, now);
  const cds = createMockCds({ flags: readFlags<CdsFlags>(CDS_FLAGS_KEY), patients: () => fluPatients });
  const analytics = createMockAnalytics();
  const worker = setupWorker(...handlers, ...cds.handlers, ...analytics.handlers);
  await worker.start({
    serviceWorker: { url: new URL('mockServiceWorker.js', location.href).pathname },
    onUnhandledRequest: 'bypass',
    quiet: true,
  });
  return store;
}
