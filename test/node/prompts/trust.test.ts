/*
 * Prompts a clinician can trust over a shift (issue 10): answers kept per clinician and patient, an
 * override remembered until the data changes, accept that writes a signed-by-you draft and says so
 * (also on the next launch), remote suggestions never carried out as given, and prompts shown as
 * information to a clinician whose role does not act on them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Resource } from '@medplum/fhirtypes';
import { STANDARD_OVERRIDE_REASONS, type PromptCard } from '../../../src/cds/cards';
import { PromptsModel } from '../../../src/prompts/prompts-model';
import { memoryResponses } from '../../../src/prompts/response-store';
import { fakeRunner, launch, now, requestFor, ruleCard, storeOf, useMockEhr } from './helpers';
import { orderSuggestion, prompt, remoteOrigin } from '../../factories/cards';

const HOUR = 3_600_000;
const reason = STANDARD_OVERRIDE_REASONS[0] ?? { code: 'x', display: 'x' };
const uuids = (model: PromptsModel) => model.state.cards.map((c) => c.card.uuid);

/** A model on the mock EHR with its own clock, sharing `answers` with other models (other launches). */
function model(cards: PromptCard[], answers = memoryResponses(), clock = () => now) {
  return new PromptsModel(fakeRunner(cards), answers, { canCreate: true, findDrafts: true, clock });
}

describe('answers kept per clinician and patient', () => {
  useMockEhr();

  it('one clinician’s snooze never hides the card from another on the same browser', async () => {
    const answers = memoryResponses();
    const nurse = model([ruleCard('a', 'warning')], answers);
    await nurse.evaluate(launch({ practitioner: 'Practitioner/pr-2' }));
    await nurse.snooze('a', 24 * HOUR);
    const again = model([ruleCard('a', 'warning')], answers);
    await again.evaluate(launch({ practitioner: 'Practitioner/pr-2' }));
    assert.deepEqual(uuids(again), [], 'the same clinician: still snoozed');
    const doctor = model([ruleCard('a', 'warning')], answers);
    await doctor.evaluate(launch({ practitioner: 'Practitioner/pr-1' }));
    assert.deepEqual(uuids(doctor), ['a'], 'another clinician still sees it');
  });

  it('lists what is snoozed with when it ends, and undo brings the card back for good', async () => {
    const answers = memoryResponses();
    const first = model([ruleCard('a', 'warning'), ruleCard('b', 'info')], answers);
    await first.evaluate(launch());
    await first.snooze('a', 4 * HOUR);
    const [held] = first.state.held;
    assert.equal(held?.response.kind, 'snoozed');
    assert.equal(held?.until, new Date(now.getTime() + 4 * HOUR).toISOString());
    await first.undo('a');
    assert.deepEqual(uuids(first), ['a', 'b']);
    assert.equal(first.state.held.length, 0);
    const relaunch = model([ruleCard('a', 'warning')], answers);
    await relaunch.evaluate(launch());
    assert.deepEqual(uuids(relaunch), ['a'], 'the undo outlives the launch');
  });

  it('a clock set back never stretches a snooze (nor does a stored one claiming a month)', async () => {
    const answers = memoryResponses();
    const first = model([ruleCard('a', 'warning')], answers);
    await first.evaluate(launch());
    await first.snooze('a', 4 * HOUR);
    const backwards = model([ruleCard('a', 'warning')], answers, () => new Date(now.getTime() - 2 * HOUR));
    await backwards.evaluate(launch());
    assert.deepEqual(uuids(backwards), ['a'], 'before the snooze was given: the card shows');
    await answers.save(
      { iss: launch().scope, practitioner: 'Practitioner/pr-1', patientId: 'p-1' },
      { kind: 'snoozed', cardUuid: 'a', summary: 'A', at: now.toISOString(), forMs: 30 * 24 * HOUR },
    );
    const eightDays = model(
      [ruleCard('a', 'warning')],
      answers,
      () => new Date(now.getTime() + 8 * 24 * HOUR),
    );
    await eightDays.evaluate(launch());
    assert.deepEqual(uuids(eightDays), ['a'], 'a snooze lasts at most a week');
  });

  it('without a known clinician, answers last for the launch only and the state says so', async () => {
    const answers = memoryResponses();
    const first = model([ruleCard('a', 'warning')], answers);
    await first.evaluate(launch({ practitioner: undefined }));
    assert.equal(first.state.responsesKept, false);
    await first.snooze('a', 4 * HOUR);
    const relaunch = model([ruleCard('a', 'warning')], answers);
    await relaunch.evaluate(launch({ practitioner: undefined }));
    assert.deepEqual(uuids(relaunch), ['a']);
  });

  it('an override keeps the card away until its data changes, then says when and why it was overridden', async () => {
    const answers = memoryResponses();
    const first = model([ruleCard('a', 'warning')], answers);
    await first.evaluate(launch());
    await first.override('a', reason, 'patient declines');
    assert.equal(first.state.states.a?.status, 'overridden', 'this launch shows the outcome');
    const same = model([ruleCard('a', 'warning')], answers);
    await same.evaluate(launch());
    assert.deepEqual(uuids(same), []);
    assert.equal(
      same.state.held[0]?.response.kind === 'overridden' && same.state.held[0].response.comment,
      'patient declines',
    );
    const changed = ruleCard('a', 'warning');
    changed.card.detail = 'Daily dose now **95 MME**.';
    const later = model([changed], answers);
    await later.evaluate(launch());
    assert.deepEqual(uuids(later), ['a']);
    assert.match(
      later.state.cards[0]?.notes?.[0] ?? '',
      /^You overrode this prompt on 14 Jun.*\(PC CDS does not apply to patient\); it shows again because its data changed\.$/,
    );
  });
});

describe('an answer the browser cannot keep', () => {
  useMockEhr();

  /** A store that reads but cannot write (a full or locked-down IndexedDB). */
  const failingStore = () => ({
    ...memoryResponses(),
    persistent: true,
    save: () => Promise.reject(new Error('QuotaExceededError')),
  });

  it('a snooze that cannot be saved did not happen: the card stays, says what to do, and is not logged', async () => {
    const input = launch();
    const m = model([ruleCard('a', 'warning')], failingStore());
    const facts: string[] = [];
    m.facts$.subscribe((f) => facts.push(f.type));
    await m.evaluate(input);
    const statuses: (string | undefined)[] = [];
    m.state$.subscribe((s) => statuses.push(s.states.a?.status));
    await m.snooze('a', 4 * HOUR);
    assert.ok(!statuses.includes('snoozed'), 'never announced as snoozed');
    assert.equal(m.state.states.a?.status, 'error');
    assert.match(
      m.state.states.a?.message ?? '',
      /^The snooze could not be saved \(QuotaExceededError\)\. Dismiss the card instead, or try again\.$/,
    );
    // Later cards (a remote service answering) arrange the list again: the card is still there.
    m.addRemote(input, [], []);
    assert.deepEqual(uuids(m), ['a']);
    assert.equal(m.state.held.length, 0);
    assert.ok(!facts.includes('card-snoozed'));
  });

  it('an override that cannot be kept is still the clinician’s answer, logged, and says it ends with the launch', async () => {
    const m = model([ruleCard('a', 'warning')], failingStore());
    const facts: string[] = [];
    m.facts$.subscribe((f) => facts.push(f.type));
    await m.evaluate(launch());
    await m.override('a', reason);
    assert.equal(m.state.states.a?.status, 'overridden');
    assert.match(
      m.state.states.a?.message ?? '',
      /^Your override was recorded, but could not be kept for your next launch \(QuotaExceededError\)\.$/,
    );
    assert.deepEqual(facts, ['card-overridden']);
  });
});

describe('accept tells the truth', () => {
  useMockEhr();

  it('writes a draft requested by the signed-in clinician, says to sign it, and says so again on the next launch', async () => {
    const first = model([ruleCard('a', 'warning')]);
    await first.evaluate(launch({ placement: Promise.resolve({ encounterId: 'enc-1' }) }));
    await first.accept('a', 'a-s1');
    const [draft] = storeOf().all('ServiceRequest') as (Resource & Record<string, unknown>)[];
    assert.equal(draft?.status, 'draft');
    assert.deepEqual(draft?.requester, { reference: 'Practitioner/pr-1' });
    assert.deepEqual(draft?.encounter, { reference: 'Encounter/enc-1' });
    assert.equal(first.state.states.a?.message, "Draft saved: sign it in the EHR's orders (Order HbA1c).");
    const relaunch = model([ruleCard('a', 'warning')]);
    await relaunch.evaluate(launch());
    assert.equal(relaunch.state.states.a?.status, 'drafted');
    assert.match(
      relaunch.state.states.a?.message ?? '',
      /^Draft awaiting signature since .+: .*\. Sign it in the EHR's orders\.$/,
    );
    await relaunch.accept('a', 'a-s1');
    assert.equal(
      storeOf().all('ServiceRequest').length,
      1,
      'a draft awaiting signature is not drafted again',
    );
  });

  it('a signed order is not a draft awaiting signature: the card is the rule’s to show or not', async () => {
    const first = model([ruleCard('a', 'warning')]);
    await first.evaluate(launch());
    await first.accept('a', 'a-s1');
    const [draft] = storeOf().all('ServiceRequest');
    await storeOf().write({ ...(draft as Resource), status: 'active' } as Resource, String(draft?.id));
    const relaunch = model([ruleCard('a', 'warning')]);
    await relaunch.evaluate(launch());
    assert.equal(relaunch.state.states.a, undefined);
  });
});

describe('nothing unsafe from a remote CDS service', () => {
  useMockEhr();
  const hostile = (resource: Record<string, unknown>, label = 'Order influenza vaccine') =>
    prompt(
      {
        uuid: `r-${label}`,
        summary: 'Influenza vaccination due',
        suggestions: [orderSuggestion('s-1', label, resource as unknown as Resource)],
      },
      remoteOrigin('flu-service'),
    );

  it('forces a draft for the launched patient, whatever patient, status or requester it names', async () => {
    const m = model([]);
    const input = launch();
    await m.evaluate(input);
    const card = hostile({
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      subject: { reference: 'Patient/someone-else' },
      requester: { reference: 'Practitioner/attacker' },
      medicationCodeableConcept: { text: 'Influenza vaccine' },
    });
    m.addRemote(input, [card], []);
    await m.accept(card.card.uuid, 's-1');
    const [written] = storeOf()
      .all('MedicationRequest')
      .filter((r) => (r as { status?: string }).status === 'draft') as (Resource & Record<string, unknown>)[];
    assert.ok(written, 'a draft was written');
    assert.deepEqual(written.subject, { reference: 'Patient/p-1' });
    assert.deepEqual(written.requester, { reference: 'Practitioner/pr-1' });
  });

  const vaccine = {
    resourceType: 'MedicationRequest',
    status: 'draft',
    intent: 'order',
    medicationCodeableConcept: { text: 'Influenza vaccine' },
  } as unknown as Resource;

  it('drafts for each patient even when the service gives every patient the same card uuid', async () => {
    const drafted = async (patientId: string) => {
      const m = model([]);
      const input = launch({ patientId, request: requestFor(patientId) });
      await m.evaluate(input);
      const card = hostile(vaccine as unknown as Record<string, unknown>);
      m.addRemote(input, [card], []);
      await m.accept(card.card.uuid, 's-1');
      return m.state.states[card.card.uuid]?.message;
    };
    assert.match((await drafted('p-1')) ?? '', /^Draft saved/);
    assert.match((await drafted('p-2')) ?? '', /^Draft saved/);
    const subjects = storeOf()
      .all('MedicationRequest')
      .filter((r) => (r as { status?: string }).status === 'draft')
      .map((r) => (r as { subject?: { reference?: string } }).subject?.reference)
      .sort();
    assert.deepEqual(subjects, ['Patient/p-1', 'Patient/p-2'], 'one draft for each patient');
  });

  it('leaves out a suggestion that would also change or delete a resource, and the card says so', async () => {
    const m = model([]);
    const input = launch();
    await m.evaluate(input);
    const card = prompt(
      {
        uuid: 'r-switch',
        summary: 'Switch warfarin to apixaban',
        suggestions: [
          {
            uuid: 's-1',
            label: 'Switch warfarin to apixaban',
            actions: [
              { type: 'delete', description: 'Stop warfarin', resourceId: 'MedicationRequest/w1' },
              { type: 'create', description: 'Start apixaban', resource: vaccine },
            ],
          },
        ],
      },
      remoteOrigin('switch-service'),
    );
    m.addRemote(input, [card], []);
    const [shown] = m.state.cards;
    assert.equal(shown?.card.suggestions, undefined);
    assert.equal(
      shown?.notes?.[0],
      'A suggestion from switch-service, "Switch warfarin to apixaban" was left out: it would delete a resource, and Learning Loop only drafts new orders.',
    );
  });

  it('leaves out suggestions sharing a uuid: accepting one could draft the other', async () => {
    const m = model([]);
    const input = launch();
    await m.evaluate(input);
    const other = { ...vaccine, medicationCodeableConcept: { text: 'Pneumococcal vaccine' } } as Resource;
    const card = prompt(
      {
        uuid: 'r-dup',
        summary: 'Vaccines due',
        suggestions: [
          orderSuggestion('dup', 'Order influenza vaccine', vaccine),
          orderSuggestion('dup', 'Order pneumococcal vaccine', other),
          orderSuggestion('own', 'Order both later', vaccine),
        ],
      },
      remoteOrigin('vaccine-service'),
    );
    m.addRemote(input, [card], []);
    const [shown] = m.state.cards;
    assert.deepEqual(
      shown?.card.suggestions?.map((x) => x.uuid),
      ['own'],
    );
    assert.equal(shown?.notes?.length, 2);
    assert.match(
      shown?.notes?.[1] ?? '',
      /"Order pneumococcal vaccine" was left out: another suggestion of the card has the same id/,
    );
  });

  for (const [what, resource] of [
    ['another resource type', { resourceType: 'Patient', name: [{ text: 'x' }] }],
    ['a path in resourceType', { resourceType: 'MedicationRequest/../Patient', status: 'draft' }],
    ['no resource type at all', { status: 'draft' }],
  ] as const)
    it(`leaves out a suggestion drafting ${what}, and the card says so`, async () => {
      const m = model([]);
      const input = launch();
      await m.evaluate(input);
      const before = ['Patient', 'MedicationRequest'].map((t) => storeOf().all(t).length);
      m.addRemote(input, [hostile(resource)], []);
      const [shown] = m.state.cards;
      assert.equal(shown?.card.suggestions, undefined);
      assert.match(
        shown?.notes?.[0] ?? '',
        /^A suggestion from flu-service, "Order influenza vaccine" was left out: it drafts /,
      );
      await m.accept(shown?.card.uuid ?? '', 's-1');
      assert.deepEqual(
        ['Patient', 'MedicationRequest'].map((t) => storeOf().all(t).length),
        before,
        'nothing was written',
      );
    });
});

describe('the right prompt for the right role', () => {
  useMockEhr();
  const DOCTOR = { system: 'http://terminology.hl7.org/CodeSystem/practitioner-role', code: 'doctor' };
  const NURSE = { system: 'http://terminology.hl7.org/CodeSystem/practitioner-role', code: 'nurse' };
  const forPrescribers = () => ({ ...ruleCard('a', 'warning'), actors: [DOCTOR] });

  it('a nurse sees a prescriber’s prompt as information, and accepting writes nothing', async () => {
    const m = model([forPrescribers()]);
    await m.evaluate(launch({ roles: Promise.resolve([NURSE]) }));
    assert.equal(m.state.states.a?.infoOnly, true);
    await m.accept('a', 'a-s1');
    assert.equal(storeOf().all('ServiceRequest').length, 0);
  });

  it('an unknown role sees the information form; a doctor may act', async () => {
    const unknown = model([forPrescribers()]);
    await unknown.evaluate(launch());
    assert.equal(unknown.state.states.a?.infoOnly, true);
    const doctor = model([forPrescribers()]);
    await doctor.evaluate(launch({ roles: Promise.resolve([DOCTOR]) }));
    assert.equal(doctor.state.states.a, undefined);
    await doctor.accept('a', 'a-s1');
    assert.equal(storeOf().all('ServiceRequest').length, 1);
  });
});
