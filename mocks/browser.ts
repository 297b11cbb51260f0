import { setupWorker } from 'msw/browser';
import { generateDataset } from './data';
import { idbPersistence } from './fhir/idb-persistence';
import type { FhirStore } from './fhir/store';
import { createMockEhr } from './handlers';
import { FLAGS_KEY, type ServerFlags } from './server-options';
import { SIM_AUTHORIZE_PAGE, dataNow } from './sim-constants';

function readFlags(): ServerFlags {
  try {
    return JSON.parse(sessionStorage.getItem(FLAGS_KEY) ?? '{}') as ServerFlags;
  } catch {
    return {};
  }
}

/**
 * Starts the embedded EHR in this page: msw's worker answers the SMART and FHIR requests. Each page
 * that talks to the simulated EHR calls this before its first request (handlers live in the page).
 */
export async function startMockEhr(): Promise<FhirStore> {
  const dataset = generateDataset({ now: dataNow() });
  const { handlers, store } = await createMockEhr(
    dataset.resources,
    { authorizeUrl: new URL(SIM_AUTHORIZE_PAGE, location.href).href, now: Date.now, flags: readFlags },
    idbPersistence(),
  );
  const worker = setupWorker(...handlers);
  await worker.start({
    serviceWorker: { url: new URL('mockServiceWorker.js', location.href).pathname },
    onUnhandledRequest: 'bypass',
    quiet: true,
  });
  return store;
}
