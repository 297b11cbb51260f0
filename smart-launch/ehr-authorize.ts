import { html, render } from 'lit';
import { decideAuthorize } from '../mocks/smart/authorize-decision';
import { STANDALONE_PICK_KEY, decodeHandle, encodeHandle, type SimLaunch } from '../mocks/sim-constants';
import { generateDataset } from '../mocks/data';

/**
 * The simulated EHR's authorize page. A real authorization server would sign the clinician in and ask
 * for consent; this one decides from the request (and, for a standalone launch, the picked patient).
 */
function run(): void {
  const page = new URL(location.href);
  const pickHandle = sessionStorage.getItem(STANDALONE_PICK_KEY);
  const pick = pickHandle ? decodeHandle<SimLaunch>(pickHandle) : undefined;
  const outcome = decideAuthorize(page.searchParams, page, pick, Date.now());
  if (outcome.kind === 'redirect') return location.replace(outcome.url);
  if (outcome.kind === 'invalid') {
    render(
      html`<main>
        <h1>Simulated EHR: authorization refused</h1>
        <p role="alert">${outcome.message}</p>
      </main>`,
      document.body,
    );
    return;
  }
  const dataset = generateDataset();
  const choose = (patient: string) => {
    const launch: SimLaunch = {
      patient,
      practitioner: dataset.practitioners[0]?.id ?? 'pr-001',
      error: 'none',
      needPatientBanner: true,
    };
    sessionStorage.setItem(STANDALONE_PICK_KEY, encodeHandle(launch));
    run();
  };
  render(
    html`<main>
      <h1>Simulated EHR: choose a patient</h1>
      <p>Learning Loop was opened on its own and asked for <code>launch/patient</code>.</p>
      <ul>
        ${dataset.patients.map((p) => html`<li><button type="button" @click=${() => choose(p.id)}>${p.name}</button></li>`)}
      </ul>
    </main>`,
    document.body,
  );
}

run();
