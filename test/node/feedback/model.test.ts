import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { FhirRequestError } from '../../../src/fhir/errors';
import type { FhirRequester } from '../../../src/fhir/requester';
import { feedbackEvent } from '../../../src/feedback/feedback-events';
import { FeedbackModel, type FeedbackFact } from '../../../src/feedback/feedback-model';
import { validateEvent } from '../../../src/telemetry/event';
import { mockEhrRequester } from '../../tools/mock-ehr';
import { measure, person, subjectList, summary } from './factories';

/** The feedback model through its observables, against the mock EHR. */
const NOW = new Date('2026-01-15T10:00:00Z');
const subjects = { practitionerId: 'pr-1', wardId: 'ward-1' };
let request: FhirRequester;

describe('FeedbackModel', () => {
  before(async () => {
    request = await mockEhrRequester([
      measure('vte', 'increase', 'VTE prophylaxis'),
      summary({ key: 'vte', subject: 'Practitioner/pr-1', month: '2025-12', numerator: 6, denominator: 8 }),
      subjectList('vte', 'Practitioner/pr-1', '2025-12', { denominator: ['h-1', 'h-2'], numerator: ['h-1'] }),
      person('h-1', 'Ng', 'MRN-1'),
    ]);
  });

  it('goes from pending to ready with the view, and marks when the data arrived', async () => {
    const model = new FeedbackModel(5);
    const statuses: string[] = [];
    model.state$.subscribe((s) => statuses.push(s.status));
    await model.load({ request, subjects, now: NOW });
    assert.deepEqual([...new Set(statuses)], ['idle', 'pending', 'ready']);
    assert.equal(model.state.view?.measures[0]?.mine.status, 'rate');
    assert.equal(model.state.waves, 1);
    assert.ok(performance.getEntriesByName('loop:feedback-data').length > 0);
  });

  it('opens the patients behind a number, and says what it did on facts$ as canonical events', async () => {
    const model = new FeedbackModel(5);
    const facts: FeedbackFact[] = [];
    model.facts$.subscribe((f) => facts.push(f));
    await model.load({ request, subjects, now: NOW });
    const target = model.state.view?.measures[0]?.drill;
    assert.ok(target);
    await model.drillDown(target);
    assert.equal(model.state.drill?.status, 'ready');
    assert.deepEqual(
      model.state.drill?.result?.groups.map((g) => g.label),
      ['Not met', 'Met'],
    );
    model.viewed(4321.4);
    model.closeDrill();
    assert.equal(model.state.drill, undefined);
    assert.deepEqual(facts, [
      {
        type: 'feedback-drilldown',
        measure: 'vte',
        measureUrl: target.measureUrl,
        month: '2025-12',
      },
      { type: 'feedback-viewed', visibleMs: 4321 },
    ]);
    for (const fact of facts) {
      const event = {
        id: randomUUID(),
        at: '2026-01-15T10:00:00.000Z',
        session: randomUUID(),
        app: '0.1.0',
        ...feedbackEvent(fact),
      };
      assert.ok('event' in validateEvent(event), JSON.stringify(validateEvent(event)));
    }
    // A measure canonical too long for the event (the EHR names it) leaves the measure out, never the
    // drill-down: the event is still valid and logged.
    const long = feedbackEvent({
      type: 'feedback-drilldown',
      measure: 'vte',
      measureUrl: `https://ehr.example.org/${'m'.repeat(400)}`,
      month: '2025-12',
    });
    assert.deepEqual(long, { type: 'feedback-drilldown' });
    const queried = feedbackEvent({
      type: 'feedback-drilldown',
      measure: 'vte',
      measureUrl: 'https://ehr.example.org/fhir/Measure/vte|2.0?session=abc#x',
      month: '2025-12',
    });
    assert.deepEqual(queried.measure, {
      url: 'https://ehr.example.org/fhir/Measure/vte|2.0',
      month: '2025-12',
    });
    // The logged drill-down names the measure and the month opened, for the analysts.
    const [drill] = facts;
    assert.ok(drill);
    assert.deepEqual(feedbackEvent(drill), {
      type: 'feedback-drilldown',
      measure: { url: target.measureUrl, month: '2025-12' },
    });
  });

  it('says what to do when the reports cannot be read, or the launch names no clinician', async () => {
    const model = new FeedbackModel(5);
    const refusing: FhirRequester = async (path) => {
      throw new FhirRequestError(403, path, 'forbidden');
    };
    await model.load({ request: refusing, subjects, now: NOW });
    assert.equal(model.state.status, 'error');
    assert.equal(
      model.state.error?.title,
      'The EHR did not allow Learning Loop to read your outcome reports.',
    );
    await model.load({ request, subjects: undefined, now: NOW });
    assert.equal(model.state.error?.code, 'feedback-no-clinician');
  });

  it('drops the answer of a load a newer one replaced', async () => {
    const model = new FeedbackModel(5);
    const held: (() => void)[] = [];
    const slow: FhirRequester = (path, options) =>
      new Promise((resolve, reject) => held.push(() => void request(path, options).then(resolve, reject)));
    const first = model.load({ request: slow, subjects: { practitionerId: 'pr-9' }, now: NOW });
    await model.load({ request, subjects, now: NOW });
    held.forEach((release) => release());
    await first;
    assert.equal(model.state.view?.measures.length, 1, 'the newer load stands');
  });
});
