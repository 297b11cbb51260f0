import type { Resource } from '@medplum/fhirtypes';
import type { HttpHandler } from 'msw';
import { fhirHandlers } from './fhir/handlers';
import { FhirStore, type StorePersistence } from './fhir/store';
import type { MockServerOptions } from './server-options';
import { smartHandlers } from './smart/handlers';

/** The whole mock EHR (authorization server and FHIR server) over one store; same in browser and Node. */
export async function createMockEhr(
  seed: readonly Resource[],
  options: MockServerOptions,
  persistence?: StorePersistence,
): Promise<{ handlers: HttpHandler[]; store: FhirStore }> {
  const store = new FhirStore(seed, persistence);
  await store.restore();
  return { handlers: [...smartHandlers(options), ...fhirHandlers(store, options)], store };
}
