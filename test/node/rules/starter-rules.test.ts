/*
 * The starter rules against the synthetic patients: every `<rule>:trigger*` patient gets exactly
 * that prompt, every `<rule>:miss*` patient does not, and no patient gets a prompt its tags do not
 * name (the background patients p-031 to p-037 get none: p-031 to p-033 only because of a procedure
 * on record).
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SyntheticPatient } from '../../../mocks/data/index';
import type { PromptCard } from '../../../src/cds/cards';
import { STANDARD_OVERRIDE_REASONS } from '../../../src/cds/cards';
import { runPack } from './run-pack';
import type { RunResult } from '../../../src/rules/engine/run';
import { starterPack } from '../../../src/rules/packs/starter/index';
import { NOW, bundleFor, data, expectedRules, ruleIds, unitTypesFor, shown } from './helpers';

const results = new Map<string, RunResult>();
const cardsOf = (id: string): PromptCard[] => results.get(id)?.cards ?? [];
const withTag = (prefix: string): SyntheticPatient[] =>
  data().patients.filter((p) => p.scenarios.some((t) => t.startsWith(prefix)));

before(async () => {
  for (const p of data().patients) {
    const unitTypes = unitTypesFor(p);
    results.set(p.id, await runPack(starterPack, bundleFor(p.id), NOW, unitTypes ? { unitTypes } : {}));
  }
});

describe('starter rules on the synthetic patients', () => {
  it('has the seven prompts, each with trigger and near-miss patients', () => {
    const ids = starterPack.rules.map((r) => r.id);
    assert.deepEqual(ids, ['vte', 'opioid-mme', 'naloxone', 'opioid-benzo', 'aki', 'hba1c', 'statin']);
    for (const id of ids) {
      assert.ok(withTag(`${id}:trigger`).length > 0, `${id}: no trigger patient`);
      assert.ok(withTag(`${id}:miss`).length > 0, `${id}: no near-miss patient`);
    }
  });

  for (const rule of ['vte', 'opioid-mme', 'naloxone', 'opioid-benzo', 'aki', 'hba1c', 'statin']) {
    it(`${rule}: fires exactly once for every trigger patient and never for a near miss`, () => {
      for (const p of withTag(`${rule}:trigger`)) {
        const hits = ruleIds(cardsOf(p.id)).filter((r) => r === rule);
        assert.equal(hits.length, 1, `${p.id} (${p.scenarios.join(', ')})`);
      }
      for (const p of withTag(`${rule}:miss`))
        assert.ok(!ruleIds(cardsOf(p.id)).includes(rule), `${p.id} (${p.scenarios.join(', ')})`);
    });
  }

  it('gives every patient exactly the prompts its tags name, and no rule errors', () => {
    for (const p of data().patients) {
      assert.deepEqual(ruleIds(cardsOf(p.id)).sort(), expectedRules(p).sort(), p.id);
      assert.deepEqual(results.get(p.id)?.errors, [], p.id);
    }
  });

  it('gives the background patients p-031 to p-037 no prompt (p-034 to p-037 untagged)', () => {
    const background = data().patients.filter((p) => p.scenarios.length === 0);
    assert.deepEqual(
      background.map((p) => p.id),
      ['p-034', 'p-035', 'p-036', 'p-037'],
    );
    for (const id of ['p-031', 'p-032', 'p-033', 'p-034', 'p-035', 'p-036', 'p-037'])
      assert.deepEqual(cardsOf(id), [], id);
  });
});

describe('procedures on the synthetic patients', () => {
  const withoutProcedures = async (id: string) => {
    const bundle = bundleFor(id);
    const entry = (bundle.entry ?? []).filter((e) => e.resource?.resourceType !== 'Procedure');
    const patient = data().patients.find((p) => p.id === id);
    const unitTypes = patient ? unitTypesFor(patient) : undefined;
    const result = await runPack(starterPack, { ...bundle, entry }, NOW, unitTypes ? { unitTypes } : {});
    return ruleIds(result.cards);
  };

  const heldBack: [string, string, string][] = [
    ['p-031', 'aki:miss-dialysis', 'aki'],
    ['p-032', 'statin:miss-revascularised', 'statin'],
    ['p-033', 'hba1c:miss-palliative-care', 'hba1c'],
  ];
  for (const [id, tag, rule] of heldBack)
    it(`${id} (${tag}): the procedure alone holds the ${rule} prompt back`, async () => {
      assert.ok(
        data()
          .patients.find((p) => p.id === id)
          ?.scenarios.includes(tag),
      );
      assert.deepEqual(ruleIds(cardsOf(id)), []);
      assert.deepEqual(await withoutProcedures(id), [rule]);
    });

  it('p-013, p-020 and p-024 keep their prompt with a procedure that does not exclude', () => {
    for (const [id, rule] of [
      ['p-013', 'aki'],
      ['p-020', 'hba1c'],
      ['p-024', 'statin'],
    ] as const) {
      const procedures = (bundleFor(id).entry ?? []).filter((e) => e.resource?.resourceType === 'Procedure');
      assert.equal(procedures.length, 1, id);
      assert.deepEqual(ruleIds(cardsOf(id)), [rule], id);
    }
  });
});

describe('starter cards', () => {
  it('fills the placeholders from the CQL results', () => {
    const [vte] = cardsOf('p-001');
    assert.match(vte?.card.summary ?? '', /^VTE risk: Padua score 5 and no anticoagulant ordered/);
    assert.match(shown(vte?.card.detail), /active cancer \(3\), age 70 or over \(1\), acute infection/);
    assert.match(shown(vte?.card.detail), /231 x10\^3\/uL on 2026-01-15/);
    const mme = cardsOf('p-007').find((c) => c.card.source.topic?.code === 'opioid-mme');
    assert.match(mme?.card.summary ?? '', /^Opioids total 90 MME\/day, at or above 90/);
    const aki = cardsOf('p-016')[0];
    assert.match(aki?.card.summary ?? '', /\(0\.9 to 1\.3 mg\/dL\) on vancomycin/);
    const statin = cardsOf('p-024')[0];
    assert.match(
      shown(statin?.card.detail),
      /10-year ASCVD risk 30\.9%\*\* computed with the pooled cohort equations for white patients, because race is not recorded/,
    );
    assert.match(shown(statin?.card.detail), /Risk factors: hypertension, smoking, dyslipidaemia\./);
    for (const p of data().patients)
      for (const c of cardsOf(p.id)) {
        assert.ok(c.card.summary.length <= 140, c.card.summary);
        assert.doesNotMatch(`${c.card.summary} ${shown(c.card.detail)}`, /\{\{|\(unknown\)/);
      }
  });

  it('sets the indicator from the priority, and per patient from a dynamic value', () => {
    const indicator = (id: string, rule: string) =>
      cardsOf(id).find((c) => c.card.source.topic?.code === rule)?.card.indicator;
    assert.equal(indicator('p-006', 'opioid-mme'), 'warning'); // 60 MME/day
    assert.equal(indicator('p-007', 'opioid-mme'), 'critical'); // 90 MME/day
    assert.equal(indicator('p-019', 'hba1c'), 'warning'); // 9.6%
    assert.equal(indicator('p-020', 'hba1c'), 'info'); // none in 6 months
    assert.equal(indicator('p-024', 'statin'), 'info');
  });

  it('cites the guideline, offers the drafted orders, and carries the override reasons', () => {
    const [vte] = cardsOf('p-002');
    assert.equal(vte?.card.source.url, 'https://doi.org/10.1182/bloodadvances.2018022954');
    assert.equal(vte?.origin.kind, 'local');
    assert.deepEqual(vte?.origin.rule, {
      url: 'https://learning-loop.example.org/fhir/PlanDefinition/vte',
      version: '2.1.0',
    });
    const [enoxaparin, heparin] = vte?.card.suggestions ?? [];
    assert.equal(enoxaparin?.isRecommended, true);
    assert.equal(heparin?.isRecommended, false);
    assert.equal(vte?.card.selectionBehavior, 'at-most-one');
    const order = enoxaparin?.actions?.[0]?.resource;
    assert.equal(order?.resourceType, 'MedicationRequest');
    assert.deepEqual(order && 'subject' in order ? order.subject : undefined, { reference: 'Patient/p-002' });
    const reasons = vte?.card.overrideReasons ?? [];
    assert.deepEqual(reasons.slice(0, 6), STANDARD_OVERRIDE_REASONS);
    assert.deepEqual(reasons[6], {
      system: 'http://terminology.hl7.org/CodeSystem/non-adherence-reason-codes',
      code: 'patient-contraindication',
      display: 'Patient has contraindication to recommended action',
    });
    // The drafted orders carry RxNorm products the EHR can sign as they are.
    const product = (s: typeof enoxaparin) => {
      const r = s?.actions?.[0]?.resource;
      return r && 'medicationCodeableConcept' in r
        ? r.medicationCodeableConcept?.coding?.[0]?.code
        : undefined;
    };
    assert.equal(product(enoxaparin), '854235');
    assert.equal(product(heparin), '1659263');
    // HbA1c above 9% 40 days ago: no new test suggested; none in 6 months: an HbA1c order.
    assert.equal(cardsOf('p-019')[0]?.card.suggestions, undefined);
    const hba1c = cardsOf('p-020')[0]?.card.suggestions?.[0]?.actions?.[0]?.resource;
    assert.equal(hba1c?.resourceType, 'ServiceRequest');
  });

  it('keeps a card uuid stable across runs and distinct across patients', async () => {
    const again = await runPack(starterPack, bundleFor('p-006'), new Date(NOW.getTime() + 3_600_000));
    assert.deepEqual(
      again.cards.map((c) => c.card.uuid),
      cardsOf('p-006').map((c) => c.card.uuid),
    );
    const uuids = data().patients.flatMap((p) => cardsOf(p.id).map((c) => c.card.uuid));
    assert.equal(new Set(uuids).size, uuids.length);
    for (const u of uuids)
      assert.match(u, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('runs a unit-specific rule only on its units, and shows it with a note on its face when the unit or its type is unknown', async () => {
    const surgical = [
      { system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'SU', display: 'Surgery' },
    ];
    const onSurgery = await runPack(starterPack, bundleFor('p-001'), NOW, { unitTypes: surgical });
    assert.ok(!ruleIds(onSurgery.cards).includes('vte'));
    const vte = (cards: PromptCard[]) => cards.find((c) => c.card.source.topic?.code === 'vte');
    assert.equal(vte(cardsOf('p-001'))?.notes, undefined, 'on a medical ward: no note');
    const unknown = await runPack(starterPack, bundleFor('p-001'), NOW);
    assert.deepEqual(vte(unknown.cards)?.notes, [
      "The patient's unit is unknown: this prompt is meant for Medical wards and medical or mixed intensive care units. Check it applies here.",
    ]);
    const untyped = await runPack(starterPack, bundleFor('p-001'), NOW, { unitTypes: [] });
    assert.match(
      vte(untyped.cards)?.notes?.[0] ?? '',
      /^The ward's unit type is not recorded: this prompt is meant for/,
    );
    assert.doesNotMatch(
      shown(vte(untyped.cards)?.card.detail),
      /unit/i,
      'the note is not hidden in the details',
    );
  });
});
