import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_ATTRIBUTION } from '../../../src/measures/attribution';
import { runBatch } from '../../../src/measures/batch';
import { parsePeriod } from '../../../src/measures/period';
import { EvaluationPool } from '../../../src/measures/pool';
import { directory, population } from './factories';
import { handWorkedPatients } from './hand-worked';

test('worker threads give the same reports as one thread', async () => {
  const options = { period: parsePeriod('2026-01'), date: '2026-02-01T06:00:00Z', chunkSize: 3 };
  const one = await runBatch(population(handWorkedPatients()), { ...options, threads: 1 });
  const two = await runBatch(population(handWorkedPatients()), { ...options, threads: 2 });
  assert.deepEqual(two.reports, one.reports);
  assert.deepEqual(two.problems, one.problems);
});

test('a worker that fails stops the batch with its error instead of reporting part of it', async () => {
  const pool = new EvaluationPool(
    { measureIds: ['no-such-measure'], directory: directory(), config: DEFAULT_ATTRIBUTION },
    1,
  );
  try {
    await assert.rejects(pool.evaluate(handWorkedPatients(), parsePeriod('2026-01')), /no-such-measure/);
  } finally {
    await pool.close();
  }
});
