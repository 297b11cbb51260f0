/*
 * Daily MME per product (CDC 2022, MMWR RR-71-3, with the OMTK product table): thresholds compared
 * exactly, transdermal fentanyl, methadone, dose ranges, orders without a route, timing codes, two
 * salts of one opioid, and orders the table cannot resolve, which are named, never counted as 0.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Resource } from '@medplum/fhirtypes';
import { runPack } from './run-pack';
import { starterPack } from '../../../src/rules/packs/starter/index';
import { NOW, shown } from './helpers';
import { SNOMED, order, patient, record } from './factories';
import type { OrderSpec } from './factories';

/** An adult's home medications (category community), and the cards they give. */
async function cards(...orders: OrderSpec[]) {
  const resources: Resource[] = [patient(50), ...orders.map((o) => order({ category: 'community', ...o }))];
  const result = await runPack(starterPack, record(...resources), NOW);
  assert.deepEqual(result.errors, []);
  const card = (rule: string) => result.cards.find((c) => c.card.source.topic?.code === rule)?.card;
  return { mme: card('opioid-mme'), naloxone: card('naloxone') };
}

const OXY5 = { code: '1049621', name: 'oxycodone hydrochloride 5 MG Oral Tablet' };
const OXY10 = { code: '1049683', name: 'oxycodone hydrochloride 10 MG Oral Tablet' };
const HYDROMORPHONE4 = { code: '897702', name: 'hydromorphone hydrochloride 4 MG Oral Tablet' };
const TABLET = { unit: '{tbl}' };

describe('MME thresholds, compared exactly', () => {
  it('45 MME/day (oxycodone 5 mg every 4 hours) gives no dose card and no naloxone card', async () => {
    const { mme, naloxone } = await cards({
      ...OXY5,
      ...TABLET,
      dose: 1,
      frequency: 1,
      period: 4,
      periodUnit: 'h',
    });
    assert.equal(mme, undefined);
    assert.equal(naloxone, undefined);
  });

  it('exactly 50 MME/day fires as a warning; 48 does not', async () => {
    // hydromorphone (factor 5): 2.5 mg four times a day = 10 mg/day = 50 MME/day
    const at50 = await cards({ ...HYDROMORPHONE4, dose: 2.5, frequency: 4 });
    assert.equal(at50.mme?.indicator, 'warning');
    assert.match(at50.mme?.summary ?? '', /^Opioids total 50 MME\/day, at or above 50\./);
    const at48 = await cards({ ...HYDROMORPHONE4, dose: 2.4, frequency: 4 });
    assert.equal(at48.mme, undefined);
  });

  it('exactly 90 MME/day is critical (morphine 30 mg every 8 hours)', async () => {
    const { mme } = await cards({
      code: '892672',
      name: 'morphine sulfate 30 MG Oral Tablet',
      dose: 30,
      frequency: 1,
      period: 8,
      periodUnit: 'h',
    });
    assert.equal(mme?.indicator, 'critical');
    assert.match(mme?.summary ?? '', /^Opioids total 90 MME\/day, at or above 90\./);
  });
});

describe('MME per product', () => {
  it('a fentanyl 25 mcg/hr patch is 60 MME/day, however long it is worn and with no route', async () => {
    const { mme } = await cards({
      code: '245134',
      name: '72 HR fentanyl 0.025 MG/HR Transdermal System',
      dose: 1,
      unit: '{patch}',
      frequency: 1,
      period: 72,
      periodUnit: 'h',
      route: null,
    });
    assert.match(shown(mme?.detail), /\*\*60 MME\/day\*\*/);
  });

  it('methadone 10 mg three times a day is 141 MME/day (one factor, 4.7)', async () => {
    const { mme } = await cards({
      code: '864706',
      name: 'methadone hydrochloride 10 MG Oral Tablet',
      ...TABLET,
      dose: 1,
      frequency: 3,
    });
    assert.equal(mme?.indicator, 'critical');
    assert.match(shown(mme?.detail), /\*\*141 MME\/day\*\*/);
  });

  it('takes the top of a dose range: 1-2 tablets of oxycodone 5 mg every 6 hours is 60, not 30', async () => {
    const { mme } = await cards({
      ...OXY5,
      ...TABLET,
      dose: 1,
      high: 2,
      frequency: 1,
      period: 6,
      periodUnit: 'h',
    });
    assert.match(shown(mme?.detail), /\*\*60 MME\/day\*\*/);
  });

  it('resolves an order with no route through the product dose form', async () => {
    const { mme } = await cards({
      ...OXY10,
      ...TABLET,
      dose: 1,
      frequency: 1,
      period: 6,
      periodUnit: 'h',
      route: null,
    });
    assert.match(shown(mme?.detail), /\*\*60 MME\/day\*\*/);
  });

  it('counts a route coded in another system, and a dose in mL of an oral solution', async () => {
    const { mme } = await cards({
      code: '1049604',
      name: 'oxycodone hydrochloride 1 MG/ML Oral Solution',
      dose: 10,
      unit: 'mL',
      frequency: 1,
      period: 4,
      periodUnit: 'h',
      route: { system: 'urn:oid:2.16.840.1.113883.3.26.1.1', code: 'C38288' },
    });
    assert.match(shown(mme?.detail), /\*\*90 MME\/day\*\*/);
  });

  it('reads a timing code (Q4H) when there is no repeat', async () => {
    const { mme } = await cards({
      ...OXY10,
      dosage: [
        {
          timing: {
            code: {
              coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation', code: 'Q4H' }],
            },
          },
          doseAndRate: [
            { doseQuantity: { value: 10, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } },
          ],
        },
      ],
    });
    assert.match(shown(mme?.detail), /\*\*90 MME\/day\*\*/);
  });

  it('adds both oxycodone salts of one product (two rows of the table)', async () => {
    // (4.5 + 0.38) mg x 6 tablets a day x 1.5 = 43.92: under 50 with 6, 58.56 with 8 tablets a day.
    const product = {
      code: '637540',
      name: 'aspirin 325 MG / oxycodone hydrochloride 4.5 MG / oxycodone terephthalate 0.38 MG Oral Tablet',
    };
    assert.equal((await cards({ ...product, ...TABLET, dose: 1, frequency: 6 })).mme, undefined);
    const { mme } = await cards({ ...product, ...TABLET, dose: 1, frequency: 8 });
    assert.match(shown(mme?.detail), /\*\*58\.6 MME\/day\*\*/);
  });

  it('counts a branded product (Percocet 5 mg, SBD 1049640) like its generic', async () => {
    const { mme } = await cards({
      code: '1049640',
      name: 'acetaminophen 325 MG / oxycodone hydrochloride 5 MG Oral Tablet [Percocet]',
      ...TABLET,
      dose: 2,
      frequency: 1,
      period: 4,
      periodUnit: 'h',
    });
    assert.equal(mme?.indicator, 'critical');
  });
});

describe('orders the table cannot resolve are named, never counted as 0', () => {
  const roxybond = {
    code: '2693196',
    name: 'Abuse-Deterrent oxycodone hydrochloride 10 MG Oral Tablet [Roxybond]',
    ...TABLET,
    dose: 1,
    frequency: 4,
  };

  it('a product not in the table alone gives an information card naming it', async () => {
    const { mme } = await cards(roxybond);
    assert.equal(mme?.indicator, 'info');
    assert.match(mme?.summary ?? '', /daily dose not computable for Abuse-Deterrent oxycodone .*Roxybond/i);
    assert.match(shown(mme?.detail), /dose not counted for .*Roxybond.* \(product not in the MME table\)/);
  });

  it('with a counted order at 90, the total is "at least" 90 and the unknown one is named', async () => {
    const { mme } = await cards(roxybond, { ...OXY10, dose: 10, frequency: 1, period: 4, periodUnit: 'h' });
    assert.equal(mme?.indicator, 'critical');
    assert.match(shown(mme?.detail), /at least 90 MME\/day; dose not counted for .*Roxybond/);
  });

  it('buprenorphine has no CDC 2022 factor: named as not counted', async () => {
    const { mme } = await cards({
      code: '904870',
      name: '168 HR buprenorphine 0.01 MG/HR Transdermal System',
      dose: 1,
      unit: '{patch}',
      frequency: 1,
      period: 1,
      periodUnit: 'wk',
    });
    assert.match(shown(mme?.detail), /no CDC 2022 conversion factor for Buprenorphine/);
  });

  it('an order without a dose, or with a unit that does not fit, is named too', async () => {
    const noDose = await cards({ ...OXY10, frequency: 4 });
    assert.match(shown(noDose.mme?.detail), /\(no dose on the order\)/);
    const grams = await cards({ ...OXY10, dose: 2, unit: '[iU]', frequency: 4 });
    assert.match(shown(grams.mme?.detail), /dose or frequency not readable/);
  });
});

describe('venue: the guideline covers outpatient prescribing and discharge', () => {
  const at60 = { ...OXY10, ...TABLET, dose: 1, frequency: 1, period: 6, periodUnit: 'h' as const };

  it('a discharge prescription counts; an inpatient order does not', async () => {
    assert.ok((await cards({ ...at60, category: 'discharge' })).mme);
    assert.equal((await cards({ ...at60, category: 'inpatient' })).mme, undefined);
  });

  it('an order with no category counts unless it belongs to the inpatient stay in progress', async () => {
    const { inpatientStay } = await import('./factories');
    const run = async (withStay: boolean) => {
      const resources: Resource[] = [
        patient(50),
        ...(withStay ? [inpatientStay()] : []),
        order({ ...at60, ...(withStay ? { encounter: 'stay' } : {}) }),
      ];
      return (await runPack(starterPack, record(...resources), NOW)).cards.map(
        (c) => c.card.source.topic?.code,
      );
    };
    assert.ok((await run(false)).includes('opioid-mme'));
    assert.ok(!(await run(true)).includes('opioid-mme'));
  });

  it('ICU sedation (fentanyl and midazolam infusions, inpatient orders) gives no opioid prompt', async () => {
    const iv = { system: SNOMED, code: '47625008' };
    const resources: Resource[] = [
      patient(60),
      order({
        code: '1735003',
        name: '2 ML fentanyl 0.05 MG/ML Injection',
        dose: 0.05,
        frequency: 24,
        route: iv,
        category: 'inpatient',
      }),
      order({
        code: '311700',
        name: 'midazolam 1 MG/ML Injectable Solution',
        dose: 2,
        frequency: 24,
        route: iv,
        category: 'inpatient',
      }),
    ];
    const result = await runPack(starterPack, record(...resources), NOW);
    assert.deepEqual(result.cards, []);
  });
});
