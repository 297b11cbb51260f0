/*
 * The engine's failure handling: a rule that throws or runs past its budget gives an error entry
 * and the other rules still give their cards; a missing or unreadable value never fires a prompt.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Bundle, MedicationRequest, Observation, PlanDefinition, Resource } from '@medplum/fhirtypes';
import { loadPack, PackError } from '../../../src/rules/engine/pack';
import type { RulePack } from '../../../src/rules/engine/pack';
import { runPack } from './run-pack';
import { uuidV5 } from '../../../src/rules/engine/uuid';
import { starterPack } from '../../../src/rules/packs/starter/index';
import { NOW, bundleFor, bundleOf, ruleIds, shown } from './helpers';

const INTEGER = '{urn:hl7-org:elm-types:r1}Integer';

/** The starter pack plus a first rule whose define throws at run time (SingletonFrom of two items). */
function packWithThrowingRule(): RulePack {
  const libraries = structuredClone(starterPack.libraries);
  const vte = libraries.find((l) => l.library.identifier.id === 'VTEProphylaxis');
  vte?.library.statements?.def?.push({
    name: 'Boom',
    context: 'Patient',
    expression: {
      type: 'SingletonFrom',
      operand: {
        type: 'List',
        element: [1, 2].map((v) => ({ type: 'Literal', valueType: INTEGER, value: String(v) })),
      },
    },
  } as { name: string });
  const boom: PlanDefinition = {
    ...structuredClone(starterPack.planDefinitions[0] as PlanDefinition),
    id: 'boom',
    url: 'https://learning-loop.example.org/fhir/PlanDefinition/boom',
    title: 'Broken rule',
  };
  const condition = boom.action?.[0]?.condition?.[0]?.expression;
  if (condition) condition.expression = 'Boom';
  return loadPack({ ...starterPack, libraries, planDefinitions: [boom, ...starterPack.planDefinitions] });
}

/** The bundle with `change` applied to the resources `match` selects (undefined removes them). */
function edited(
  bundle: Bundle,
  match: (r: Resource) => boolean,
  change: (r: Resource) => Resource | undefined,
): Bundle {
  const resources = (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
  return bundleOf(resources.flatMap((r) => (match(r) ? (change(r) ?? []) : [r])));
}

const labCode = (r: Resource, code: string) =>
  r.resourceType === 'Observation' && (r as Observation).code.coding?.some((c) => c.code === code) === true;
/** The observation without its valueQuantity. */
const withoutValue = (r: Resource): Observation => {
  const copy = { ...(r as Observation) };
  delete copy.valueQuantity;
  return copy;
};
const asText = (text: string) => (r: Resource) => ({ ...withoutValue(r), valueString: text });
const absent = (r: Resource) => ({ ...withoutValue(r), dataAbsentReason: { coding: [{ code: 'error' }] } });
const firesOn = async (bundle: Bundle, rule: string) =>
  ruleIds((await runPack(starterPack, bundle, NOW)).cards).includes(rule);

describe('rule failures', () => {
  it('reports a rule that throws and still gives every other card', async () => {
    const pack = packWithThrowingRule();
    const result = await runPack(pack, bundleFor('p-010'), NOW);
    assert.deepEqual(ruleIds(result.cards), ['opioid-mme', 'naloxone', 'opioid-benzo']);
    assert.equal(result.errors.length, 1);
    assert.equal(result.errors[0]?.rule, 'Broken rule');
    assert.match(result.errors[0]?.message ?? '', /SingletonFrom/);
  });

  it('reports a rule over its time budget and shows no card for it', async () => {
    let calls = 0;
    let t = 0;
    // The 4th reading is the end of the first rule (vte): make it take 1 s.
    const clock = () => (++calls === 4 ? (t += 1000) : (t += 1));
    const result = await runPack(starterPack, bundleFor('p-001'), NOW, { clock, ruleBudgetMs: 200 });
    assert.deepEqual(result.cards, []);
    assert.deepEqual(result.errors, [
      {
        rule: 'VTE prophylaxis',
        url: 'https://learning-loop.example.org/fhir/PlanDefinition/vte',
        message: 'took 1000 ms, over its 200 ms budget',
      },
    ]);
  });

  it('fails every rule, quietly, when the data has no Patient', async () => {
    const resources = (bundleFor('p-001').entry ?? []).flatMap((e) =>
      e.resource?.resourceType === 'Patient' || !e.resource ? [] : [e.resource],
    );
    const result = await runPack(starterPack, bundleOf(resources), NOW);
    assert.equal(result.cards.length, 0);
    assert.equal(result.errors.length, starterPack.rules.length);
  });
});

describe('missing and unreadable values never fire a prompt', () => {
  it('AKI: a text or absent latest creatinine, or none at all', async () => {
    const p13 = bundleFor('p-013');
    assert.ok(await firesOn(p13, 'aki'));
    const latest = (r: Resource) => labCode(r, '2160-0') && r.id?.endsWith('-2') === true;
    assert.ok(!(await firesOn(edited(p13, latest, asText('hemolysed, recollect')), 'aki')));
    assert.ok(!(await firesOn(edited(p13, latest, absent), 'aki')));
    assert.ok(
      !(await firesOn(
        edited(
          p13,
          (r) => labCode(r, '2160-0'),
          () => undefined,
        ),
        'aki',
      )),
    );
  });

  it('AKI: a creatinine in a unit that is not UCUM', async () => {
    const p13 = bundleFor('p-013');
    const notUcum = (r: Resource) => {
      const o = r as Observation;
      return {
        ...o,
        valueQuantity: {
          value: o.valueQuantity?.value,
          unit: 'mg%',
          system: 'http://example.org/units',
          code: 'mg%',
        },
      } as Observation;
    };
    assert.ok(
      !(await firesOn(
        edited(p13, (r) => labCode(r, '2160-0') && r.id?.endsWith('-2') === true, notUcum),
        'aki',
      )),
    );
  });

  it('HbA1c: a text result counts as tested, never as above 9%', async () => {
    const p19 = bundleFor('p-019');
    assert.ok(await firesOn(p19, 'hba1c'));
    assert.ok(
      !(await firesOn(
        edited(p19, (r) => labCode(r, '17856-6'), asText('>9 %, see report')),
        'hba1c',
      )),
    );
  });

  it('VTE: no platelet count, or one in words', async () => {
    const p1 = bundleFor('p-001');
    assert.ok(await firesOn(p1, 'vte'));
    assert.ok(
      !(await firesOn(
        edited(
          p1,
          (r) => labCode(r, '777-3'),
          () => undefined,
        ),
        'vte',
      )),
    );
    assert.ok(
      !(await firesOn(
        edited(p1, (r) => labCode(r, '777-3'), asText('clumped')),
        'vte',
      )),
    );
  });

  it('Statin: no HDL, or HDL in words', async () => {
    const p24 = bundleFor('p-024');
    assert.ok(await firesOn(p24, 'statin'));
    assert.ok(
      !(await firesOn(
        edited(
          p24,
          (r) => labCode(r, '2085-9'),
          () => undefined,
        ),
        'statin',
      )),
    );
    assert.ok(
      !(await firesOn(
        edited(p24, (r) => labCode(r, '2085-9'), asText('lipaemic')),
        'statin',
      )),
    );
  });

  it('Opioids: an order without a structured dose adds no MME, and the card names it instead', async () => {
    const p6 = bundleFor('p-006');
    const noDose = (r: Resource) => {
      const m = r as MedicationRequest;
      return {
        ...m,
        dosageInstruction: m.dosageInstruction?.map(({ doseAndRate: _, ...d }) => d),
      } as MedicationRequest;
    };
    const result = await runPack(
      starterPack,
      edited(p6, (r) => r.resourceType === 'MedicationRequest', noDose),
      NOW,
    );
    // No dose card at 50 or 90 and no naloxone card (the total is unknown), but an information card
    // that names the order whose dose was not counted: it never counts as 0 MME, nor vanishes.
    assert.deepEqual(ruleIds(result.cards), ['opioid-mme']);
    assert.equal(result.cards[0]?.card.indicator, 'info');
    assert.match(
      shown(result.cards[0]?.card.detail),
      /daily dose not computable: dose not counted for oxycodone hydrochloride 10 MG Oral Tablet \(no dose on the order\)/,
    );
  });
});

describe('pack loading', () => {
  it('lists every problem: a missing define, an unexpanded value set', () => {
    const [first, ...rest] = starterPack.planDefinitions;
    const broken = structuredClone(first as PlanDefinition);
    const expression = broken.action?.[0]?.condition?.[0]?.expression;
    if (expression) expression.expression = 'No Such Define';
    const valueSets = { ...starterPack.valueSets };
    delete valueSets['http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113762.1.4.1248.119'];
    assert.throws(
      () => loadPack({ ...starterPack, valueSets, planDefinitions: [broken, ...rest] }),
      (error: unknown) =>
        error instanceof PackError &&
        error.problems.some((p) => p.includes('has no define "No Such Define"')) &&
        error.problems.some((p) => p.includes('1248.119 (Opioid Antagonist) is not expanded')),
    );
  });

  it('derives name-based uuids (RFC 9562 v5 test vector)', () => {
    assert.equal(
      uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'),
      '886313e1-3b8a-5372-9b90-0c9aee199e5d',
    );
  });
});
