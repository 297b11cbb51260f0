import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Resource } from '@medplum/fhirtypes';
import { parseMeasure, parseReport } from '../../../src/feedback/parse';
import type { MeasureInfo, ReportPoint, ReportProblem } from '../../../src/feedback/types';
import { feedbackView } from '../../../src/feedback/view';
import { measure, summary, type SummaryOptions } from './factories';

const ME = 'Practitioner/pr-1';
const WARD = 'Location/ward-1';

/** The view of some resources, as the model builds it: every report read, each as a point or a problem. */
function viewOf(
  resources: Resource[],
  sets: { mine?: Resource[]; unit?: Resource[]; peers?: Resource[] },
  minCases = 5,
) {
  const measures = resources.map(parseMeasure).filter((m): m is MeasureInfo => !!m);
  const problems: ReportProblem[] = [];
  const read = (list: Resource[] = []) =>
    list.flatMap((r): ReportPoint[] => {
      const p = parseReport(r);
      if ('message' in p) return (void problems.push(p), []);
      return [p];
    });
  const [mine, unit, peers] = [read(sets.mine), read(sets.unit), read(sets.peers)];
  return feedbackView({ measures, mine, unit, peers, problems, me: ME, ward: WARD, minCases });
}

const mineOf = (o: Omit<SummaryOptions, 'subject'>) => summary({ ...o, subject: ME });

describe('the feedback view', () => {
  it('shows my current month with counts, interval and direction, beside the unit', () => {
    const view = viewOf([measure('vte', 'increase', 'VTE prophylaxis')], {
      mine: [
        mineOf({ key: 'vte', month: '2025-11', numerator: 2, denominator: 8 }),
        mineOf({
          key: 'vte',
          month: '2025-12',
          numerator: 12,
          denominator: 16,
          date: '2026-01-01T06:00:00Z',
        }),
      ],
      unit: [summary({ key: 'vte', subject: WARD, month: '2025-12', numerator: 30, denominator: 40 })],
    });
    const [vte] = view.measures;
    assert.ok(vte);
    assert.equal(vte.month, '2025-12');
    assert.equal(vte.asOf, '2026-01-01T06:00:00Z');
    assert.equal(vte.measure.direction, 'increase');
    assert.equal(vte.mine.status, 'rate');
    if (vte.mine.status !== 'rate') return;
    assert.deepEqual([vte.mine.numerator, vte.mine.denominator, vte.mine.rate], [12, 16, 0.75]);
    assert.ok(vte.mine.interval.low < 0.75 && vte.mine.interval.high > 0.75);
    assert.equal(vte.unit?.status === 'rate' && vte.unit.rate, 0.75);
    assert.deepEqual(
      vte.trend.map((t) => t.month),
      ['2025-11', '2025-12'],
    );
    assert.deepEqual(vte.drill, {
      measureUrl: vte.measure.url,
      measureKey: 'vte',
      subject: ME,
      month: '2025-12',
    });
  });

  it('suppresses a rate at 4 patients and shows it at 5 (the boundary), never as 0% or 100%', () => {
    const view = viewOf([measure('a', 'increase'), measure('b', 'increase')], {
      mine: [
        mineOf({ key: 'a', month: '2025-12', numerator: 4, denominator: 4 }),
        mineOf({ key: 'b', month: '2025-12', numerator: 5, denominator: 5 }),
      ],
    });
    const [a, b] = view.measures;
    assert.deepEqual(a?.mine, { status: 'suppressed', denominator: 4 });
    assert.equal(b?.mine.status, 'rate');
    // Configurable: with 10, five patients are too few as well.
    const strict = viewOf(
      [measure('b', 'increase')],
      { mine: [mineOf({ key: 'b', month: '2025-12', numerator: 5, denominator: 5 })] },
      10,
    );
    assert.equal(strict.measures[0]?.mine.status, 'suppressed');
  });

  it('reads the direction from the Measure, or says there is none', () => {
    const view = viewOf([measure('hba1c', 'decrease'), measure('odd')], {
      mine: [mineOf({ key: 'hba1c', month: '2025-12' }), mineOf({ key: 'odd', month: '2025-12' })],
    });
    assert.deepEqual(
      view.measures.map((m) => m.measure.direction),
      ['decrease', 'unknown'],
    );
  });

  it('gives the peers median and benchmark from the peer report per member, and says when it cannot', () => {
    const members: [string, number, number][] = [
      ['Practitioner/pr-1', 9, 10],
      ['Practitioner/pr-2', 45, 60],
      ['Practitioner/pr-3', 30, 50],
      ['Practitioner/pr-4', 50, 100],
      ['Practitioner/pr-5', 20, 79],
      ['Practitioner/pr-6', 1, 1],
    ];
    const withStrata = viewOf([measure('vte', 'increase')], {
      mine: [mineOf({ key: 'vte', month: '2025-12', numerator: 9, denominator: 10 })],
      peers: [
        summary({
          key: 'vte',
          subject: 'Group/peers-doctor',
          month: '2025-12',
          numerator: 155,
          denominator: 300,
          members,
        }),
      ],
    });
    const peers = withStrata.measures[0]?.peers;
    assert.equal(peers?.median, 0.6);
    assert.deepEqual(peers?.benchmark, { rate: 54 / 70, numerator: 54, denominator: 70, providers: 2 });
    const pooledOnly = viewOf([measure('vte', 'increase')], {
      mine: [mineOf({ key: 'vte', month: '2025-12' })],
      peers: [
        summary({
          key: 'vte',
          subject: 'Group/peers-doctor',
          month: '2025-12',
          numerator: 30,
          denominator: 40,
        }),
      ],
    });
    const pooled = pooledOnly.measures[0]?.peers;
    assert.equal(pooled?.benchmark, undefined);
    assert.equal(pooled?.pooled.status === 'rate' && pooled.pooled.rate, 0.75);
    assert.match(pooled?.note ?? '', /no per-clinician counts/);
  });

  it('takes no median or target from one clinician alone (who may be the reader)', () => {
    const view = viewOf([measure('aki', 'decrease')], {
      mine: [mineOf({ key: 'aki', month: '2025-12', numerator: 2, denominator: 9 })],
      peers: [
        summary({
          key: 'aki',
          subject: 'Group/peers-doctor',
          month: '2025-12',
          numerator: 2,
          denominator: 9,
          members: [
            ['Practitioner/pr-1', 2, 9],
            ['Practitioner/pr-2', 0, 0],
          ],
        }),
      ],
    });
    const peers = view.measures[0]?.peers;
    assert.equal(peers?.median, undefined);
    assert.equal(peers?.benchmark, undefined);
    assert.match(peers?.note ?? '', /Only one clinician/);
  });

  it('says the server has nothing when there are no reports', () => {
    const view = viewOf([measure('vte', 'increase')], {});
    assert.equal(view.empty, true);
    assert.deepEqual(view.measures, []);
    assert.equal(view.uptake, undefined);
  });
});

describe('malformed reports', () => {
  const bad = (edit: (r: ReturnType<typeof summary>) => void) => {
    const r = mineOf({ key: 'vte', month: '2025-12', id: 'mr-bad' });
    edit(r);
    return r;
  };
  const cases: [string, ReturnType<typeof summary>, RegExp][] = [
    ['no groups', bad((r) => delete r.group), /has no groups/],
    [
      'a negative count',
      bad((r) => r.group?.[0]?.population?.[0] && (r.group[0].population[0].count = -3)),
      /negative denominator count/,
    ],
    [
      'a missing count',
      bad((r) => r.group?.[0]?.population?.[1] && delete r.group[0].population[1].count),
      /no count for its numerator/,
    ],
    [
      'no numerator',
      bad((r) => r.group?.[0]?.population && (r.group[0].population = r.group[0].population.slice(0, 1))),
      /no numerator count/,
    ],
    [
      'a numerator above its denominator',
      bad((r) => r.group?.[0]?.population?.[1] && (r.group[0].population[1].count = 11)),
      /numerator \(11\) above its denominator \(10\)/,
    ],
  ];
  for (const [what, report, line] of cases)
    it(`a report with ${what} gives one clear line and no number`, () => {
      const good = summary({ key: 'vte', subject: ME, month: '2025-11', numerator: 6, denominator: 8 });
      const view = viewOf([measure('vte', 'increase')], { mine: [good, report] });
      const [vte] = view.measures;
      assert.equal(vte?.problems.length, 1);
      assert.match(vte?.problems[0] ?? '', line);
      assert.match(vte?.problems[0] ?? '', /Dec 2025 .* left out \(MeasureReport\/mr-bad\)/);
      // The month of the bad report has no number of mine; the good month is untouched.
      assert.deepEqual(
        vte?.trend.map((t) => [t.month, t.mine.status]),
        [['2025-11', 'rate']],
      );
    });

  it('a zero denominator is "no patients", not 0%', () => {
    const view = viewOf([measure('vte', 'increase')], {
      mine: [mineOf({ key: 'vte', month: '2025-12', numerator: 0, denominator: 3, exclusion: 3 })],
    });
    assert.deepEqual(view.measures[0]?.mine, { status: 'none', reason: 'no-patients' });
    assert.equal(view.measures[0]?.drill, undefined);
  });

  it('reports naming a measure the EHR does not have are one line, not shown', () => {
    const view = viewOf([measure('vte', 'increase')], {
      mine: [mineOf({ key: 'gone', month: '2025-12' }), mineOf({ key: 'gone', month: '2025-11' })],
    });
    assert.equal(view.measures.length, 0);
    assert.deepEqual(view.problems, [
      '2 reports name a measure the EHR does not have (https://loop.example.org/fhir/Measure/gone), so they are not shown.',
    ]);
  });
});
