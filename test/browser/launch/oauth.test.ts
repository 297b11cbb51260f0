import { expect } from '@open-wc/testing';
import { generateDataset } from '../../../mocks/data';
import { SIM_ISS, encodeHandle, type SimLaunch } from '../../../mocks/sim-constants';
import { deepText, waitFor } from '../e2e/harness';

/**
 * The launch URL as an attacker or a careless EHR might write it, opened in Chromium against the
 * simulated EHR (msw, its authorize page checks the client id): fhirclient must not take the client,
 * the patient or the server from it, and a trailing-slash `iss` must be the same EHR everywhere.
 */
const dataset = generateDataset();
const patient = dataset.patients.find((p) => p.id === 'p-001');
const other = dataset.patients.find((p) => p.id === 'p-039');
const launch: SimLaunch = {
  patient: 'p-001',
  practitioner: 'pr-001',
  error: 'none',
  needPatientBanner: true,
};

function open(query: string): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  frame.style.width = '900px';
  frame.style.height = '700px';
  frame.src = `/smart-launch/launch.html?${query}`;
  document.body.append(frame);
  return frame;
}
const text = (frame: HTMLIFrameElement) => deepText(frame.contentDocument?.body);

afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

describe('OAuth details of the launch (Chromium, simulated EHR)', () => {
  it('clientId, patientId and fhirServiceUrl in the launch URL change nothing', async () => {
    const frame = open(
      new URLSearchParams({
        iss: SIM_ISS,
        launch: encodeHandle(launch),
        clientId: 'attacker-client',
        patientId: 'p-039',
        fhirServiceUrl: 'https://evil.example/fhir',
      }).toString(),
    );
    await waitFor(
      () => text(frame).includes(patient?.name ?? '?') || text(frame).includes('refused'),
      'the panel',
      30_000,
    );
    expect(text(frame)).not.to.include('authorization refused');
    expect(text(frame)).to.include(patient?.name ?? '?');
    expect(text(frame)).not.to.include(other?.name ?? '?');
  });

  it('a trailing-slash iss is the configured EHR in one form: one outbox, the right aud', async () => {
    const frame = open(new URLSearchParams({ iss: `${SIM_ISS}/`, launch: encodeHandle(launch) }).toString());
    await waitFor(() => text(frame).includes(patient?.name ?? '?'), 'the panel', 30_000);
    await waitFor(
      () => (frame.contentWindow?.location.pathname ?? '').endsWith('/app.html'),
      'the redirect page',
    );
    let names: string[] = [];
    const deadline = Date.now() + 20_000;
    while (!names.some((n) => n.startsWith('learning-loop-outbox:')) && Date.now() < deadline) {
      names = (await indexedDB.databases()).map((d) => d.name ?? '');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(names).to.include(`learning-loop-outbox:${SIM_ISS}`);
    expect(names).not.to.include(`learning-loop-outbox:${SIM_ISS}/`);
    const app = frame.contentWindow;
    const saved = Object.keys({ ...app?.sessionStorage })
      .map((k) => app?.sessionStorage.getItem(k) ?? '')
      .find((v) => v.includes('"serverUrl"'));
    expect(JSON.parse(saved ?? '{}').serverUrl).to.equal(SIM_ISS);
  });
});
