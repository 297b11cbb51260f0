import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ClinicianSummary, EncounterSummary } from '../../context/summaries';
import type { UnitResolution } from '../../context/unit';
import { tokens } from '../tokens.styles';
import { styles } from './loop-context-bar.styles';

const SOURCE_LABEL = {
  fhirContext: 'from the EHR',
  encounter: "from the patient's bed",
  'practitioner-role': 'from your role',
} as const;

/**
 * @summary Where and by whom: the unit (with how it was found), the encounter and the clinician.
 * @csspart facts - the list of facts
 */
@customElement('loop-context-bar')
export class LoopContextBar extends LitElement {
  static override styles = [tokens, styles];

  /** `undefined`: the unit feature is off, and the row is not shown. */
  @property({ attribute: false }) unit: UnitResolution | undefined;
  @property({ attribute: false }) encounter: EncounterSummary | undefined;
  @property({ attribute: false }) clinician: ClinicianSummary | undefined;

  override render() {
    return html`<dl part="facts">
      ${this.unit ? this.renderUnit(this.unit) : null}
      ${
        this.encounter
          ? html`<dt>Encounter</dt>
              <dd>
                ${this.encounter.classLabel ?? 'Class not recorded'}${
                  this.encounter.start ? html`, since ${formatDate(this.encounter.start)}` : null
                }
              </dd>`
          : null
      }
      ${
        this.clinician
          ? html`<dt>Clinician</dt>
              <dd>
                ${this.clinician.name ?? 'Name not recorded'}${this.clinician.roles.length ? html` <span class="muted">(${this.clinician.roles.join(', ')})</span>` : null}
              </dd>`
          : null
      }
    </dl>`;
  }

  private renderUnit(unit: UnitResolution) {
    if (unit.status === 'unknown') {
      return html`<dt>Unit</dt>
        <dd data-unit="unknown">
          Unit unknown <span class="muted">(${unit.reason}); unit-level prompts show with a note</span>
        </dd>`;
    }
    return html`<dt>Unit</dt>
      <dd data-unit="known">
        ${unit.ward.name ?? unit.ward.id} <span class="muted">(${SOURCE_LABEL[unit.source]})</span>
      </dd>`;
  }
}

function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

declare global {
  interface HTMLElementTagNameMap {
    'loop-context-bar': LoopContextBar;
  }
}
