import type { CodeableConcept, Resource } from '@medplum/fhirtypes';
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { simControls } from './sim-styles';
import type { SyntheticDataset } from '../../mocks/data';
import type { SinkStatus } from './outbox-status';
import type { Draft } from './scratchpad-host';
import './loop-controls';

/** What a drafted order is, in a few words (its code's text or display). */
function draftLabel(resource: Resource): string {
  const r = resource as { code?: CodeableConcept; medicationCodeableConcept?: CodeableConcept };
  const concept = r.code ?? r.medicationCodeableConcept;
  return concept?.text ?? concept?.coding?.[0]?.display ?? resource.resourceType;
}

/**
 * @summary The simulator's column under the embedded app: the orders the app handed over to sign, its
 * interaction log per sink, the analyst's view of the logged events and the loop's controls (sign the
 * orders, run the measures again). Renders what `<ehr-simulator>` holds; owns no state of its own.
 */
@customElement('sim-side-column')
export class SimSideColumn extends LitElement {
  static override styles = [
    simControls,
    css`
      :host {
        display: block;
      }
      h2 {
        font-size: 15px;
        margin: 0;
      }
      .hint {
        color: #4b5563;
        font-size: 12px;
        margin: 0;
      }
    `,
  ];

  /** Orders the app handed over by SMART Web Messaging, awaiting signature. */
  @property({ attribute: false }) drafts: readonly Draft[] = [];
  /** The app's interaction log, per sink (read from its outbox). */
  @property({ attribute: false }) outbox: readonly SinkStatus[] = [];
  @property({ attribute: false }) data: SyntheticDataset | undefined;

  override render() {
    return html`
      <section aria-labelledby="drafts-heading">
        <h2 id="drafts-heading">Orders to sign (from Learning Loop)</h2>
        <ul aria-live="polite">
          ${this.drafts.map((d) => html`<li>${d.location}: ${draftLabel(d.resource)}</li>`)}
        </ul>
        ${this.drafts.length ? null : html`<p class="hint">None yet.</p>`}
        <h2>Interaction log (outbox)</h2>
        <ul>
          ${this.outbox.map((s) => html`<li>${s.sink}: up to event #${s.delivered}, ${s.waiting} waiting</li>`)}
        </ul>
        ${this.outbox.length ? null : html`<p class="hint">No events yet.</p>`}
        <button type="button" @click=${() => void import('./analyst-view').then((m) => m.openAnalystView())}>
          Analyst's view of the logged events
        </button>
        <sim-loop-controls .data=${this.data}></sim-loop-controls>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sim-side-column': SimSideColumn;
  }
}
