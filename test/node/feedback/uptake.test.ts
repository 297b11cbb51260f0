import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MeasureReport } from '@medplum/fhirtypes';
import { parseMeasure, parseReport } from '../../../src/feedback/parse';
import type { MeasureInfo, ReportPoint } from '../../../src/feedback/types';
import { uptakeView } from '../../../src/feedback/uptake';
import { measure, summary } from './factories';

const measures = ['prompt-acceptance', 'prompt-override', 'prompt-ignore', 'vte']
  .map((k) => parseMeasure(measure(k, k === 'prompt-ignore' ? 'decrease' : 'increase')))
  .filter((m): m is MeasureInfo => !!m);
const points = (reports: MeasureReport[]) =>
  reports.map(parseReport).filter((p): p is ReportPoint => !('message' in p));

/** An override report with the reason mix as `reason` strata: count of `of` overrides each. */
function overrides(
  subject: string,
  month: string,
  n: number,
  d: number,
  reasons: [string, number][],
): MeasureReport {
  const r = summary({ key: 'prompt-override', subject, month, numerator: n, denominator: d });
  const code = (c: string) => ({ coding: [{ code: c }] });
  const group = r.group?.[0];
  if (group)
    group.stratifier = [
      {
        code: [{ text: 'reason' }],
        stratum: reasons.map(([value, count]) => ({
          value: { text: value },
          population: [
            { code: code('denominator'), count: n },
            { code: code('numerator'), count },
          ],
        })),
      },
    ];
  return r;
}

describe('prompt uptake beside the outcomes', () => {
  const me = 'Practitioner/pr-1';
  const ward = 'Location/ward-1';
  const mine = points([
    summary({ key: 'prompt-acceptance', subject: me, month: '2025-11', numerator: 1, denominator: 10 }),
    summary({ key: 'prompt-acceptance', subject: me, month: '2025-12', numerator: 9, denominator: 20 }),
    overrides(me, '2025-12', 6, 20, [
      ['cds-not-applicable', 4],
      ['recipient-concerns-outcomes', 2],
      ['does-not-align-preferences', 0],
    ]),
    summary({ key: 'prompt-ignore', subject: me, month: '2025-12', numerator: 5, denominator: 20 }),
    summary({ key: 'vte', subject: me, month: '2026-01', numerator: 5, denominator: 20 }),
  ]);
  const unit = points([
    summary({ key: 'prompt-acceptance', subject: ward, month: '2025-12', numerator: 3, denominator: 4 }),
    overrides(ward, '2025-12', 30, 90, [['cds-suboptimal-context', 30]]),
  ]);

  it('gives accepted, overridden and ignored for my latest month, mine against the unit', () => {
    const view = uptakeView({ measures, mine, unit, ward, minCases: 5 });
    assert.equal(view?.month, '2025-12');
    assert.deepEqual(
      view?.rows.map((r) => [
        r.label,
        r.mine.status === 'rate' ? `${r.mine.numerator}/${r.mine.denominator}` : r.mine.status,
        r.unit?.status,
      ]),
      [
        ['Accepted', '9/20', 'suppressed'],
        ['Overridden', '6/20', 'rate'],
        ['No response', '5/20', 'none'],
      ],
    );
  });

  it('gives the reason mix with the HL7 displays, most used first, unused reasons left out', () => {
    const view = uptakeView({ measures, mine, unit, ward, minCases: 5 });
    assert.deepEqual(view?.reasons, [
      { code: 'cds-not-applicable', label: 'PC CDS does not apply to patient', count: 4 },
      {
        code: 'recipient-concerns-outcomes',
        label: 'Recipient has concerns regarding potential health outcomes',
        count: 2,
      },
    ]);
    assert.deepEqual(
      view?.unitReasons.map((r) => [r.code, r.count]),
      [['cds-suboptimal-context', 30]],
    );
  });

  it('is absent when the server has no uptake reports of mine', () => {
    assert.equal(
      uptakeView({
        measures,
        mine: mine.filter((p) => p.measureUrl.endsWith('vte')),
        unit,
        ward,
        minCases: 5,
      }),
      undefined,
    );
  });
});
