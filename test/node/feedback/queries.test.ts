import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  feedbackWave,
  patientsQueries,
  peerReportQueries,
  periodWindows,
  subjectListQuery,
} from '../../../src/fhir/feedback-queries';

const NOW = new Date('2026-01-15T10:00:00Z');

describe('feedback queries', () => {
  it('cover the 24 months before this one in two windows that do not overlap', () => {
    assert.deepEqual(periodWindows(NOW), ['period=ge2024-01-01&period=lt2025-01-01', 'period=ge2025-01-01']);
    assert.deepEqual(periodWindows(NOW, 12, 6), [
      'period=ge2025-01-01&period=lt2025-07-01',
      'period=ge2025-07-01',
    ]);
  });

  it('ask for measures, mine, my unit and my peers (chained through Group.member) in one wave, values encoded', () => {
    const wave = feedbackWave({ practitionerId: 'pr-001', wardId: 'unit-4b' }, NOW);
    assert.deepEqual(
      wave.map((q) => q.part),
      ['measures', 'mine', 'mine', 'unit', 'unit', 'peers', 'peers', 'groups'],
    );
    assert.equal(
      wave[1]?.path,
      'MeasureReport?subject=Practitioner%2Fpr-001&type=summary&period=ge2024-01-01&period=lt2025-01-01&_count=200',
    );
    assert.equal(wave[3]?.path.startsWith('MeasureReport?subject=Location%2Funit-4b&'), true);
    assert.equal(
      wave[5]?.path.startsWith('MeasureReport?subject:Group.member=Practitioner%2Fpr-001&type=summary&'),
      true,
    );
  });

  it('leave the unit out when the ward is unknown or not a FHIR id', () => {
    const parts = (wardId?: string) =>
      feedbackWave({ practitionerId: 'pr-1', wardId }, NOW).map((q) => q.part);
    assert.equal(parts(undefined).includes('unit'), false);
    assert.equal(parts('a b').includes('unit'), false);
  });

  it('build the fallback, the drill-down and the patients searches', () => {
    assert.deepEqual(peerReportQueries(['peers-doctor', 'bad id'], NOW, { months: 12, windowMonths: 12 }), [
      'MeasureReport?subject=Group%2Fpeers-doctor&type=summary&period=ge2025-01-01&_count=200',
    ]);
    assert.equal(
      subjectListQuery('Practitioner/pr-1', 'https://x.org/Measure/vte', '2025-12-01', '2026-01-01'),
      'MeasureReport?subject=Practitioner%2Fpr-1&type=subject-list&measure=https%3A%2F%2Fx.org%2FMeasure%2Fvte&period=ge2025-12-01&period=lt2026-01-01&_count=10',
    );
    const ids = Array.from({ length: 150 }, (_, i) => `p-${i}`);
    const searches = patientsQueries([...ids, 'p-0', 'not/an id']);
    assert.equal(searches.length, 2);
    assert.equal(searches[1], `Patient?_id=${ids.slice(100).join(',')}&_count=50`);
  });
});
