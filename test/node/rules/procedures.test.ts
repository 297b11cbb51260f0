/*
 * Procedures as EHRs record them, each exclusion with a patient it applies to and one it does not:
 * dialysis sessions (kidney rule), coronary and carotid revascularisation (statin: known ASCVD), and
 * hospice or palliative care procedures (opioid, HbA1c and statin rules). Codes are taken as the
 * published sets list them: SNOMED CT, CPT and ICD-10-PCS.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Resource } from '@medplum/fhirtypes';
import { runPack } from './run-pack';
import { starterPack } from '../../../src/rules/packs/starter/index';
import { NOW, ruleIds } from './helpers';
import { inputs } from './statin-inputs';
import {
  CPT,
  ICD10,
  ICD10PCS,
  SNOMED,
  condition,
  inpatientStay,
  lab,
  order,
  patient,
  procedure,
  record,
} from './factories';

async function fired(resources: Resource[]): Promise<string[]> {
  const result = await runPack(starterPack, record(...resources), NOW);
  assert.deepEqual(result.errors, []);
  return ruleIds(result.cards).sort();
}

describe('dialysis procedures (kidney rule: KDIGO applies to native kidney function)', () => {
  const vancomycin = order({
    code: '1807513',
    name: 'vancomycin 1000 MG Injection',
    dose: 1000,
    frequency: 2,
  });
  const rising = [lab('14682-9', 80, 'umol/L', 40), lab('14682-9', 110, 'umol/L', 4)];
  const aki = (...extra: Resource[]) =>
    fired([patient(60), inpatientStay(), vancomycin, ...rising, ...extra]);

  it('fires without dialysis', async () => {
    assert.deepEqual(await aki(), ['aki']);
  });

  const sessions: [string, Resource][] = [
    ['a haemodialysis session 3 days ago (SNOMED CT 302497006)', procedure(SNOMED, '302497006', 3)],
    ['haemodialysis billed 10 days ago (CPT 90935)', procedure(CPT, '90935', 10)],
    ['dialysis under way since 60 days ago', procedure(SNOMED, '302497006', 60, 'in-progress')],
  ];
  for (const [name, session] of sessions)
    it(`stays silent with ${name}`, async () => {
      assert.deepEqual(await aki(session), []);
    });

  it('fires again when the last session was more than 30 days ago, or was not done', async () => {
    assert.deepEqual(await aki(procedure(SNOMED, '302497006', 45)), ['aki']);
    assert.deepEqual(await aki(procedure(SNOMED, '302497006', 3, 'not-done')), ['aki']);
  });
});

describe('revascularisation procedures (statin: known ASCVD, CMS347)', () => {
  it('fires for primary prevention with no revascularisation on record', async () => {
    assert.deepEqual(await fired([...inputs(), procedure(SNOMED, '73761001', 400)]), ['statin']);
  });

  const revascularised: [string, Resource][] = [
    ['CABG years ago (SNOMED CT 232717009)', procedure(SNOMED, '232717009', 3000)],
    ['CABG coded in ICD-10-PCS (0210093)', procedure(ICD10PCS, '0210093', 800)],
    ['a coronary stent (SNOMED CT 36969009)', procedure(SNOMED, '36969009', 200)],
    ['PCI billed in CPT (92928)', procedure(CPT, '92928', 60)],
    ['a carotid endarterectomy (SNOMED CT 15023006)', procedure(SNOMED, '15023006', 500)],
  ];
  for (const [name, r] of revascularised)
    it(`treats ${name} as known ASCVD`, async () => {
      assert.deepEqual(await fired([...inputs(), r]), []);
    });

  it('does not count a revascularisation entered in error or not done', async () => {
    assert.deepEqual(await fired([...inputs(), procedure(SNOMED, '232717009', 30, 'entered-in-error')]), [
      'statin',
    ]);
    assert.deepEqual(await fired([...inputs(), procedure(CPT, '92928', 30, 'not-done')]), ['statin']);
  });
});

describe('hospice and palliative care procedures (opioid, HbA1c and statin exclusions)', () => {
  const opioids = () => [
    order({
      code: '1049683',
      name: 'oxycodone hydrochloride 10 MG Oral Tablet',
      dose: 10,
      frequency: 6,
      category: 'community',
    }),
  ];
  const diabetic = () => [patient(60), condition(ICD10, 'E11.9')];
  const cases: [string, () => Resource[], string[]][] = [
    ['opioids', () => [patient(45), ...opioids()], ['naloxone', 'opioid-mme']],
    ['HbA1c', diabetic, ['hba1c']],
    ['statin', inputs, ['statin']],
  ];
  const care: [string, (days: number) => Resource][] = [
    ['hospice care (SNOMED CT 385763009)', (d) => procedure(SNOMED, '385763009', d)],
    ['hospice care billed in CPT (99377)', (d) => procedure(CPT, '99377', d)],
    ['palliative care (SNOMED CT 103735009)', (d) => procedure(SNOMED, '103735009', d)],
  ];
  for (const [rule, base, expected] of cases)
    for (const [name, make] of care)
      it(`${rule}: ${name} in the last 12 months excludes, 400 days ago does not`, async () => {
        assert.deepEqual(await fired([...base(), make(60)]), []);
        assert.deepEqual(await fired([...base(), make(400)]), expected);
      });
});
