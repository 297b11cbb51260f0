import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { MeasureReport } from '@medplum/fhirtypes';
import { runBatch, type BatchOutput } from '../../../src/measures/batch';
import { parsePeriod } from '../../../src/measures/period';
import { parseReport } from '../../../src/feedback/parse';
import { population } from '../measures/factories';
import { handWorkedPatients } from '../measures/hand-worked';

/**
 * The measures batch writes each peer Group's summary with one stratum per member clinician, their own
 * counts, and the feedback view reads them back: the hand-worked population of the measures tests
 * (doc-1 and doc-2 are the doctors; VTE: doc-1 2 of 2, doc-2 0 of 1; the Group 2 of 3).
 */
let out: BatchOutput;
before(async () => {
  out = await runBatch(population(handWorkedPatients()), {
    period: parsePeriod('2026-01'),
    date: '2026-02-01T06:00:00Z',
    threads: 1,
  });
});

const summaryOf = (measure: string, subject: string): MeasureReport | undefined =>
  out.reports.find(
    (r) =>
      r.type === 'summary' && r.measure?.includes(`/Measure/${measure}|`) && r.subject?.reference === subject,
  );

test("a peer Group's summary holds each member's own counts, as the view reads them", () => {
  const read = parseReport(summaryOf('vte-prophylaxis', 'Group/peers-doctor'));
  assert.ok(!('message' in read), 'the report reads');
  assert.deepEqual(read.counts, { numerator: 2, denominator: 3 });
  assert.deepEqual(
    read.strata.map((s) => [s.value, s.counts.numerator, s.counts.denominator]),
    [
      ['Practitioner/doc-1', 2, 2],
      ['Practitioner/doc-2', 0, 1],
    ],
  );
  assert.equal(read.strata[0]?.stratifier, 'group member');
});

test('only peer Groups are stratified, and only by members with results for the measure', () => {
  assert.equal(summaryOf('vte-prophylaxis', 'Practitioner/doc-1')?.group?.[0]?.stratifier, undefined);
  assert.equal(summaryOf('vte-prophylaxis', 'Location/ward-a')?.group?.[0]?.stratifier, undefined);
  const hba1c = parseReport(summaryOf('hba1c-poor-control', 'Group/peers-doctor'));
  assert.ok(!('message' in hba1c));
  assert.deepEqual(
    hba1c.strata.map((s) => s.value),
    ['Practitioner/doc-2'],
  );
});
