/*
 * Who acts on each prompt (PlanDefinition action.participant, read into the card's `actors`) and the
 * citation that fits the patient (the kidney card cites a paediatric study for children only).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type {
  Coding,
  PlanDefinition,
  PlanDefinitionAction,
  PractitionerRole,
  Resource,
} from '@medplum/fhirtypes';
import type { PromptCard } from '../../../src/cds/cards';
import { readRule } from '../../../src/rules/engine/rule';
import { runPack } from './run-pack';
import { starterPack } from '../../../src/rules/packs/starter/index';
import { NOW, bundleFor, data, unitTypesFor, shown } from './helpers';
import { inpatientStay, lab, order, patient, record } from './factories';

const PRACTITIONER_ROLE = 'http://terminology.hl7.org/CodeSystem/practitioner-role';
/** The codes of the HL7 code system (terminology.hl7.org CodeSystem practitioner-role, version 1.0.1). */
const ROLE_CODES = new Set(['doctor', 'nurse', 'pharmacist', 'researcher', 'teacher', 'ict']);

const mayAct = (actors: Coding[] | undefined, roles: Coding[]) =>
  !actors || actors.some((a) => roles.some((r) => r.system === a.system && r.code === a.code));

describe('who acts on each prompt', () => {
  it('names a coded practitioner role of the HL7 code system for every starter prompt', () => {
    for (const rule of starterPack.rules) {
      assert.ok(rule.actors.length > 0, rule.id);
      for (const a of rule.actors) {
        assert.equal(a.system, PRACTITIONER_ROLE, rule.id);
        assert.ok(ROLE_CODES.has(a.code ?? ''), `${rule.id}: ${a.code}`);
      }
    }
  });

  it("leaves each prompt's orders to the simulator's physicians, not to its nurses or pharmacist", async () => {
    const roles = (name: string) =>
      data()
        .resources.filter((r): r is PractitionerRole => r.resourceType === 'PractitionerRole')
        .filter((r) => r.code?.[0]?.text === name)
        .flatMap((r) => r.code?.flatMap((c) => c.coding ?? []) ?? []);
    const cards: PromptCard[] = [];
    for (const p of data().patients.filter((x) => x.scenarios.some((t) => /:trigger/.test(t)))) {
      const unitTypes = unitTypesFor(p);
      const result = await runPack(starterPack, bundleFor(p.id), NOW, unitTypes ? { unitTypes } : {});
      cards.push(...result.cards);
    }
    const rules = new Set(cards.map((c) => c.card.source.topic?.code));
    assert.equal(rules.size, starterPack.rules.length);
    for (const c of cards) {
      assert.ok(mayAct(c.actors, roles('Physician')), c.card.summary);
      assert.ok(!mayAct(c.actors, roles('Nurse')), c.card.summary);
      assert.ok(!mayAct(c.actors, roles('Pharmacist')), c.card.summary);
    }
  });

  // The VTE prompt's first action, less its participants and suggestions.
  const BASE: PlanDefinitionAction = structuredClone(starterPack.planDefinitions[0]?.action?.[0] ?? {});
  delete BASE.participant;
  delete BASE.action;
  const plan = (actions?: PlanDefinitionAction[]): PlanDefinition => ({
    resourceType: 'PlanDefinition',
    id: 'x',
    url: 'https://example.org/PlanDefinition/x',
    version: '1',
    title: 'X',
    status: 'active',
    library: ['https://example.org/Library/VTEProphylaxis'],
    action: actions ?? [BASE],
  });

  it('reads no participant as "anyone may act", and refuses a participant without a coded role', () => {
    const problems: string[] = [];
    assert.deepEqual(readRule(plan(), problems)?.actors, []);
    assert.deepEqual(problems, []);
    const action = BASE;
    readRule(
      plan([{ ...action, participant: [{ type: 'practitioner', role: { text: 'Prescriber' } }] }]),
      problems,
    );
    assert.match(problems.join(), /participant must be of type practitioner with a coded role/);
  });
});

describe('the kidney card cites evidence from patients of this age', () => {
  const vancomycin = order({
    code: '1807513',
    name: 'vancomycin 1000 MG Injection',
    dose: 1000,
    frequency: 2,
  });
  const rising = [lab('2160-0', 0.9, 'mg/dL', 40), lab('2160-0', 1.3, 'mg/dL', 4)];
  const akiCard = async (...resources: Resource[]) => {
    const result = await runPack(
      starterPack,
      record(...resources, inpatientStay(), vancomycin, ...rising),
      NOW,
    );
    return result.cards.find((c) => c.card.source.topic?.code === 'aki')?.card;
  };
  const PAEDIATRIC = /peds\.|Pediatrics|NINJA/;

  it("does not cite a paediatric study on an adult's card (the 58-year-old of issue 10)", async () => {
    const card = await akiCard(patient(58));
    const links = card?.links?.map((l) => `${l.label} ${l.url}`).join('\n') ?? '';
    assert.doesNotMatch(links, PAEDIATRIC);
    assert.doesNotMatch(shown(card?.detail), PAEDIATRIC);
    assert.match(links, /KDIGO 2012/);
    assert.match(links, /McCoy, Am J Kidney Dis 2010 https:\/\/doi\.org\/10\.1053\/j\.ajkd\.2010\.05\.024/);
    assert.match(shown(card?.detail), /adult inpatients \(McCoy, Am J Kidney Dis 2010\)/);
  });

  it("cites NINJA, and not the adult study, on a child's card", async () => {
    const card = await akiCard(patient(10));
    const links = card?.links?.map((l) => l.label) ?? [];
    assert.deepEqual(links, ['KDIGO 2012 AKI guideline', 'NINJA, Pediatrics 2013']);
    assert.match(shown(card?.detail), /NINJA programme \(children in hospital/);
  });

  it('cites the adult study when the birth date is unknown', async () => {
    const noBirthDate = patient(40);
    delete noBirthDate.birthDate;
    const card = await akiCard(noBirthDate);
    assert.deepEqual(
      card?.links?.map((l) => l.label),
      ['KDIGO 2012 AKI guideline', 'McCoy, Am J Kidney Dis 2010'],
    );
  });

  it('cites no paediatric study on any card of the (adult) simulator patients', async () => {
    for (const p of data().patients) {
      const unitTypes = unitTypesFor(p);
      const result = await runPack(starterPack, bundleFor(p.id), NOW, unitTypes ? { unitTypes } : {});
      for (const c of result.cards)
        assert.doesNotMatch(c.card.links?.map((l) => `${l.label} ${l.url}`).join() ?? '', PAEDIATRIC, p.id);
    }
  });
});
