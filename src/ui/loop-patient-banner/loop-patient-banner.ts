import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { PatientSummary } from '../../context/summaries';
import { tokens } from '../tokens.styles';
import { styles } from './loop-patient-banner.styles';

const SEX: Record<string, string> = {
  male: 'Male',
  female: 'Female',
  other: 'Other',
  unknown: 'Sex unknown',
};

/**
 * @summary The patient banner, shown only when the EHR asks for it (`need_patient_banner`).
 * @csspart banner - the banner
 */
@customElement('loop-patient-banner')
export class LoopPatientBanner extends LitElement {
  static override styles = [tokens, styles];

  @property({ attribute: false }) patient: PatientSummary | undefined;

  override render() {
    const p = this.patient;
    if (!p) return null;
    const facts = [
      p.ageYears !== undefined ? `${p.ageYears} y` : 'Age unknown',
      p.sex ? (SEX[p.sex] ?? p.sex) : 'Sex not recorded',
      p.mrn ? `MRN ${p.mrn}` : undefined,
    ].filter(Boolean);
    return html`<section part="banner" class="banner" aria-label="Patient">
      <h2 class="banner__name">${p.name ?? 'Name not recorded'}</h2>
      ${facts.map((f) => html`<span class="muted">${f}</span>`)}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'loop-patient-banner': LoopPatientBanner;
  }
}
