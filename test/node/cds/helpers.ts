import type { SetupServer } from 'msw/node';
import { createMockCds, type CdsMockLog } from '../../../mocks/cds/handlers';
import type { CdsFlags } from '../../../mocks/cds/options';
import type { CdsService, PatientViewContext } from '../../../src/cds/types';
import { CDS_SIM_BASE, CDS_SIM_SERVICE_ID } from '../../../mocks/cds/options';
import { patient } from '../../factories/fhir';

/** Switches the tests flip; the mock reads them on every request. */
export const state: { flags: CdsFlags; patients: readonly string[] | undefined } = {
  flags: {},
  patients: undefined,
};

/** Installs a fresh simulated provider (empty log, default flags) on the server. */
export function serveCds(server: SetupServer): CdsMockLog {
  state.flags = {};
  state.patients = undefined;
  const { handlers, log } = createMockCds({ flags: () => state.flags, patients: () => state.patients });
  server.resetHandlers(...handlers);
  return log;
}

export const context: PatientViewContext = {
  userId: 'Practitioner/pr-1',
  patientId: 'p-1',
  encounterId: 'enc-1',
};

/** What the app has loaded: the patient, as the context loader fetched it. */
export const available = new Map<string, unknown>([['Patient/p-1', patient()]]);

/** The demo service as discovery describes it. */
export const fluService: CdsService = {
  base: CDS_SIM_BASE,
  id: CDS_SIM_SERVICE_ID,
  hook: 'patient-view',
  description: 'demo',
  prefetch: { patient: 'Patient/{{context.patientId}}' },
};

/** Milliseconds an async function takes, with its settled value. */
export async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}
