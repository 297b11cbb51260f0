import { expect } from '@open-wc/testing';
import { generateDataset } from '../../../mocks/data';
import { openSimulator, waitFor, type Launched } from './harness';

const dataset = generateDataset();
const ward = dataset.patients.find(
  (p) => p.unitId && p.encounterId && p.name && !p.scenarios.some((s) => s.startsWith('edge:')),
);
if (!ward) throw new Error('the synthetic data has no inpatient on a unit');
const unitName = dataset.units.find((u) => u.id === ward.unitId)?.name ?? '';
const clinician = dataset.practitioners[0];

let launched: Launched | undefined;
afterEach(() => launched?.remove());

async function launch(params: Record<string, string>, until: string) {
  launched = openSimulator({ patient: ward?.id ?? '', practitioner: clinician?.id ?? '', ...params });
  await waitFor(() => launched?.panelText().includes(until) ?? false, `"${until}" in the panel`);
  return launched;
}

describe('SMART launch in the local EHR simulator (Chromium, msw)', () => {
  it('EHR launch inside the iframe shows the patient and the unit', async () => {
    const l = await launch({ launch: 'ehr' }, unitName);
    expect(l.panelText()).to.include(ward.name);
    expect(l.panelText()).to.include(clinician?.name.split(' ').pop() ?? '');
    // Tokens live in sessionStorage only, and the code and state are gone from the address.
    const app = l.appFrame()?.contentWindow;
    expect(app?.location.search).to.not.match(/code=|state=/);
    expect(JSON.stringify({ ...app?.localStorage })).to.not.include('access_token');
    expect(
      Object.keys({ ...app?.sessionStorage }).some((k) =>
        (app?.sessionStorage.getItem(k) ?? '').includes('access_token'),
      ),
    ).to.equal(true);
  });

  it('standalone launch picks the patient and shows the same context', async () => {
    const l = await launch({ launch: 'standalone' }, unitName);
    expect(l.panelText()).to.include(ward.name);
  });

  it('an absolute fhirUser (Epic style) still names the clinician', async () => {
    const l = await launch({ launch: 'ehr', absoluteUser: '1' }, unitName);
    expect(l.panelText()).to.include(clinician?.name.split(' ').pop() ?? '');
  });

  it('a server that ignores _include still yields the unit', async () => {
    await launch({ launch: 'ehr', noInclude: '1' }, unitName);
  });

  it('an expired token is refreshed once and the panel loads', async () => {
    await launch({ launch: 'ehr', error: 'token-expired' }, unitName);
  });

  const failures: [string, Record<string, string>, string][] = [
    ['app opened directly', { launch: 'direct' }, 'opened directly, not launched from the EHR'],
    [
      'iss not on the allow-list',
      { launch: 'untrusted-iss' },
      'not one Learning Loop is configured to trust',
    ],
    ['authorize declined', { error: 'authorize-denied' }, 'Sign-in to Learning Loop was declined'],
    ['token endpoint error', { error: 'token-error' }, 'did not issue an access token'],
    ['no PKCE S256 at the server', { error: 'no-pkce' }, 'does not offer PKCE with S256'],
    ['FHIR server unreachable', { error: 'fhir-down' }, 'did not answer'],
    ['FHIR server 500', { error: 'fhir-500' }, 'had an error'],
    ['FHIR server 429', { error: 'fhir-429' }, 'Try again in 30 seconds'],
    ['FHIR server 403', { error: 'fhir-403' }, 'did not allow Learning Loop to read'],
  ];
  for (const [name, params, message] of failures) {
    it(`says what happened and what to do: ${name}`, async () => {
      await launch({ launch: 'ehr', ...params }, message);
    });
  }

  it('a granted scope missing turns the unit off and keeps the rest', async () => {
    const l = await launch({ launch: 'ehr', error: 'scope-reduced' }, 'Unit (ward) context is off');
    await waitFor(() => l.panelText().includes(ward.name), 'the patient');
    expect(l.panelText()).to.not.include(unitName);
  });
});
