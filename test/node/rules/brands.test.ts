/*
 * One branded order per medication rule, coded the ways EHRs send them: an RxNorm branded product (SBD)
 * code alone, where the brand map or a published set lists it, or the SBD's RxNorm name ("generic
 * [Brand]"), which the engine matches to the generic of a generic-only set.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Resource } from '@medplum/fhirtypes';
import { runPack } from './run-pack';
import { starterPack } from '../../../src/rules/packs/starter/index';
import { NOW, ruleIds } from './helpers';
import { inputs } from './statin-inputs';
import { ICD10, condition, inpatientStay, lab, order, patient, record } from './factories';

async function fired(resources: Resource[]): Promise<string[]> {
  const result = await runPack(starterPack, record(...resources), NOW);
  assert.deepEqual(result.errors, []);
  return ruleIds(result.cards).sort();
}

const oxycodone = (category: 'community' | 'inpatient' = 'community') =>
  order({
    code: '1049683',
    name: 'oxycodone hydrochloride 10 MG Oral Tablet',
    dose: 10,
    frequency: 6,
    category,
  });

describe('branded orders, one per medication rule', () => {
  it('VTE: Xarelto 20 mg coded alone (SBD 1232088) or Eliquis 2.5 mg (SBD 1364441) is an anticoagulant', async () => {
    // 75, active cancer, heart failure and a previous VTE: Padua 7 on a medical ward
    const base = [
      patient(75),
      inpatientStay(),
      condition(ICD10, 'C50.011'),
      condition(ICD10, 'I50.9'),
      condition(ICD10, 'Z86.718'),
      lab('777-3', 220, '10*3/uL', 10),
    ];
    assert.deepEqual(await fired(base), ['vte']);
    assert.deepEqual(await fired([...base, order({ code: '1232088' })]), []);
    assert.deepEqual(await fired([...base, order({ code: '1364441' })]), []);
  });

  it('statin: Crestor 20 mg (SBD 859753) or Livalo 2 mg (SBD 861650) coded alone is a statin', async () => {
    assert.deepEqual(await fired(inputs()), ['statin']);
    assert.deepEqual(await fired([...inputs(), order({ code: '859753' })]), []);
    assert.deepEqual(await fired([...inputs(), order({ code: '861650' })]), []);
  });

  it('naloxone: Narcan coded alone (SBD 1725064, listed by the CDC naloxone set) silences the card', async () => {
    assert.deepEqual(await fired([patient(45), oxycodone()]), ['naloxone', 'opioid-mme']);
    const narcan = order({ code: '1725064', category: 'community' });
    assert.deepEqual(await fired([patient(45), oxycodone(), narcan]), ['opioid-mme']);
  });

  it('opioid-mme: Percocet 5 mg by its SBD code counts its oxycodone', async () => {
    const percocet = order({ code: '1049640', dose: 2, unit: '{tbl}', frequency: 6, category: 'community' });
    assert.deepEqual(await fired([patient(45), percocet]), ['naloxone', 'opioid-mme']);
  });

  it('opioid-benzo: Xanax 0.5 mg coded alone (SBD 141928) is a benzodiazepine', async () => {
    const xanax = order({ code: '141928', dose: 1, unit: '{tbl}', frequency: 2, category: 'community' });
    assert.deepEqual(await fired([patient(45), oxycodone(), xanax]), [
      'naloxone',
      'opioid-benzo',
      'opioid-mme',
    ]);
  });

  it('kidney: a branded product named after its nephrotoxic ingredient ([Ibudone], ibuprofen) counts', async () => {
    const rising = [lab('2160-0', 0.9, 'mg/dL', 40), lab('2160-0', 1.3, 'mg/dL', 4)];
    const ibudone = order({
      code: '858780',
      name: 'hydrocodone bitartrate 5 MG / ibuprofen 200 MG Oral Tablet [Ibudone]',
      dose: 1,
      unit: '{tbl}',
      frequency: 4,
      category: 'inpatient',
    });
    assert.deepEqual(await fired([patient(60), inpatientStay(), ...rising]), []);
    assert.deepEqual(await fired([patient(60), inpatientStay(), ibudone, ...rising]), ['aki']);
  });
});
