import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FhirRequester } from '../../../src/fhir/requester';
import { FeedbackModel, type FeedbackFact } from '../../../src/feedback/feedback-model';
import { parseMeasure, parseReport } from '../../../src/feedback/parse';
import type { MeasureInfo, ReportPoint } from '../../../src/feedback/types';
import { feedbackView } from '../../../src/feedback/view';
import { mockEhrRequester } from '../../tools/mock-ehr';
import { BASE, measure, person, subjectList, summary } from './factories';

/** The patients behind every month of my trend, not only the current one (issue 12, item 3). */
const ME = 'Practitioner/pr-1';
const NOW = new Date('2026-01-15T10:00:00Z');

const mine = (month: string, numerator: number, denominator: number) =>
  summary({ key: 'vte', subject: ME, month, numerator, denominator });

describe('the patients behind each month of mine', () => {
  it('offers each month of mine with patients counted, a "too few patients" month too, and no other', () => {
    const read = [
      mine('2025-09', 10, 12),
      mine('2025-10', 2, 3),
      mine('2025-11', 0, 0),
      summary({ key: 'vte', subject: 'Location/ward-1', month: '2025-12', numerator: 9, denominator: 20 }),
    ]
      .map(parseReport)
      .filter((p): p is ReportPoint => !('message' in p));
    const view = feedbackView({
      measures: [parseMeasure(measure('vte', 'increase'))].filter((m): m is MeasureInfo => !!m),
      mine: read.filter((p) => p.subject === ME),
      unit: read.filter((p) => p.subject !== ME),
      peers: [],
      problems: [],
      me: ME,
      ward: 'Location/ward-1',
      minCases: 5,
    });
    const [vte] = view.measures;
    assert.ok(vte);
    assert.deepEqual(
      vte.trend.map((t) => [t.month, t.mine.status, t.drill?.month]),
      [
        ['2025-09', 'rate', '2025-09'],
        ['2025-10', 'suppressed', '2025-10'],
        ['2025-11', 'none', undefined],
        // Only the unit reported December: its patients are other clinicians'.
        ['2025-12', 'none', undefined],
      ],
    );
    for (const t of vte.trend.filter((row) => row.drill))
      assert.deepEqual(t.drill, {
        measureUrl: `${BASE}/vte`,
        measureKey: 'vte',
        subject: ME,
        month: t.month,
      });
    assert.equal(vte.drill, undefined, 'no patients of mine in the current month');
  });
});

describe('FeedbackModel: a past month drilled down, against the mock EHR', () => {
  let request: FhirRequester;
  const paths: string[] = [];
  before(async () => {
    const seed = [
      measure('vte', 'increase', 'VTE prophylaxis'),
      mine('2025-10', 1, 5),
      mine('2025-11', 1, 2),
      mine('2025-12', 6, 8),
      subjectList('vte', ME, '2025-10', {
        denominator: ['h-1', 'h-2', 'h-3', 'h-4', 'h-5'],
        numerator: ['h-3'],
      }),
      subjectList('vte', ME, '2025-11', { denominator: ['h-6', 'h-7'], numerator: ['h-7'] }),
      // 2025-12 has its summary but no subject list.
      person('h-1', 'Ng', 'MRN-1'),
      person('h-3', 'Ortiz', 'MRN-3'),
      person('h-7', 'Diaz', 'MRN-7'),
    ];
    const base = await mockEhrRequester(seed);
    request = (path, options) => (paths.push(path), base(path, options));
  });

  it("opens a past month's patients, a suppressed month's, and says when a month has no list", async () => {
    const model = new FeedbackModel(5);
    const facts: FeedbackFact[] = [];
    model.facts$.subscribe((f) => facts.push(f));
    await model.load({ request, subjects: { practitionerId: 'pr-1' }, now: NOW });
    const row = (month: string) => model.state.view?.measures[0]?.trend.find((t) => t.month === month);
    const names = () =>
      model.state.drill?.result?.groups.map((g) => [g.label, g.patients.map((p) => p.mrn ?? p.id)]);

    const october = row('2025-10')?.drill;
    assert.ok(october);
    await model.drillDown(october);
    assert.equal(model.state.drill?.status, 'ready');
    assert.equal(model.state.drill?.target.month, '2025-10');
    assert.deepEqual(names(), [
      ['Not met', ['MRN-1', 'h-2', 'h-4', 'h-5']],
      ['Met', ['MRN-3']],
    ]);

    const november = row('2025-11');
    assert.equal(november?.mine.status, 'suppressed');
    assert.ok(november?.drill);
    await model.drillDown(november.drill);
    assert.deepEqual(names(), [
      ['Not met', ['h-6']],
      ['Met', ['MRN-7']],
    ]);

    const december = row('2025-12')?.drill;
    assert.ok(december);
    paths.length = 0;
    await model.drillDown(december);
    assert.equal(model.state.drill?.status, 'ready', 'no list is not an error to retry');
    assert.equal(model.state.drill?.result?.missing, true);
    assert.deepEqual(model.state.drill?.result?.groups, []);
    assert.equal(paths.length, 1, 'no patient search without a list');
    assert.deepEqual(
      facts.map((f) => (f.type === 'feedback-drilldown' ? f.month : f.type)),
      ['2025-10', '2025-11', '2025-12'],
    );
  });
});
