import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../src/index';
import { AppModel, type AppDependencies } from '../../../src/app/app-model';
import { parseConfig } from '../../../src/config/load';
import { LaunchError } from '../../../src/launch/errors';
import type { SmartSession } from '../../../src/launch/session';
import type { LearningLoop } from '../../../src/ui/learning-loop/learning-loop';
import { FhirRequestError } from '../../../src/fhir/errors';
import type { FhirRequester } from '../../../src/fhir/requester';
import { hospital, patient } from '../../factories/fhir';
import { memoryOutbox } from '../../../src/telemetry/outbox';
import { Telemetry } from '../../../src/telemetry/telemetry';

const config = parseConfig({
  ehrs: [{ name: 'Test EHR', iss: 'https://ehr.example.org/fhir', clientId: 'x' }],
});

/** A requester over an in-memory set of resources, answering reads and the loader's searches. */
function memoryRequester(resources = hospital()): FhirRequester {
  return async (path) => {
    const [type = '', rest = ''] = path.split(/[/?]/, 2);
    const byId = (id: string) => resources.find((r) => r.resourceType === type && r.id === id);
    if (!path.includes('?')) {
      const found = byId(rest);
      if (!found) throw new FhirRequestError(404, path, 'not found');
      return found;
    }
    const params = new URLSearchParams(path.split('?')[1]);
    const ids = params.get('_id')?.split(',');
    const practitioner = params.get('practitioner');
    const matches = resources.filter(
      (r) =>
        r.resourceType === type &&
        (!ids || ids.includes(String(r.id))) &&
        (!practitioner ||
          (r as { practitioner?: { reference?: string } }).practitioner?.reference ===
            `Practitioner/${practitioner}`),
    );
    return { resourceType: 'Bundle', type: 'searchset', entry: matches.map((resource) => ({ resource })) };
  };
}

function session(overrides: Partial<SmartSession> = {}): SmartSession {
  return {
    iss: 'https://ehr.example.org/fhir',
    ehr: config.ehrs[0] as SmartSession['ehr'],
    launch: { patientId: 'p-1', encounterId: 'enc-1', fhirUser: 'Practitioner/pr-1' },
    features: ['patient', 'encounter', 'clinician', 'unit'],
    featuresOff: [],
    grantedScopes: [],
    needPatientBanner: true,
    smartStyleUrl: undefined,
    intent: undefined,
    tenant: undefined,
    request: memoryRequester(),
    messaging: {},
    ...overrides,
  };
}

function deps(overrides: Partial<AppDependencies> = {}): AppDependencies {
  return {
    loadConfig: async () => config,
    completeLaunch: async () => session(),
    loadSmartStyle: async () => ({}),
    now: () => new Date('2026-06-14T12:00:00Z'),
    loadPrompts: () => Promise.reject(new Error('no prompts in these tests')),
    loadTelemetry: () => Promise.reject(new Error('no interaction log in these tests')),
    ...overrides,
  };
}

async function mount(app: AppModel): Promise<LearningLoop> {
  const el = await fixture<LearningLoop>(html`<learning-loop .app=${app}></learning-loop>`);
  await app.start(new URL('https://app.example/config.json'));
  await el.updateComplete;
  return el;
}

const text = (el: LearningLoop) => el.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';
const deepText = (el: LearningLoop) =>
  [...(el.shadowRoot?.querySelectorAll('*') ?? [])]
    .map((n) => n.shadowRoot?.textContent ?? '')
    .join(' ')
    .replace(/\s+/g, ' ') + text(el);

describe('<learning-loop>', () => {
  it('shows the patient banner, unit, encounter and clinician', async () => {
    const el = await mount(new AppModel(deps()));
    await waitUntil(() => deepText(el).includes('Medical Ward 4B'));
    const all = deepText(el);
    expect(all).to.include('Ada Example');
    expect(all).to.include('75 y');
    expect(all).to.include("from the patient's bed");
    expect(all).to.include('Dr Grace Hopper');
    expect(all).to.include('inpatient');
    await expect(el).to.be.accessible();
  });

  it('leaves the banner to the EHR when need_patient_banner is false', async () => {
    const el = await mount(
      new AppModel(deps({ completeLaunch: async () => session({ needPatientBanner: false }) })),
    );
    await waitUntil(() => deepText(el).includes('Medical Ward 4B'));
    expect(el.shadowRoot?.querySelector('loop-patient-banner')).to.equal(null);
  });

  it('says a feature is off when its scopes were not granted, and shows the rest', async () => {
    const off = { feature: 'unit', label: 'Unit (ward) context', missingScopes: ['user/Location.rs'] };
    const el = await mount(
      new AppModel(
        deps({
          completeLaunch: async () =>
            session({ features: ['patient', 'encounter', 'clinician'], featuresOff: [off] }),
        }),
      ),
    );
    await waitUntil(() => deepText(el).includes('Ada Example'));
    expect(deepText(el)).to.include('Unit (ward) context is off: the EHR did not grant user/Location.rs.');
    expect(
      el.shadowRoot?.querySelector('loop-context-bar')?.shadowRoot?.querySelector('[data-unit]'),
    ).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows a launch error with what to do, as an alert, never a blank panel', async () => {
    const failing = new LaunchError(
      'no-state',
      'Learning Loop was opened directly, not launched from the EHR.',
      'Close this panel and open it again.',
      "No 'state' parameter found.",
    );
    const el = await mount(new AppModel(deps({ completeLaunch: async () => Promise.reject(failing) })));
    const message = el.shadowRoot?.querySelector('loop-message');
    expect(message?.shadowRoot?.querySelector('[role=alert]')?.getAttribute('data-code')).to.equal(
      'no-state',
    );
    expect(deepText(el)).to.include('opened directly');
    expect(deepText(el)).to.include('Close this panel');
    await expect(el).to.be.accessible();
  });

  it('offers "Try again" when the EHR did not answer, and loads the patient when it does', async () => {
    let down = true;
    const working = memoryRequester();
    const flaky: FhirRequester = (path, options) =>
      down ? Promise.reject(new FhirRequestError(503, path, 'Service Unavailable')) : working(path, options);
    const el = await mount(new AppModel(deps({ completeLaunch: async () => session({ request: flaky }) })));
    await waitUntil(() => el.shadowRoot?.querySelector('loop-message'), 'the error message');
    const message = el.shadowRoot?.querySelector('loop-message');
    await message?.updateComplete;
    const retry = message?.shadowRoot?.querySelector<HTMLButtonElement>('.message__retry');
    expect(retry?.textContent?.trim()).to.equal('Try again');
    down = false;
    retry?.click();
    await waitUntil(() => deepText(el).includes('Ada Example'), 'the patient after trying again');
    expect(el.shadowRoot?.querySelector('loop-message[tone="error"]')).to.equal(null);
  });

  it('a notice’s "Try again" (the encounter not read) reads it again, and the notice goes', async () => {
    let down = true;
    const working = memoryRequester();
    const flaky: FhirRequester = (path, options) =>
      down && path.startsWith('Encounter')
        ? Promise.reject(new FhirRequestError(503, path, 'Service Unavailable'))
        : working(path, options);
    const el = await mount(new AppModel(deps({ completeLaunch: async () => session({ request: flaky }) })));
    const notice = () => el.shadowRoot?.querySelector<HTMLElement>('.panel__messages loop-message');
    await waitUntil(
      () => notice()?.shadowRoot?.querySelector('.message__retry'),
      'the notice with Try again',
    );
    expect(deepText(el)).to.include('Ada Example');
    down = false;
    notice()?.shadowRoot?.querySelector<HTMLButtonElement>('.message__retry')?.click();
    await waitUntil(() => !notice(), 'the notice gone after trying again');
  });

  it('a notice’s "Try again" does not read again feedback that was fine (an open drill-down would close)', async () => {
    let down = true;
    const feedbackReads: string[] = [];
    const working = memoryRequester();
    const flaky: FhirRequester = (path, options) => {
      if (/^(Measure|MeasureReport|Group)\?/.test(path)) feedbackReads.push(path);
      return down && path.startsWith('Encounter')
        ? Promise.reject(new FhirRequestError(503, path, 'Service Unavailable'))
        : working(path, options);
    };
    const features = ['patient', 'encounter', 'clinician', 'unit', 'feedback'] as SmartSession['features'];
    // The ward from fhirContext, so reading the encounter again changes neither clinician nor ward.
    const launch = {
      patientId: 'p-1',
      encounterId: 'enc-1',
      fhirUser: 'Practitioner/pr-1',
      fhirContext: [{ reference: 'Location/ward-a' }],
    };
    const app = new AppModel(
      deps({ completeLaunch: async () => session({ request: flaky, features, launch }) }),
    );
    const el = await mount(app);
    const notice = () => el.shadowRoot?.querySelector<HTMLElement>('.panel__messages loop-message');
    await waitUntil(() => notice()?.shadowRoot?.querySelector('.message__retry'), 'the notice');
    await waitUntil(() => app.state.feedback?.state.status === 'ready', 'the feedback read');
    const before = feedbackReads.length;
    expect(before).to.be.greaterThan(0);
    down = false;
    notice()?.shadowRoot?.querySelector<HTMLButtonElement>('.message__retry')?.click();
    await waitUntil(() => !notice(), 'the notice gone after trying again');
    expect(app.state.feedback?.state.status).to.equal('ready');
    expect(feedbackReads.length, 'the reports were not read again').to.equal(before);
  });

  it('shows a config error naming the field', async () => {
    const el = await mount(new AppModel(deps({ loadConfig: async () => parseConfig({ ehrs: [] }) })));
    expect(deepText(el)).to.include('ehrs: expected at least one EHR entry');
  });

  it('shows "unit unknown" when nothing names a ward', async () => {
    const resources = [patient()];
    const el = await mount(
      new AppModel(
        deps({
          completeLaunch: async () =>
            session({ request: memoryRequester(resources), launch: { patientId: 'p-1' } }),
        }),
      ),
    );
    await waitUntil(() => deepText(el).includes('Unit unknown'));
    await expect(el).to.be.accessible();
  });

  it('renders hostile strings from the record as text, never as markup', async () => {
    const hostile = patient({ name: [{ text: '<img src=x onerror="window.__pwned=1">' }] });
    const el = await mount(
      new AppModel(
        deps({
          completeLaunch: async () =>
            session({ request: memoryRequester([hostile]), launch: { patientId: 'p-1' } }),
        }),
      ),
    );
    await waitUntil(() => deepText(el).includes('<img src=x'));
    const banner = el.shadowRoot?.querySelector('loop-patient-banner');
    expect(banner?.shadowRoot?.querySelector('img')).to.equal(null);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('applies the EHR style as custom properties', async () => {
    const el = await mount(
      new AppModel(deps({ loadSmartStyle: async () => ({ '--loop-color-accent': '#aa0000' }) })),
    );
    await waitUntil(() => el.style.getPropertyValue('--loop-color-accent') === '#aa0000');
  });

  it('says so, discreetly, when the interaction log cannot use IndexedDB', async () => {
    const el = await mount(
      new AppModel(
        deps({
          loadTelemetry: async () => new Telemetry(memoryOutbox(), [], { app: 'test' }),
        }),
      ),
    );
    await waitUntil(() => deepText(el).includes('does not let Learning Loop store its interaction log'));
    expect(deepText(el)).to.include('Medical Ward 4B');
    await expect(el).to.be.accessible();
  });
});
