import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/ui/loop-patient-banner/loop-patient-banner';
import type { LoopPatientBanner } from '../../../src/ui/loop-patient-banner/loop-patient-banner';
import type { PatientSummary } from '../../../src/context/summaries';

const mount = (patient: PatientSummary | undefined) =>
  fixture<LoopPatientBanner>(html`<loop-patient-banner .patient=${patient}></loop-patient-banner>`);

/** The banner's name and facts, each as shown. */
const text = (el: LoopPatientBanner) =>
  [...(el.shadowRoot?.querySelectorAll('h2, span') ?? [])].map((n) => n.textContent?.trim()).join(' | ');

describe('<loop-patient-banner>', () => {
  it('shows name, age, sex and MRN as a labelled region', async () => {
    const el = await mount({ id: 'p-1', name: 'Ada Example', ageYears: 76, sex: 'female', mrn: 'MRN-001' });
    expect(el.shadowRoot?.querySelector('section')?.getAttribute('aria-label')).to.equal('Patient');
    expect(el.shadowRoot?.querySelector('h2')?.textContent).to.equal('Ada Example');
    expect(text(el)).to.equal('Ada Example | 76 y | Female | MRN MRN-001');
    await expect(el).to.be.accessible();
  });

  it('says what the record lacks rather than guessing', async () => {
    const el = await mount({
      id: 'p-1',
      name: undefined,
      ageYears: undefined,
      sex: undefined,
      mrn: undefined,
    });
    expect(text(el)).to.equal('Name not recorded | Age unknown | Sex not recorded');
    await expect(el).to.be.accessible();
  });

  it('renders nothing until it has a patient', async () => {
    const el = await mount(undefined);
    expect(el.shadowRoot?.querySelector('section')).to.equal(null);
  });
});
