/*
 * External check: an eCQM test case (MADiE, CC0) whose definition the HbA1c measure follows, with its
 * expected individual MeasureReport. See fixtures/ecqm/README.md and "Against the eCQMs" in
 * src/measures/README.md for why the other cases of that suite are not comparable.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Bundle, MeasureReport } from '@medplum/fhirtypes';
import { evaluate, loadMeasures } from '../../../src/measures/engine';
import { parsePeriod } from '../../../src/measures/period';

const CASE = new URL(
  './fixtures/ecqm/DiabetesGlycemicStatusAssessmentGreaterThan9Percent_NUMPass-HbA1cGreaterThan9_8956ebb5.json',
  import.meta.url,
);

test('CMS122 (glycemic status above 9%): our HbA1c measure gives the eCQM test case its expected populations', async () => {
  const bundle = JSON.parse(readFileSync(CASE, 'utf8')) as Bundle;
  const expected = bundle.entry?.find((e) => e.resource?.resourceType === 'MeasureReport')
    ?.resource as MeasureReport;
  const record = (bundle.entry ?? []).filter((e) => e.resource?.resourceType !== 'MeasureReport');
  record.sort((a) => (a.resource?.resourceType === 'Patient' ? -1 : 0));
  // The eCQM's period is calendar 2025; ours takes a year as well as a month.
  assert.deepEqual(expected.period, { start: '2025-01-01', end: '2025-12-31' });
  const [result] = await evaluate(
    loadMeasures(['hba1c-poor-control']),
    [{ resourceType: 'Bundle', type: 'collection', entry: record }],
    parsePeriod('2025'),
  );
  const want = Object.fromEntries(
    (expected.group?.[0]?.population ?? []).map((p) => [p.code?.coding?.[0]?.code ?? '', (p.count ?? 0) > 0]),
  );
  assert.deepEqual(result?.populations, want);
  assert.equal(want.numerator, true, 'the case is a numerator pass');
});
