import { expect, fixture, html } from '@open-wc/testing';
import type { MeasureReport, MedicationRequest, Resource } from '@medplum/fhirtypes';
import type { StorePersistence } from '../../../mocks/fhir/store';
import '../../../smart-launch/simulator/loop-controls';
import type { SimLoopControls } from '../../../smart-launch/simulator/loop-controls';
import type { RerunAnswer } from '../../../smart-launch/simulator/loop-actions';
import { RERUN_PATH } from '../../../smart-launch/simulator/rerun-path';
import { SUGGESTION_IDENTIFIER_SYSTEM } from '../../../src/prompts/drafts';
import { deepText, waitFor } from './harness';

/*
 * The simulator's loop controls in Chromium, clicked like a person: "Sign drafts" signs the app's draft
 * orders in the mock EHR's store; "Re-run the measures" posts the EHR to the dev server and stores the
 * reports it answers. web-test-runner does not serve Vite's middleware, so the endpoint here is a fake
 * answering as measures-plugin.ts does (the plugin and the batch are tested in Node:
 * test/node/measures/simulator-middleware.test.ts and simulator-rerun.test.ts), and as a static build
 * does (no middleware).
 */

/** The mock EHR's writes in memory: the element's store, apart from the IndexedDB other tests use. */
function memory(seed: Resource[]): StorePersistence & { held: Map<string, Resource> } {
  const held = new Map(seed.map((r) => [`${r.resourceType}/${r.id ?? ''}`, r]));
  return {
    held,
    loadAll: () => Promise.resolve([...held.values()]),
    put: (r) => Promise.resolve(void held.set(`${r.resourceType}/${r.id ?? ''}`, r)),
  };
}

const draft: MedicationRequest = {
  resourceType: 'MedicationRequest',
  id: 'draft-1',
  meta: { versionId: '1' },
  identifier: [{ system: SUGGESTION_IDENTIFIER_SYSTEM, value: 'card-1:enoxaparin' }],
  status: 'draft',
  intent: 'order',
  medicationCodeableConcept: { text: 'Enoxaparin 40 mg SC daily' },
  subject: { reference: 'Patient/p-001' },
  requester: { reference: 'Practitioner/pr-001' },
};
const report: MeasureReport = {
  resourceType: 'MeasureReport',
  id: 'mr-1',
  status: 'complete',
  type: 'summary',
  measure: 'https://learning-loop.example.org/fhir/Measure/vte-prophylaxis|1.0.0',
  period: { start: '2026-12-01T00:00:00.000Z', end: '2026-12-31T23:59:59.999Z' },
};
const answer: RerunAnswer = {
  periods: [{ period: '2026-12', evaluated: 3, cases: { 'vte-prophylaxis': 2 }, seeded: 0 }],
  reports: [report],
  groups: [],
  events: 2,
  notes: [
    'Signed order MedicationRequest/draft-1 for Patient/p-001: VTE prophylaxis (2026-12): met (numerator)',
  ],
};

const realFetch = window.fetch;
afterEach(() => {
  window.fetch = realFetch;
});

async function controls(persistence: StorePersistence) {
  const data = { now: '2026-12-14T09:00:00.000Z', resources: [] as Resource[] };
  const el = await fixture<SimLoopControls>(
    html`<sim-loop-controls .data=${data} .persistence=${persistence}></sim-loop-controls>`,
  );
  const button = (label: string) =>
    [...(el.shadowRoot?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.includes(label));
  const status = () => deepText(el.shadowRoot?.querySelector('[role="status"]'));
  return { el, button, status };
}

describe('the loop controls of the simulator (Chromium)', () => {
  it('signs the drafts, re-runs through the dev server and stores its reports for the next launch', async () => {
    // An earlier re-run's report is held too: it is not the EHR's record, so it is not posted.
    const store = memory([draft, { ...report, id: 'mr-old' }]);
    const { el, button, status } = await controls(store);
    await expect(el).shadowDom.to.be.accessible();
    button('Sign drafts')?.click();
    await waitFor(() => status().includes('Signed 1 order'), 'the signed order', 5_000);
    expect(status()).to.include('Enoxaparin 40 mg SC daily for Patient/p-001');
    const signed = store.held.get('MedicationRequest/draft-1') as MedicationRequest;
    expect([signed.status, signed.meta?.versionId]).to.deep.equal(['active', '2']);

    let posted: { now?: string; resources?: MedicationRequest[] } = {};
    let path = '';
    window.fetch = (input, init) => {
      path = new URL(String(input)).pathname;
      posted = JSON.parse(String(init?.body)) as typeof posted;
      return Promise.resolve(Response.json(answer));
    };
    // By keyboard: the button keeps the focus while the batch runs and after (busy is aria-disabled).
    const rerun = button('Re-run the measures');
    rerun?.focus();
    rerun?.click();
    await el.updateComplete;
    expect(rerun?.getAttribute('aria-disabled')).to.equal('true');
    await waitFor(() => status().includes('Wrote 1 report'), 'the re-run written', 5_000);
    expect(status()).to.not.include('Wrote 1 reports');
    expect(el.shadowRoot?.activeElement).to.equal(rerun);
    expect(rerun?.getAttribute('aria-disabled')).to.equal('false');
    expect(path).to.equal(RERUN_PATH);
    expect(posted.resources?.map((r) => `${r.resourceType}/${r.status ?? ''}`)).to.deep.equal([
      'MedicationRequest/active',
    ]);
    expect(status()).to.include('met (numerator)');
    expect(status()).to.include('Prompt uptake from 2 logged interactions');
    expect(store.held.get('MeasureReport/mr-1')?.meta?.versionId).to.equal('1');
  });

  it('in a static build (no dev server), says to use npm start instead of failing', async () => {
    for (const fake of [
      () =>
        new Response('<!doctype html><title>Simulator</title>', { headers: { 'content-type': 'text/html' } }),
      () => new Response('Not Found', { status: 404 }),
    ]) {
      const { button, status } = await controls(memory([]));
      window.fetch = () => Promise.resolve(fake());
      button('Re-run the measures')?.click();
      await waitFor(() => status().includes('could not be re-run'), 'the message', 5_000);
      expect(status()).to.include('static build');
      expect(status()).to.include('npm start');
    }
  });

  it("says the batch's own error when the dev server could not run it", async () => {
    const { button, status } = await controls(memory([]));
    window.fetch = () => Promise.resolve(Response.json({ error: 'no "now" instant' }, { status: 400 }));
    button('Re-run the measures')?.click();
    await waitFor(() => status().includes('could not be re-run'), 'the message', 5_000);
    expect(status()).to.include('the batch failed: no "now" instant');
  });
});
