import type { Resource } from '@medplum/fhirtypes';
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { simControls } from './sim-styles';
import { idbPersistence } from '../../mocks/fhir/idb-persistence';
import type { StorePersistence } from '../../mocks/fhir/store';
import { requestRerun, signDrafts, simulatorRecord, storeRerun, type RerunAnswer } from './loop-actions';

/** What the last action did; `idle` before any. */
type LoopState =
  | { status: 'idle' }
  | { status: 'pending'; doing: string }
  | { status: 'signed'; orders: string[] }
  | { status: 'rerun'; answer: RerunAnswer; written: number }
  | { status: 'error'; what: string; message: string };

const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthName = (label: string) => MONTH.format(new Date(`${label}-01T00:00:00Z`));

function orderLine(r: Resource): string {
  const o = r as Resource & {
    medicationCodeableConcept?: { text?: string; coding?: { display?: string }[] };
    code?: { text?: string; coding?: { display?: string }[] };
    subject?: { reference?: string };
  };
  const concept = o.medicationCodeableConcept ?? o.code;
  const what = concept?.text ?? concept?.coding?.find((c) => c.display)?.display ?? r.resourceType;
  return `${what} for ${o.subject?.reference ?? 'a patient'}`;
}

function periodLine(p: RerunAnswer['periods'][number]): string {
  const cases = Object.values(p.cases).reduce((n, c) => n + c, 0);
  const history = p.seeded ? ` with the ${p.seeded} results of the history's reports` : '';
  return `${monthName(p.period)}: ${p.evaluated} of this EHR's patients evaluated, ${cases} in a measure${history}`;
}

/**
 * @summary The loop in the simulator: sign Learning Loop's drafts as the clinician would in the EHR,
 * then re-run the measures batch over this EHR so the next launch's feedback counts what was done.
 *
 * @example
 * html`<sim-loop-controls .data=${dataset}></sim-loop-controls>`
 */
@customElement('sim-loop-controls')
export class SimLoopControls extends LitElement {
  static override styles = [
    simControls,
    css`
      :host {
        display: block;
      }
      h2 {
        font-size: 15px;
        margin: 12px 0 4px;
      }
      .actions {
        display: flex;
        gap: 8px;
        flex-wrap: wrap;
      }
      button[disabled],
      button[aria-disabled='true'] {
        background: #6b7280;
        cursor: default;
      }
      .hint {
        color: #4b5563;
        font-size: 12px;
        margin: 0 0 6px;
      }
      ul {
        margin: 4px 0;
        padding-left: 18px;
      }
    `,
  ];

  /** The simulator's generated EHR data (its `now` and resources); nothing can run before it is set. */
  @property({ attribute: false }) data: { now: string; resources: readonly Resource[] } | undefined;
  /** Where the mock EHR keeps its writes: the simulator's IndexedDB (a test may hand another). */
  @property({ attribute: false }) persistence: StorePersistence = idbPersistence();
  @state() private state: LoopState = { status: 'idle' };

  override render() {
    const busy = this.state.status === 'pending';
    return html`
      <h2 id="loop-heading">The loop: sign, re-run the measures, relaunch</h2>
      <p class="hint">
        Sign the orders Learning Loop drafted, as the clinician would in the EHR; then re-run the measures
        batch over this EHR (it runs in Node under <code>npm start</code>) and launch again: the feedback
        counts what was done this month and last.
      </p>
      <div class="actions" role="group" aria-labelledby="loop-heading">
        <!-- aria-disabled while busy, not disabled: a disabled button drops the keyboard's focus. -->
        <button
          type="button"
          ?disabled=${!this.data}
          aria-disabled=${busy ? 'true' : 'false'}
          @click=${() => busy || void this.sign()}
        >
          Sign drafts
        </button>
        <button
          type="button"
          ?disabled=${!this.data}
          aria-disabled=${busy ? 'true' : 'false'}
          @click=${() => busy || void this.rerun()}
        >
          Re-run the measures
        </button>
      </div>
      <div role="status" aria-live="polite">${this.message()}</div>
    `;
  }

  private message() {
    const s = this.state;
    switch (s.status) {
      case 'idle':
        return null;
      case 'pending':
        return html`<p>${s.doing}</p>`;
      case 'signed':
        return s.orders.length
          ? html`<p>Signed ${s.orders.length} order${s.orders.length === 1 ? '' : 's'}: now active.</p>
              <ul>
                ${s.orders.map((o) => html`<li>${o}</li>`)}
              </ul>`
          : html`<p>No draft from Learning Loop awaits signature.</p>`;
      case 'rerun':
        return html`<p>
            Wrote ${s.written} report${s.written === 1 ? '' : 's'}. Launch Learning Loop again to see them.
          </p>
          <ul>
            ${s.answer.periods.map((p) => html`<li>${periodLine(p)}</li>`)}
            <li>Prompt uptake from ${s.answer.events} logged interactions this month.</li>
            ${s.answer.notes.map((n) => html`<li>${n}</li>`)}
          </ul>`;
      case 'error':
        return html`<p>${s.what}: ${s.message}.</p>`;
    }
  }

  private async sign(): Promise<void> {
    this.state = { status: 'pending', doing: 'Signing the drafts…' };
    try {
      const signed = await signDrafts(this.persistence, new Date());
      this.state = { status: 'signed', orders: signed.map(orderLine) };
    } catch (error) {
      this.state = {
        status: 'error',
        what: 'The drafts could not be signed',
        message: (error as Error).message,
      };
    }
  }

  private async rerun(): Promise<void> {
    if (!this.data) return;
    this.state = { status: 'pending', doing: 'Running the measures batch over this EHR…' };
    try {
      const answer = await requestRerun(await simulatorRecord(this.data, this.persistence));
      const written = await storeRerun(this.persistence, answer, new Date());
      this.state = { status: 'rerun', answer, written };
    } catch (error) {
      this.state = {
        status: 'error',
        what: 'The measures could not be re-run',
        message: (error as Error).message,
      };
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sim-loop-controls': SimLoopControls;
  }
}
