import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { simControls } from './sim-styles';
import type { SyntheticDataset } from '../../mocks/data';
import { FLAGS_KEY } from '../../mocks/server-options';
import { CDS_FLAGS_KEY } from '../../mocks/cds/options';
import { SIM_ERRORS, STANDALONE_PICK_KEY, type SimError } from '../../mocks/sim-constants';
import {
  CDS_BEHAVIOURS,
  LAUNCH_TYPES,
  choiceParams,
  plannedFrame,
  type CdsBehaviour,
  type LaunchType,
  type SimulatorChoice,
} from './choice';
import { readOutboxStatus, type SinkStatus } from './outbox-status';
import { ScratchpadHost, type Draft } from './scratchpad-host';
import './sim-side-column';

/**
 * @summary The local EHR simulator: pick clinician, patient, encounter, launch type and a failure,
 * then launch Learning Loop in an iframe as an EHR would.
 */
@customElement('ehr-simulator')
export class EhrSimulator extends LitElement {
  static override styles = [
    simControls,
    css`
      :host {
        display: grid;
        grid-template-columns: minmax(260px, 320px) 1fr;
        gap: 16px;
        font:
          14px/1.4 system-ui,
          sans-serif;
        color: #1f2933;
      }
      form {
        display: grid;
        gap: 10px;
        align-content: start;
        min-width: 0;
      }
      select,
      input[type='number'] {
        width: 100%;
        box-sizing: border-box;
        min-width: 0;
      }
      label {
        display: grid;
        gap: 2px;
        font-weight: 600;
      }
      label.check {
        display: flex;
        gap: 6px;
        font-weight: 400;
        align-items: center;
      }
      select,
      input,
      button {
        font: inherit;
      }
      iframe {
        width: 100%;
        /* As tall as the window allows (not a fixed 640 px), so the result of an action in the panel
         stays in view beside the EHR's own columns. */
        height: max(640px, calc(100vh - 48px));
        border: 1px solid #c7ced6;
        border-radius: 6px;
        background: #fff;
      }
      h1 {
        font-size: 18px;
        margin: 0;
      }
      sim-side-column {
        grid-column: 2;
      }
      .hint {
        color: #4b5563;
        font-size: 12px;
        margin: 0;
      }
    `,
  ];

  @property({ attribute: false }) data: SyntheticDataset | undefined;
  @property({ attribute: false }) choice: SimulatorChoice | undefined;
  /** The frame's address once launched; `undefined` before the first launch. */
  @state() private frameUrl: string | undefined;
  /** Orders the app handed over by SMART Web Messaging, awaiting signature. */
  @state() private drafts: readonly Draft[] = [];
  private scratchpad: ScratchpadHost | undefined;
  /** The app's interaction log, per sink (read from its outbox). */
  @state() private outbox: readonly SinkStatus[] = [];
  private outboxTimer: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.outboxTimer = setInterval(
      () =>
        void readOutboxStatus().then(
          (s) => (this.outbox = s),
          () => undefined,
        ),
      1000,
    );
    this.scratchpad = new ScratchpadHost(
      () => this.shadowRoot?.querySelector('iframe')?.contentWindow,
      (drafts) => (this.drafts = drafts),
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.scratchpad?.dispose();
    clearInterval(this.outboxTimer);
  }

  override render() {
    const { data: dataset, choice } = this;
    if (!dataset || !choice) return null;
    const patient = dataset.patients.find((p) => p.id === choice.patient);
    return html`
      <form @submit=${this.onSubmit} @change=${this.onChange} aria-label="Launch settings">
        <h1>Local EHR simulator</h1>
        <p class="hint">
          Everything runs in this browser: msw serves the SMART authorization server and a FHIR R4 server with
          synthetic data.
        </p>
        ${this.select(
          'practitioner',
          'Clinician',
          choice.practitioner,
          dataset.practitioners.map((p) => [p.id, `${p.name} (${p.role})`]),
        )}
        ${this.select(
          'patient',
          'Patient',
          choice.patient,
          dataset.patients.map((p) => [p.id, `${p.name} · ${p.scenarios.join(', ') || 'no rule'}`]),
        )}
        ${this.select('encounter', 'Encounter', choice.encounter, [['', 'None'], ...(patient?.encounterId ? [[patient.encounterId, patient.encounterId] as [string, string]] : [])])}
        ${this.select('launchType', 'Launch type', choice.launchType, Object.entries(LAUNCH_TYPES))}
        ${this.select('error', 'Simulated failure', choice.error, Object.entries(SIM_ERRORS))}
        ${this.select('cds', 'Remote CDS service', choice.cds, Object.entries(CDS_BEHAVIOURS))}
        ${this.select('fhirContextLocation', 'Unit sent as fhirContext', choice.fhirContextLocation, [['', 'None'], ...dataset.units.map((u) => [u.id, u.name] as [string, string])])}
        <label class="check"
          ><input type="checkbox" name="banner" .checked=${choice.banner} /> EHR asks for a patient
          banner</label
        >
        <label class="check"
          ><input type="checkbox" name="absoluteFhirUser" .checked=${choice.absoluteFhirUser} /> fhirUser as
          absolute URL (Epic)</label
        >
        <label class="check"
          ><input type="checkbox" name="noInclude" .checked=${choice.noInclude} /> FHIR server ignores
          _include</label
        >
        <label class="check"
          ><input type="checkbox" name="noReverseChain" .checked=${choice.noReverseChain} /> FHIR server
          refuses _has</label
        >
        <label class="check"
          ><input type="checkbox" name="messaging" .checked=${choice.messaging} /> EHR offers SMART Web
          Messaging (orders go to its scratchpad)</label
        >
        <label
          >Added latency per request (ms)<input
            type="number"
            name="latencyMs"
            min="0"
            max="5000"
            step="50"
            .value=${String(choice.latencyMs)}
        /></label>
        <button type="submit">Launch Learning Loop</button>
        <p class="hint">This page's address scripts the launch: copy it to share this exact state.</p>
      </form>
      <iframe
        title="Learning Loop, embedded as the EHR would"
        sandbox="allow-scripts allow-same-origin allow-forms allow-popups"
        src=${this.frameUrl ?? 'about:blank'}
      ></iframe>
      <sim-side-column .drafts=${this.drafts} .outbox=${this.outbox} .data=${this.data}></sim-side-column>
    `;
  }

  /** Starts a launch with the current choice: a fresh session, the mock EHR's flags, then the frame. */
  launch(): void {
    if (!this.choice) return;
    const page = new URL(location.href);
    const planned = plannedFrame(this.choice, page);
    // A new launch starts from a clean session, as a new EHR tab would.
    sessionStorage.clear();
    this.scratchpad?.clear();
    sessionStorage.setItem(FLAGS_KEY, JSON.stringify(planned.flags));
    sessionStorage.setItem(CDS_FLAGS_KEY, JSON.stringify(planned.cdsFlags));
    if (planned.standalonePick) sessionStorage.setItem(STANDALONE_PICK_KEY, planned.standalonePick);
    history.replaceState(null, '', `?${choiceParams(this.choice)}`);
    this.frameUrl = planned.url;
  }

  private select(name: keyof SimulatorChoice, label: string, value: string, options: [string, string][]) {
    return html`<label
      >${label}<select name=${name}>
        ${options.map(([v, text]) => html`<option value=${v} ?selected=${v === value}>${text}</option>`)}
      </select></label
    >`;
  }

  private onChange(event: Event): void {
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    if (!this.choice || !this.data) return;
    const name = target.name as keyof SimulatorChoice;
    const value =
      target instanceof HTMLInputElement && target.type === 'checkbox' ? target.checked : target.value;
    const next = {
      ...this.choice,
      [name]: name === 'latencyMs' ? Number(value) || 0 : value,
    } as SimulatorChoice;
    if (name === 'patient')
      next.encounter = this.data.patients.find((p) => p.id === value)?.encounterId ?? '';
    if (name === 'launchType') next.launchType = value as LaunchType;
    if (name === 'error') next.error = value as SimError;
    if (name === 'cds') next.cds = value as CdsBehaviour;
    this.choice = next;
  }

  private onSubmit(event: Event): void {
    event.preventDefault();
    this.launch();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ehr-simulator': EhrSimulator;
  }
}
