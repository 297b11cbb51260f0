import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Resource } from '@medplum/fhirtypes';
import { firstValueFrom, take, toArray } from 'rxjs';
import { SIM_ISS, encodeHandle } from '../../../mocks/sim-constants';
import { fetchRequester } from '../../../src/fhir/requester';
import { STANDARD_OVERRIDE_REASONS } from '../../../src/cds/cards';
import { FhirRequestError } from '../../../src/fhir/errors';
import { PromptsModel } from '../../../src/prompts/prompts-model';
import { fakeRunner, launch, now, ruleCard, server, storeOf, token, useMockEhr } from './helpers';
import { http, HttpResponse } from 'msw';
import { memoryResponses } from '../../../src/prompts/response-store';

describe('prompts model', () => {
  useMockEhr();

  it('fetches every page the rules need, runs them, and shows critical first with rule errors', async () => {
    const runner = fakeRunner([ruleCard('a', 'info'), ruleCard('b', 'critical')]);
    const model = new PromptsModel(runner, memoryResponses());
    await model.evaluate(launch());
    assert.equal(
      runner.seen.filter((r) => r.resourceType === 'Observation').length,
      5,
      'all three pages of _count=2',
    );
    assert.deepEqual(
      model.state.cards.map((c) => c.card.uuid),
      ['b', 'a'],
    );
    assert.deepEqual(model.state.ruleErrors, [{ rule: 'Broken rule', message: 'boom' }]);
    assert.equal(model.state.status, 'ready');
  });

  it('runs no rule on part of a record: a failed query is an error that says what to do', async () => {
    const runner = fakeRunner([ruleCard('a', 'info')]);
    runner.queries = () => ['Observation?patient=p-1', 'Nonsense?x=1'];
    const model = new PromptsModel(runner, memoryResponses());
    await model.evaluate(launch());
    assert.equal(model.state.status, 'error');
    assert.equal(model.state.cards.length, 0);
    assert.match(model.state.error?.title ?? '', /record the prompts need/);
  });

  it('accept creates exactly one resource, even when clicked twice or retried', async () => {
    const model = new PromptsModel(fakeRunner([ruleCard('a', 'warning')]), memoryResponses());
    await model.evaluate(launch());
    const events = firstValueFrom(model.facts$.pipe(take(1), toArray()));
    await Promise.all([model.accept('a', 'a-s1'), model.accept('a', 'a-s1')]);
    await model.accept('a', 'a-s1');
    assert.equal(storeOf().all('ServiceRequest').length, 1);
    assert.equal(model.state.states.a?.status, 'accepted');
    const [accepted] = await events;
    assert.equal(accepted?.type, 'suggestion-accepted');
    // A second model (a relaunch) accepting the same card finds the existing order.
    const again = new PromptsModel(fakeRunner([ruleCard('a', 'warning')]), memoryResponses());
    await again.evaluate(launch());
    await again.accept('a', 'a-s1');
    assert.equal(storeOf().all('ServiceRequest').length, 1);
  });

  it('says why an accept failed and keeps the card open to retry', async () => {
    const readOnly = fetchRequester(
      SIM_ISS,
      encodeHandle({ ...JSON.parse(Buffer.from(token, 'base64url').toString()), scope: 'patient/*.rs' }),
    );
    const model = new PromptsModel(fakeRunner([ruleCard('a', 'warning')]), memoryResponses());
    await model.evaluate(launch({ request: readOnly }));
    await model.accept('a', 'a-s1');
    assert.equal(model.state.states.a?.status, 'error');
    assert.match(model.state.states.a?.message ?? '', /did not allow/);
  });

  it('records an override with its reason and comment', async () => {
    const model = new PromptsModel(fakeRunner([ruleCard('a', 'warning')]), memoryResponses());
    await model.evaluate(launch());
    const reason = STANDARD_OVERRIDE_REASONS[0];
    assert.ok(reason);
    const events = firstValueFrom(model.facts$.pipe(take(1)));
    model.override('a', reason, 'Already on prophylaxis elsewhere');
    const event = await events;
    assert.equal(event.type === 'card-overridden' && event.comment, 'Already on prophylaxis elsewhere');
    assert.equal(model.state.states.a?.status, 'overridden');
  });

  it('a record that could not be read for a passing reason offers to try again, and trying again works', async () => {
    let down = true;
    const working = launch().request;
    const flaky: typeof working = (path, options) =>
      down ? Promise.reject(new FhirRequestError(503, path, 'Service Unavailable')) : working(path, options);
    const model = new PromptsModel(fakeRunner([ruleCard('a', 'warning')]), memoryResponses());
    await model.evaluate(launch({ request: flaky }));
    assert.equal(model.state.status, 'error');
    assert.deepEqual(model.state.error?.retry, {});
    down = false;
    // As the panel's Try again does (through the feature, so remote services are asked again too).
    await model.evaluate(launch({ request: flaky }));
    assert.equal(model.state.status, 'ready');
    assert.deepEqual(
      model.state.cards.map((c) => c.card.uuid),
      ['a'],
    );
  });

  it('seen, details opened and links followed are card facts on the same road as the responses', async () => {
    const model = new PromptsModel(fakeRunner([ruleCard('a', 'warning')]), memoryResponses());
    await model.evaluate(launch());
    const facts = firstValueFrom(model.facts$.pipe(take(4), toArray()));
    model.shown('a', 1200);
    model.shown('not-a-card', 1200); // a card this model does not hold: no fact
    model.expanded('a');
    model.linkOpened('a', 'https://www.cdc.gov/mmwr/volumes/71/rr/rr7103a1.htm');
    model.dismiss('a');
    const got = await facts;
    assert.deepEqual(
      got.map((f) => f.type),
      ['card-shown', 'card-expanded', 'link-opened', 'card-dismissed'],
    );
    assert.ok(got.every((f) => f.prompt.card.uuid === 'a'));
    assert.equal(got[0]?.type === 'card-shown' && got[0].visibleMs, 1200);
    assert.equal(
      got[2]?.type === 'link-opened' && got[2].url,
      'https://www.cdc.gov/mmwr/volumes/71/rr/rr7103a1.htm',
    );
  });

  it('a snoozed card stays hidden on the next launch until its time has passed', async () => {
    const answers = memoryResponses();
    let t = now;
    const clock = () => t;
    const cards = () => fakeRunner([ruleCard('a', 'warning'), ruleCard('b', 'info')]);
    const first = new PromptsModel(cards(), answers, { canCreate: true, clock });
    await first.evaluate(launch());
    await first.snooze('a', 4 * 3600_000);
    assert.deepEqual(
      first.state.held.map((h) => h.prompt.card.uuid),
      ['a'],
    );
    t = new Date(now.getTime() + 3600_000);
    const relaunch = new PromptsModel(cards(), answers, { canCreate: true, clock });
    await relaunch.evaluate(launch());
    assert.deepEqual(
      relaunch.state.cards.map((c) => c.card.uuid),
      ['b'],
    );
    t = new Date(now.getTime() + 5 * 3600_000);
    await relaunch.evaluate(launch());
    assert.deepEqual(
      relaunch.state.cards.map((c) => c.card.uuid),
      ['a', 'b'],
    );
  });

  it('runs the rules with the unit and encounter the context found', async () => {
    const runner = fakeRunner([]);
    const model = new PromptsModel(runner, memoryResponses());
    const unitTypes = [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'ICU' }];
    await model.evaluate(launch({ placement: Promise.resolve({ unitTypes, encounterId: 'e-1' }) }));
    assert.deepEqual(runner.placement, { unitTypes, encounterId: 'e-1' });
  });

  it('merges remote cards as they arrive; a remote card that repeats a local one is left out', async () => {
    const model = new PromptsModel(fakeRunner([ruleCard('a', 'info')]), memoryResponses());
    const input = launch();
    await model.evaluate(input);
    const same = ruleCard('a-remote', 'info');
    same.card.summary = 'CARD A.';
    same.origin = { kind: 'remote', source: 'svc', serviceBase: 'https://cds.example' };
    const other = ruleCard('r', 'critical');
    other.origin = { kind: 'remote', source: 'svc', serviceBase: 'https://cds.example' };
    model.addRemote(input, [same, other], [{ rule: 'slow-service', message: 'timed out' }]);
    assert.deepEqual(
      model.state.cards.map((c) => c.card.uuid),
      ['r', 'a'],
    );
    assert.deepEqual(model.state.serviceErrors, [{ rule: 'slow-service', message: 'timed out' }]);
    model.addRemote({ ...input }, [ruleCard('x', 'info')], []);
    assert.equal(model.state.cards.length, 2, 'cards for an older evaluation are ignored');
  });

  it('without the orders feature, accept says where to order and creates nothing', async () => {
    const model = new PromptsModel(fakeRunner([ruleCard('a', 'warning')]), memoryResponses(), {
      canCreate: false,
    });
    await model.evaluate(launch());
    await model.accept('a', 'a-s1');
    assert.equal(storeOf().all('ServiceRequest').length, 0);
    assert.equal(model.state.states.a?.status, 'error');
    assert.match(model.state.states.a?.message ?? '', /Place "Order HbA1c" in the EHR/);
  });

  it('a draft the EHR refuses for its content (422) says to order it in the EHR, with what the EHR said', async () => {
    server.use(
      http.post(`${SIM_ISS}/ServiceRequest`, () =>
        HttpResponse.json(
          {
            resourceType: 'OperationOutcome',
            issue: [{ severity: 'error', code: 'invalid', diagnostics: 'code not orderable here' }],
          },
          { status: 422 },
        ),
      ),
    );
    const model = new PromptsModel(fakeRunner([ruleCard('a', 'warning')]), memoryResponses(), {
      canCreate: true,
    });
    await model.evaluate(launch());
    await model.accept('a', 'a-s1');
    const message = model.state.states.a?.message ?? '';
    assert.equal(model.state.states.a?.status, 'error');
    assert.match(
      message,
      /Place "Order HbA1c" in the EHR's ordering screen; the EHR said: .*code not orderable here/,
    );
    assert.doesNotMatch(
      message,
      /detail below|Try again/,
      'the card shows no detail, and a retry would be refused',
    );
  });

  it('with SMART Web Messaging, accept hands the draft to the EHR and writes nothing to the server', async () => {
    const handed: Resource[] = [];
    const model = new PromptsModel(fakeRunner([ruleCard('a', 'warning')]), memoryResponses(), {
      canCreate: true,
      handOff: async (resource) => {
        handed.push(resource);
        return 'ServiceRequest/draft-1';
      },
    });
    await model.evaluate(launch());
    await model.accept('a', 'a-s1');
    assert.equal(handed.length, 1);
    assert.equal(handed[0]?.resourceType, 'ServiceRequest');
    assert.equal(storeOf().all('ServiceRequest').length, 0);
    assert.match(model.state.states.a?.message ?? '', /Sent to the EHR's orders to sign: Order HbA1c/);

    const refusing = new PromptsModel(fakeRunner([ruleCard('b', 'warning')]), memoryResponses(), {
      canCreate: true,
      handOff: () => Promise.reject(new Error('Orders are locked')),
    });
    await refusing.evaluate(launch());
    await refusing.accept('b', 'b-s1');
    assert.equal(refusing.state.states.b?.status, 'error');
    assert.match(refusing.state.states.b?.message ?? '', /Orders are locked/);
  });
});
