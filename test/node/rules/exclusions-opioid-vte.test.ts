/*
 * Scope and exclusions of the opioid and VTE rules, each with a patient it applies to and one it does
 * not: CDC 2022 scope (cancer, sickle cell disease, palliative and end-of-life care, treatment of opioid
 * use disorder, adults only), an existing naloxone order, and for VTE bleeding, haemorrhagic stroke,
 * intracranial bleeding, surgical units, reduced mobility where coded, and anticoagulants ordered as
 * products, generic or branded.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Coding, Resource } from '@medplum/fhirtypes';
import { runPack } from './run-pack';
import { starterPack } from '../../../src/rules/packs/starter/index';
import { NOW, ruleIds } from './helpers';
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

const fired = async (resources: Resource[], unitTypes?: Coding[]) => {
  const result = await runPack(starterPack, record(...resources), NOW, unitTypes ? { unitTypes } : {});
  assert.deepEqual(result.errors, []);
  return ruleIds(result.cards);
};

describe('opioid rules: CDC 2022 scope', () => {
  // oxycodone 10 mg every 4 hours (90 MME/day) with lorazepam 1 mg, taken home
  const opioids = () => [
    order({
      code: '1049683',
      name: 'oxycodone hydrochloride 10 MG Oral Tablet',
      dose: 10,
      frequency: 6,
      category: 'community',
    }),
    order({
      code: '197901',
      name: 'lorazepam 1 MG Oral Tablet',
      dose: 1,
      frequency: 2,
      category: 'community',
    }),
  ];
  const ALL = ['naloxone', 'opioid-benzo', 'opioid-mme'];

  it('applies to an adult outpatient with chronic pain', async () => {
    assert.deepEqual((await fired([patient(45), condition(ICD10, 'G89.29'), ...opioids()])).sort(), ALL);
  });

  const exclusions: [string, () => Resource[]][] = [
    ['cancer (CDC malignant cancer conditions)', () => [condition(ICD10, 'C50.011')]],
    ['cancer-related pain', () => [condition(SNOMED, '735935009')]],
    ['sickle cell disease', () => [condition(ICD10, 'D57.00')]],
    ['palliative care (diagnosis)', () => [condition(ICD10, 'Z51.5')]],
    ['hospice care (an encounter of the last year)', () => [pastEncounter(SNOMED, '385763009', 60)]],
    ['a condition likely terminal', () => [condition(SNOMED, '197270009')]],
  ];
  for (const [name, make] of exclusions)
    it(`is out of scope with ${name}`, async () => {
      assert.deepEqual(await fired([patient(45), ...make(), ...opioids()]), []);
    });

  it('hospice care more than a year ago no longer excludes', async () => {
    assert.deepEqual(
      (await fired([patient(45), pastEncounter(SNOMED, '385763009', 400), ...opioids()])).sort(),
      ALL,
    );
  });

  it('leaves out patients under 18', async () => {
    assert.deepEqual(await fired([patient(17), ...opioids()]), []);
    assert.deepEqual((await fired([patient(18), ...opioids()])).sort(), ALL);
  });

  it('leaves out methadone for opioid use disorder, but counts methadone for pain', async () => {
    const methadone = order({
      code: '864706',
      name: 'methadone hydrochloride 10 MG Oral Tablet',
      dose: 10,
      frequency: 3,
      category: 'community',
    });
    assert.deepEqual(await fired([patient(40), condition(ICD10, 'F11.20'), methadone]), []);
    assert.deepEqual((await fired([patient(40), methadone])).sort(), ['naloxone', 'opioid-mme']);
  });

  it('an existing naloxone order silences the naloxone card only, generic or branded (Narcan by name)', async () => {
    const generic = order({
      code: '1725059',
      name: 'naloxone hydrochloride 40 MG/ML Nasal Spray',
      category: 'community',
    });
    assert.deepEqual((await fired([patient(45), generic, ...opioids()])).sort(), [
      'opioid-benzo',
      'opioid-mme',
    ]);
    const narcan = order({
      name: 'naloxone hydrochloride 40 MG/ML Nasal Spray [Narcan]',
      category: 'community',
    });
    assert.deepEqual((await fired([patient(45), narcan, ...opioids()])).sort(), [
      'opioid-benzo',
      'opioid-mme',
    ]);
  });

  it('an inpatient naloxone order silences the card as well (the suggestion is already there)', async () => {
    const iv = order({
      code: '1191222',
      name: 'naloxone hydrochloride 0.4 MG/ML Injectable Solution',
      category: 'inpatient',
    });
    assert.ok(!(await fired([patient(45), iv, ...opioids()])).includes('naloxone'));
  });
});

describe('VTE prophylaxis: exclusions and products', () => {
  /** A medical inpatient of 72 with cancer (Padua 4) and a normal platelet count. */
  const atRisk = (...extra: Resource[]) => [
    patient(72),
    inpatientStay(),
    condition(ICD10, 'C80.1'),
    lab('777-3', 210, '10*3/uL', 20),
    ...extra,
  ];

  it('fires for a medical inpatient at Padua 4 with no anticoagulant', async () => {
    assert.deepEqual(await fired(atRisk()), ['vte']);
  });

  const bleeding: [string, Resource][] = [
    ['active bleeding', condition(ICD10, 'R58')],
    ['haemorrhagic stroke', condition(ICD10, 'I61.9')],
    ['nontraumatic intracranial bleeding', condition(ICD10, 'I62.9')],
    ['traumatic intracranial bleeding', condition(ICD10, 'S06.340A')],
  ];
  for (const [name, c] of bleeding)
    it(`stays silent with ${name}`, async () => {
      assert.deepEqual(await fired(atRisk(c)), []);
    });

  it('a resolved bleed no longer excludes', async () => {
    assert.deepEqual(await fired(atRisk(condition(ICD10, 'R58', false))), ['vte']);
  });

  it('runs on medical units, not on surgical or trauma ones (HSLOC unit types)', async () => {
    const hsloc = 'https://www.cdc.gov/nhsn/cdaportal/terminology/codesystem/hsloc.html';
    assert.deepEqual(await fired(atRisk(), [{ system: hsloc, code: '1027-2' }]), ['vte']);
    assert.deepEqual(await fired(atRisk(), [{ system: hsloc, code: '1030-6' }]), []);
    assert.deepEqual(await fired(atRisk(), [{ system: hsloc, code: '1025-6' }]), []);
  });

  it('scores reduced mobility where it is coded (Z74.01, 3 points)', async () => {
    const base = [patient(72), inpatientStay(), lab('26515-7', 180, '10*3/uL', 20)];
    assert.deepEqual(await fired(base), []);
    assert.deepEqual(await fired([...base, condition(ICD10, 'Z74.01')]), ['vte']);
  });

  const anticoagulants: [string, Parameters<typeof order>[0]][] = [
    ['apixaban 5 mg (SCD 1364445)', { code: '1364445', name: 'apixaban 5 MG Oral Tablet' }],
    ['Eliquis 5 mg coded alone (SBD 1364447)', { code: '1364447' }],
    ['a branded product known by its RxNorm name only', { name: 'rivaroxaban 20 MG Oral Tablet [Xarelto]' }],
    [
      'an enoxaparin 40 mg syringe (854235)',
      { code: '854235', name: '0.4 ML enoxaparin sodium 100 MG/ML Prefilled Syringe' },
    ],
  ];
  for (const [name, spec] of anticoagulants)
    it(`counts ${name} as an anticoagulant`, async () => {
      assert.deepEqual(await fired(atRisk(order({ ...spec, category: 'inpatient' }))), []);
    });

  it('does not count an unrelated branded product by name', async () => {
    const toprol = { name: '24 HR metoprolol succinate 100 MG Extended Release Oral Tablet [Toprol]' };
    assert.deepEqual(await fired(atRisk(order(toprol))), ['vte']);
  });

  it('reads platelets under another LOINC code and in /uL', async () => {
    const base = [patient(72), inpatientStay(), condition(ICD10, 'C80.1')];
    assert.deepEqual(await fired([...base, lab('13056-7', 150000, '/uL', 20)]), ['vte']);
    assert.deepEqual(await fired([...base, lab('13056-7', 40000, '/uL', 20)]), []);
  });

  it('ignores a finished stay: the eCQM VTE encounters are finished, so their patients get no card', async () => {
    const finished = pastEncounter(SNOMED, '183452005', 10);
    assert.deepEqual(
      await fired([patient(72), finished, condition(ICD10, 'C80.1'), lab('777-3', 210, '10*3/uL', 20)]),
      [],
    );
  });
});
