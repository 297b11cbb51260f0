/*
 * The product-coded cases issue 9 reports, as an EHR would send them, each firing or staying silent as
 * its guideline says (the detailed boundaries are in mme.test.ts and the exclusions tests).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Resource } from '@medplum/fhirtypes';
import { runPack } from './run-pack';
import { starterPack } from '../../../src/rules/packs/starter/index';
import { NOW, ruleIds } from './helpers';
import { inputs } from './statin-inputs';
import { ICD10, condition, inpatientStay, lab, order, patient, record } from './factories';

const rules = async (...resources: Resource[]) => {
  const result = await runPack(starterPack, record(patient(55), ...resources), NOW);
  assert.deepEqual(result.errors, []);
  return ruleIds(result.cards).sort();
};
const home = { category: 'community' as const };

describe('issue 9: orders coded with RxNorm products', () => {
  it('oxycodone 5 mg tablet (1049621) with lorazepam 1 mg (197901): opioid with benzodiazepine, naloxone', async () => {
    const oxy = order({
      ...home,
      code: '1049621',
      name: 'oxycodone hydrochloride 5 MG Oral Tablet',
      dose: 5,
      frequency: 4,
    });
    const lorazepam = order({
      ...home,
      code: '197901',
      name: 'lorazepam 1 MG Oral Tablet',
      dose: 1,
      frequency: 2,
    });
    assert.deepEqual(await rules(oxy, lorazepam), ['naloxone', 'opioid-benzo']);
  });

  it('methadone 10 mg tablet (864706), 10 mg twice a day: 94 MME/day, a dose card', async () => {
    const methadone = order({
      ...home,
      code: '864706',
      name: 'methadone hydrochloride 10 MG Oral Tablet',
      dose: 10,
      frequency: 2,
    });
    assert.deepEqual(await rules(methadone), ['naloxone', 'opioid-mme']);
  });

  it('hydromorphone 4 mg tablet (897702), 4 mg four times a day: 80 MME/day, a dose card', async () => {
    const hm = order({
      ...home,
      code: '897702',
      name: 'hydromorphone hydrochloride 4 MG Oral Tablet',
      dose: 4,
      frequency: 4,
    });
    assert.deepEqual(await rules(hm), ['naloxone', 'opioid-mme']);
  });

  it('apixaban 5 mg (1364445), Eliquis (1364447) and an enoxaparin 40 mg syringe (854235) count as anticoagulants', async () => {
    const atRisk = [inpatientStay(), condition(ICD10, 'C80.1'), lab('777-3', 200, '10*3/uL', 12)];
    const at72 = async (...extra: Resource[]) => {
      const result = await runPack(starterPack, record(patient(72), ...atRisk, ...extra), NOW);
      return ruleIds(result.cards);
    };
    assert.deepEqual(await at72(), ['vte']);
    for (const code of ['1364445', '1364447', '854235'])
      assert.deepEqual(await at72(order({ code })), [], code);
  });

  it('atorvastatin 40 mg (617311) is a statin already ordered', async () => {
    const result = await runPack(
      starterPack,
      record(...inputs(), order({ code: '617311', name: 'atorvastatin 40 MG Oral Tablet' })),
      NOW,
    );
    assert.deepEqual(ruleIds(result.cards), []);
    assert.deepEqual(ruleIds((await runPack(starterPack, record(...inputs()), NOW)).cards), ['statin']);
  });

  it('gentamicin under its current RxNorm ingredient code (1596450) is a nephrotoxin', async () => {
    const rise = [inpatientStay(), lab('2160-0', 0.8, 'mg/dL', 40), lab('2160-0', 1.2, 'mg/dL', 4)];
    assert.deepEqual(await rules(order({ code: '1596450' }), ...rise), ['aki']);
    assert.deepEqual(await rules(order({ code: '4413' }), ...rise), []);
  });
});
