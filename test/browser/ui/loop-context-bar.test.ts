import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/ui/loop-context-bar/loop-context-bar';
import type { LoopContextBar } from '../../../src/ui/loop-context-bar/loop-context-bar';
import type { UnitResolution } from '../../../src/context/unit';
import type { ClinicianSummary, EncounterSummary } from '../../../src/context/summaries';
import { ward } from '../../factories/fhir';

interface Facts {
  unit?: UnitResolution;
  encounter?: EncounterSummary;
  clinician?: ClinicianSummary;
}

const mount = (facts: Facts) =>
  fixture<LoopContextBar>(
    html`<loop-context-bar
      .unit=${facts.unit}
      .encounter=${facts.encounter}
      .clinician=${facts.clinician}
    ></loop-context-bar>`,
  );

/** The facts as a clinician reads them: "term: value" per row. */
const rows = (el: LoopContextBar) =>
  [...(el.shadowRoot?.querySelectorAll('dt') ?? [])].map(
    (dt) => `${dt.textContent?.trim()}: ${dt.nextElementSibling?.textContent?.replace(/\s+/g, ' ').trim()}`,
  );

describe('<loop-context-bar>', () => {
  it('names the ward and says how it was found, with the encounter and the clinician', async () => {
    const el = await mount({
      unit: { status: 'known', ward: ward('w-1', 'Ward 7B'), source: 'encounter', path: [] },
      encounter: { id: 'e', classLabel: 'inpatient', status: 'in-progress', start: '2026-06-10T08:00:00Z' },
      clinician: { id: 'pr-1', name: 'Dr Grace Hopper', roles: ['Physician'] },
    });
    const [unit, encounter, clinician] = rows(el);
    expect(unit).to.equal("Unit: Ward 7B (from the patient's bed)");
    expect(encounter).to.match(/^Encounter: inpatient, since .*2026/);
    expect(clinician).to.equal('Clinician: Dr Grace Hopper (Physician)');
    await expect(el).to.be.accessible();
  });

  it('says the unit is unknown and why, rather than leaving the row out', async () => {
    const el = await mount({ unit: { status: 'unknown', reason: 'the encounter has no location' } });
    expect(rows(el)[0]).to.equal(
      'Unit: Unit unknown (the encounter has no location); unit-level prompts show with a note',
    );
    await expect(el).to.be.accessible();
  });

  it('says what is not recorded instead of showing an empty value', async () => {
    const el = await mount({
      encounter: { id: 'e', classLabel: undefined, status: undefined, start: undefined },
      clinician: { id: 'pr-1', name: undefined, roles: [] },
    });
    expect(rows(el)).to.deep.equal(['Encounter: Class not recorded', 'Clinician: Name not recorded']);
  });

  it('shows no unit row when the unit feature is off', async () => {
    const el = await mount({ clinician: { id: 'pr-1', name: 'Dr A', roles: [] } });
    expect(rows(el)).to.deep.equal(['Clinician: Dr A']);
  });
});
