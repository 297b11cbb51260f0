/*
 * Exclusions and scope of the kidney, HbA1c and statin rules, each with a patient it applies to and
 * one it does not: KDIGO compared exactly (26.3 umol/L is not 26.5), nephrotoxins recognised by RxNorm
 * ingredient in any product, ACE inhibitors or ARBs only with a diuretic, ESRD and dialysis; CMS122's
 * age band and hospice and palliative exclusions; the full ASCVD set, statin products, a recorded risk
 * score, and the LDL of 190 or more path for statins.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Resource } from '@medplum/fhirtypes';
import { runPack } from './run-pack';
import { starterPack } from '../../../src/rules/packs/starter/index';
import { NOW, shown } from './helpers';
import { inputs } from './statin-inputs';
import {
  ICD10,
  SNOMED,
  condition,
  inpatientStay,
  lab,
  order,
  pastEncounter,
  patient,
  record,
} from './factories';

async function card(resources: Resource[], rule: string) {
  const result = await runPack(starterPack, record(...resources), NOW);
  assert.deepEqual(result.errors, []);
  return result.cards.find((c) => c.card.source.topic?.code === rule)?.card;
}

describe('nephrotoxin and rising creatinine (KDIGO 2012)', () => {
  const vancomycin = order({
    code: '1807513',
    name: 'vancomycin 1000 MG Injection',
    dose: 1000,
    frequency: 2,
  });
  const rise = (from: number, to: number, unit = 'umol/L') => [
    lab('14682-9', from, unit, 40),
    lab('14682-9', to, unit, 4),
  ];
  const base = (...extra: Resource[]) => [patient(60), inpatientStay(), ...extra];

  it('compares the 26.5 umol/L rise exactly: 26.5 fires, 26.3 does not', async () => {
    assert.ok(await card(base(vancomycin, ...rise(80, 106.5)), 'aki'));
    assert.equal(await card(base(vancomycin, ...rise(80, 106.3)), 'aki'), undefined);
  });

  it('a 0.3 mg/dL rise fires, 0.29 does not', async () => {
    const mg = (a: number, b: number) => [lab('2160-0', a, 'mg/dL', 40), lab('2160-0', b, 'mg/dL', 4)];
    assert.ok(await card(base(vancomycin, ...mg(0.9, 1.2)), 'aki'));
    assert.equal(await card(base(vancomycin, ...mg(0.9, 1.19)), 'aki'), undefined);
  });

  const products: [string, string][] = [
    ['amphotericin B', 'amphotericin B 50 MG Injection'],
    ['aciclovir', 'acyclovir 500 MG Injection'],
    ['a calcineurin inhibitor', 'tacrolimus 1 MG Oral Capsule'],
    ['colistin', 'colistimethate 150 MG Injection'],
    ['lithium', 'lithium carbonate 300 MG Oral Capsule'],
    ['iodinated contrast', 'iohexol 647 MG/ML Injectable Solution'],
    ['an NSAID', 'ibuprofen 600 MG Oral Tablet'],
    ['gentamicin (current RxNorm)', 'gentamicin 40 MG/ML Injectable Solution'],
  ];
  for (const [name, product] of products)
    it(`recognises ${name} by its RxNorm ingredient name (${product})`, async () => {
      assert.ok(await card(base(order({ name: product }), ...rise(80, 110)), 'aki'));
    });

  it('recognises an ingredient code sent with the product (tacrolimus 42316)', async () => {
    assert.ok(await card(base(order({ code: '42316' }), ...rise(80, 110)), 'aki'));
  });

  it('leaves out topical and eye forms of a nephrotoxin', async () => {
    const cream = order({ name: 'acyclovir 50 MG/ML Topical Cream' });
    assert.equal(await card(base(cream, ...rise(80, 110)), 'aki'), undefined);
  });

  it('counts an ACE inhibitor only with a diuretic', async () => {
    const lisinopril = order({ name: 'lisinopril 10 MG Oral Tablet' });
    const furosemide = order({ name: 'furosemide 40 MG Oral Tablet' });
    assert.equal(await card(base(lisinopril, ...rise(80, 110)), 'aki'), undefined);
    const both = await card(base(lisinopril, furosemide, ...rise(80, 110)), 'aki');
    assert.match(both?.summary ?? '', /lisinopril 10 MG Oral Tablet, furosemide 40 MG Oral Tablet/);
  });

  it('stays silent with end-stage renal disease, or dialysis sessions in the last 30 days', async () => {
    assert.equal(await card(base(vancomycin, condition(ICD10, 'N18.6'), ...rise(80, 110)), 'aki'), undefined);
    const dialysis = (days: number) => pastEncounter(SNOMED, '302497006', days);
    assert.equal(await card(base(vancomycin, dialysis(3), ...rise(80, 110)), 'aki'), undefined);
    assert.ok(await card(base(vancomycin, dialysis(60), ...rise(80, 110)), 'aki'));
    assert.equal(
      await card(base(vancomycin, condition(SNOMED, '236435004'), ...rise(80, 110)), 'aki'),
      undefined,
    );
  });
});

describe('diabetes and HbA1c (CMS122 population)', () => {
  const diabetic = (age: number, ...extra: Resource[]) => [patient(age), condition(ICD10, 'E11.9'), ...extra];

  it('covers ages 18 to 75 only', async () => {
    assert.equal(await card(diabetic(17), 'hba1c'), undefined);
    assert.ok(await card(diabetic(18), 'hba1c'));
    assert.ok(await card(diabetic(75), 'hba1c'));
    assert.equal(await card(diabetic(76), 'hba1c'), undefined);
  });

  it('leaves out hospice and palliative care of the last 12 months', async () => {
    assert.equal(await card(diabetic(60, pastEncounter(SNOMED, '183920000', 30)), 'hba1c'), undefined);
    assert.equal(await card(diabetic(60, condition(ICD10, 'Z51.5')), 'hba1c'), undefined);
    assert.ok(await card(diabetic(60, pastEncounter(SNOMED, '183920000', 400)), 'hba1c'));
  });

  it('recognises E11.22 and HbA1c under LOINC 4549-2 and 96595-4', async () => {
    const ckd = [patient(60), condition(ICD10, 'E11.22')];
    assert.ok(await card(ckd, 'hba1c'));
    assert.equal(await card([...ckd, lab('4549-2', 7.1, '%', 24 * 30)], 'hba1c'), undefined);
    assert.equal(await card([...ckd, lab('96595-4', 7.1, '%', 24 * 30)], 'hba1c'), undefined);
  });
});

describe('statin for primary prevention (USPSTF 2022) and LDL of 190 or more', () => {
  /** 60, male, hypertension, smoker, TC 240, HDL 38, systolic 150: about 30% at 10 years. */
  const highRisk = (...extra: Resource[]) => [...inputs(), ...extra];

  it('fires at high risk with no statin and no ASCVD, computing the risk', async () => {
    const c = await card(highRisk(), 'statin');
    assert.match(shown(c?.detail), /computed with the pooled cohort equations/);
  });

  const ascvd: [string, Resource][] = [
    ['peripheral arterial disease', condition(ICD10, 'I70.201')],
    ['a TIA', condition(ICD10, 'G45.1')],
    ['angina', condition(ICD10, 'I20.0')],
    ['a past MI, resolved', condition(ICD10, 'I21.9', false)],
    ['a coronary stent on the problem list (Z95.5, revascularisation)', condition(ICD10, 'Z95.5')],
  ];
  for (const [name, r] of ascvd)
    it(`treats ${name} as known ASCVD (not primary prevention)`, async () => {
      assert.equal(await card(highRisk(r), 'statin'), undefined);
    });

  const statins: [string, Parameters<typeof order>[0]][] = [
    ['atorvastatin 40 mg (617311)', { code: '617311', name: 'atorvastatin 40 MG Oral Tablet' }],
    ['Lipitor 40 mg coded alone (SBD 617320)', { code: '617320' }],
  ];
  for (const [name, spec] of statins)
    it(`sees ${name} as a statin already ordered`, async () => {
      assert.equal(await card(highRisk(order(spec)), 'statin'), undefined);
    });

  it('leaves out palliative care and statin-associated muscle symptoms', async () => {
    assert.equal(await card(highRisk(condition(ICD10, 'Z51.5')), 'statin'), undefined);
    assert.equal(await card(highRisk(condition(ICD10, 'G72.0')), 'statin'), undefined);
  });

  it('uses a risk the EHR recorded (LOINC 79423-0) and says so', async () => {
    const base = [patient(55, 'female'), condition(ICD10, 'I10')];
    const recorded = (pct: number) => lab('79423-0', pct, '%', 24 * 30);
    const c = await card([...base, recorded(12)], 'statin');
    assert.match(c?.summary ?? '', /10-year ASCVD risk 12% and no statin/);
    assert.match(shown(c?.detail), /as recorded in the chart on .*LOINC 79423-0/);
    assert.equal(await card([...base, recorded(8)], 'statin'), undefined);
  });

  it('takes LDL of 190 or more separately, from 20 to 75, with a high-intensity statin', async () => {
    const ldl = (age: number, value: number) => [patient(age), lab('18262-6', value, 'mg/dL', 24 * 10)];
    const c = await card(ldl(30, 195), 'statin');
    assert.equal(c?.indicator, 'warning');
    assert.match(
      c?.summary ?? '',
      /^LDL 195 mg\/dL, 190 or more and no statin\. Consider a high-intensity statin\./,
    );
    assert.deepEqual(
      c?.suggestions?.map((s) => s.label),
      ['Prescribe atorvastatin 40 mg once daily (high intensity)'],
    );
    assert.equal(await card(ldl(30, 185), 'statin'), undefined);
    assert.equal(await card(ldl(19, 195), 'statin'), undefined);
  });

  it('is not silenced by a total cholesterol above 320: with no LDL it asks for one', async () => {
    const c = await card([patient(50), lab('2093-3', 330, 'mg/dL', 24 * 10)], 'statin');
    assert.match(shown(c?.detail), /above the range of the pooled cohort equations and no LDL is on record/);
  });
});
