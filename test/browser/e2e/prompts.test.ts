import { expect } from '@open-wc/testing';
import { generateDataset } from '../../../mocks/data';
import {
  cardWith,
  clickButton,
  deepText,
  openSimulator,
  queryDeep,
  searchAsEhr,
  waitFor,
  type Launched,
} from './harness';

/** The prompts in the local EHR simulator, as a clinician meets them: launch, read, act, relaunch. */
const dataset = generateDataset();
const clinician = dataset.practitioners[0]?.id ?? '';
const tagged = (tag: string) => {
  const patient = dataset.patients.find((p) => p.scenarios.some((s) => s.startsWith(tag)));
  if (!patient) throw new Error(`no synthetic patient tagged ${tag}`);
  return patient.id;
};

let launched: Launched | undefined;
afterEach(() => launched?.remove());

/**
 * Opens the simulator and waits until `until` shows: in a prompt card (the feedback section below
 * names the same measures, so the panel's text alone would match too early), or anywhere in the panel
 * for a text no card carries (`{ anywhere: true }`).
 */
async function launch(
  patient: string,
  until: string,
  params: Record<string, string> = {},
  { anywhere = false } = {},
) {
  launched = openSimulator({ patient, practitioner: clinician, launch: 'ehr', ...params });
  const l = launched;
  const shown = () => (anywhere ? l.panelText().includes(until) : !!cardWith(l, until));
  await waitFor(shown, `"${until}" in the panel`).catch((error: Error) => {
    throw new Error(`${error.message}; the panel shows: ${l.panelText().slice(0, 600)}`);
  });
  return l;
}

describe('prompts in the simulator (Chromium, rules worker, msw)', () => {
  it('shows the rule card for a trigger patient, with its source', async () => {
    const l = await launch(tagged('hba1c:trigger-high'), 'Diabetes:');
    const card = cardWith(l, 'Diabetes:');
    expect(deepText(card)).to.include('Source: ADA Standards of Care');
    expect(l.panelText()).to.not.include('could not run');
  });

  it('says there is nothing to prompt for a background patient, and that the failed service may have had some', async () => {
    const quiet = dataset.patients.find((p) => p.scenarios.length === 0 && p.unitId)?.id ?? '';
    const l = await launch(
      quiet,
      'No other prompts for this patient',
      { cds: 'error-500' },
      { anywhere: true },
    );
    expect(l.panelText()).to.include('service gave no prompts this time');
    expect(l.panelText()).not.to.include('other prompts are shown');
    expect(queryDeep(l.appFrame()?.contentDocument?.body, 'loop-card')).to.have.length(0);
  });

  it('accept saves one draft to sign, even clicked twice, and the next launch says it awaits signature', async () => {
    const patient = tagged('aki:trigger-48h');
    let l = await launch(patient, 'Creatinine rising');
    clickButton(cardWith(l, 'Creatinine rising'), 'Order a repeat serum creatinine');
    clickButton(cardWith(l, 'Creatinine rising'), 'Order a repeat serum creatinine');
    await waitFor(
      () => deepText(cardWith(l, 'Creatinine rising')).includes("Draft saved: sign it in the EHR's orders"),
      'the draft saved',
    );
    l.remove();
    l = await launch(patient, 'Creatinine rising');
    await waitFor(
      () =>
        /Draft awaiting signature since .+ Sign it in the EHR's orders/.test(
          deepText(cardWith(l, 'Creatinine rising')),
        ),
      'the card saying the draft awaits signature',
    );
    expect(
      queryDeep(cardWith(l, 'Creatinine rising'), '.card__suggestions button:not([disabled])'),
    ).to.have.length(0);
    const orders = await searchAsEhr(l, `ServiceRequest?patient=${patient}`, patient);
    const fromCard = orders.filter((o) => JSON.stringify(o).includes('urn:learning-loop:suggestion'));
    expect(fromCard, JSON.stringify(orders).slice(0, 500)).to.have.length(1);
    const [draft] = fromCard as { status?: string; requester?: { reference?: string } }[];
    expect(draft?.status).to.equal('draft');
    expect(draft?.requester?.reference).to.equal(`Practitioner/${clinician}`);
  });

  it('override records the reason the clinician chose, and it is remembered at the next launch', async () => {
    // Another physician, so this standing answer holds back nothing the other tests look for.
    const doctor = dataset.practitioners.find((p) => p.role === 'Physician' && p.id !== clinician)?.id ?? '';
    const patient = tagged('vte:trigger');
    let l = await launch(patient, 'VTE risk', { practitioner: doctor });
    const card = cardWith(l, 'VTE risk');
    clickButton(card, 'Override');
    await waitFor(() => queryDeep(card, 'input[name="reason"]').length > 0, 'the reasons');
    const reason = queryDeep(card, 'input[name="reason"]')[0] as HTMLInputElement;
    const chosen = reason.closest('label')?.textContent?.trim() ?? '?';
    reason.click();
    await waitFor(() => !queryDeep(card, 'button[type="submit"]')[0]?.hasAttribute('disabled'), 'enabled');
    (queryDeep(card, 'button[type="submit"]')[0] as HTMLButtonElement).click();
    await waitFor(() => deepText(card).includes(`Not followed: ${chosen}`), `the override "${chosen}"`);
    l.remove();
    l = await launch(patient, 'Snoozed or overridden', { practitioner: doctor }, { anywhere: true });
    expect(cardWith(l, 'VTE risk')).to.equal(undefined);
    const held = queryDeep(l.appFrame()?.contentDocument?.body, 'loop-held-list')[0];
    expect(deepText(held)).to.include(chosen);
  });

  it('a snooze is one clinician’s: it stays away for them on the next launch, another still sees the card, and undo brings it back', async () => {
    const patient = tagged('vte:trigger');
    let l = await launch(patient, 'VTE risk');
    const card = cardWith(l, 'VTE risk');
    clickButton(card, 'Snooze');
    await waitFor(() => queryDeep(card, '.card__snooze button').length > 0, 'the snooze times');
    clickButton(card, '1 day');
    await waitFor(() => !cardWith(l, 'VTE risk'), 'the card to leave');
    l.remove();
    const colleague = dataset.practitioners.find((p) => p.id !== clinician)?.id ?? '';
    l = await launch(patient, 'VTE risk', { practitioner: colleague });
    l.remove();
    l = await launch(patient, 'Snoozed or overridden', {}, { anywhere: true });
    expect(cardWith(l, 'VTE risk')).to.equal(undefined);
    const held = queryDeep(l.appFrame()?.contentDocument?.body, 'loop-held-list')[0];
    (queryDeep(held, 'summary')[0] as HTMLElement | undefined)?.click();
    await waitFor(() => queryDeep(held, 'button').length > 0, 'the undo button');
    clickButton(held, 'Undo');
    await waitFor(() => !!cardWith(l, 'VTE risk'), 'the card back');
    l.remove();
    l = await launch(patient, 'VTE risk');
  });

  it('a remote service that hangs never holds back the local cards, and is named', async () => {
    const l = await launch(tagged('hba1c:trigger-high'), 'Diabetes:', { cds: 'hang' });
    await waitFor(
      () => l.panelText().includes('flu-vaccine-reminder service gave no prompts'),
      'the quiet line',
    );
  });

  it('without a signed-in clinician (no fhirUser) the remote service is not asked, and the panel says why', async () => {
    const l = await launch(tagged('hba1c:trigger-high'), 'Diabetes:', { error: 'no-fhiruser' });
    await waitFor(
      () =>
        // deepText puts spaces around the interpolated parts.
        /Remote prompt services not asked \(\s*cds\.sim\.invalid\s*\): the EHR did not say who is signed in/.test(
          l.panelText(),
        ),
      'the line for the service not asked',
    ).catch((error: Error) => {
      throw new Error(`${error.message}; the panel shows: ${l.panelText().slice(0, 1500)}`);
    });
    expect(l.panelText()).to.include('"openid fhirUser" scopes');
    expect(l.panelText()).not.to.include('gave no prompts this time');
  });

  it('hostile remote cards render inert', async () => {
    const patient = tagged('hba1c:trigger-high');
    const l = await launch(patient, 'Diabetes:', { cds: 'hostile' });
    await waitFor(() => /influenza/i.test(l.panelText()), 'the remote cards');
    const body = queryDeep(l.appFrame()?.contentDocument?.body, 'loop-card-list')[0];
    // Open every card's details, so the Markdown is rendered too.
    for (const toggle of queryDeep(body, '.card__details-toggle')) toggle.click();
    await waitFor(() => queryDeep(body, '.card__detail:not([hidden])').length > 0, 'details open');
    expect(queryDeep(body, 'script')).to.have.length(0);
    const active = queryDeep(body, '[onerror],[onclick],[onload],[onmouseover],iframe,img');
    expect(active.map((e) => e.outerHTML)).to.deep.equal([]);
    expect(queryDeep(body, 'a').some((a) => /^javascript:/i.test(a.getAttribute('href') ?? ''))).to.equal(
      false,
    );
    expect(l.panelText()).to.include('<script>'); // shown as text, not run
  });

  it('a remote suggestion is never carried out as given: unsafe ones are left out, the rest only drafted for this patient', async () => {
    const patient = tagged('hba1c:trigger-high');
    const l = await launch(patient, 'Vaccination catch-up due', { cds: 'hostile' });
    const card = cardWith(l, 'Vaccination catch-up due');
    const text = deepText(card);
    expect(text).to.match(/"Update vaccination record" was left out: it drafts a Patient/);
    expect(text).to.match(
      /"Order pneumococcal vaccine" was left out: it drafts something that is not a FHIR resource/,
    );
    // What the remaining suggestion really drafts is shown before it is accepted.
    expect(text).to.include(
      'Drafts for this patient, to sign in the EHR: fentanyl 100 MCG/HR Transdermal System',
    );
    clickButton(card, 'Order influenza vaccine');
    await waitFor(() => deepText(card).includes('Draft saved'), 'the draft saved');
    const orders = (await searchAsEhr(l, `MedicationRequest?patient=${patient}`, patient)) as {
      status?: string;
      subject?: { reference?: string };
      requester?: { reference?: string };
      medicationCodeableConcept?: { text?: string };
    }[];
    const drafted = orders.filter((o) => o.medicationCodeableConcept?.text?.startsWith('fentanyl 100'));
    expect(drafted).to.have.length(1);
    expect(drafted[0]?.status).to.equal('draft');
    expect(drafted[0]?.subject?.reference).to.equal(`Patient/${patient}`);
    expect(drafted[0]?.requester?.reference).to.equal(`Practitioner/${clinician}`);
    const others = await searchAsEhr(l, 'MedicationRequest?patient=p-002', 'p-002');
    expect(JSON.stringify(others)).to.not.include('fentanyl 100');
  });

  it('a nurse sees each starter prompt as information: tell the prescriber, no order button', async () => {
    const nurse = dataset.practitioners.find((p) => p.role === 'Nurse')?.id ?? '';
    for (const [tag, text] of [
      ['vte:trigger', 'VTE risk'],
      ['aki:trigger-48h', 'Creatinine rising'],
      ['hba1c:trigger-none', 'Diabetes:'],
      ['naloxone:trigger', 'aloxone'],
    ] as const) {
      const l = await launch(tagged(tag), text, { practitioner: nurse });
      const card = cardWith(l, text);
      expect(deepText(card), tag).to.include('This is for a prescriber to act on: tell the prescriber.');
      expect(queryDeep(card, '.card__suggestions button'), tag).to.have.length(0);
      expect(queryDeep(card, '.card__override-toggle'), tag).to.have.length(0);
      l.remove();
    }
  });

  it('where the EHR offers SMART Web Messaging, accept hands the order to its scratchpad', async () => {
    const patient = tagged('aki:trigger-7d');
    const l = await launch(patient, 'Creatinine rising', { messaging: '1' });
    clickButton(cardWith(l, 'Creatinine rising'), 'Order a repeat serum creatinine');
    await waitFor(
      () => deepText(cardWith(l, 'Creatinine rising')).includes("Sent to the EHR's orders to sign"),
      'hand-off',
    );
    const simulator = l.simulator.contentDocument?.querySelector('ehr-simulator');
    expect(deepText(simulator)).to.match(/Orders to sign \(from Learning Loop\) ServiceRequest\/draft-1/);
    const orders = await searchAsEhr(l, `ServiceRequest?patient=${patient}`, patient);
    expect(orders).to.have.length(0);
  });
});
