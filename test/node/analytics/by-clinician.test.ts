import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../../tools/temp-dir';
import { analyzeFiles } from '../../../src/analytics/analyze';
import { clinicianUptake, uptakeByClinician } from '../../../src/analytics/by-clinician';
import { writeOutputs } from '../../../src/analytics/outputs';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const A = 'https://learning-loop.example.org/fhir/PlanDefinition/vte';
const B = 'https://learning-loop.example.org/fhir/PlanDefinition/statin';

// Hand-derived in fixtures/README.md ("Per clinician").
describe('uptake per clinician and month on the hand-computed fixture', async () => {
  const cells = await uptakeByClinician([fixture('small.ndjson')], { roles: fixture('roles.ndjson') });
  const cell = (metric: string, practitioner: string) => {
    const found = cells.filter((c) => c.metric === metric && c.practitioner === practitioner);
    assert.equal(found.length, 1, `${metric} ${practitioner}`);
    return found[0] as (typeof cells)[number];
  };

  it('gives p1 in January 1 of 4 accepted, 1 overridden, 1 ignored; p2 in February 1 of 3 each', () => {
    const p1 = ['acceptance', 'override', 'ignore'].map((m) => cell(m, 'Practitioner/p1'));
    assert.deepEqual(
      p1.map((c) => [c.month, c.numerator, c.denominator]),
      [
        ['2026-01', 1, 4],
        ['2026-01', 1, 4],
        ['2026-01', 1, 4],
      ],
    );
    const p2 = ['acceptance', 'override', 'ignore'].map((m) => cell(m, 'Practitioner/p2'));
    assert.deepEqual(
      p2.map((c) => [c.month, c.numerator, c.denominator]),
      [
        ['2026-02', 1, 3],
        ['2026-02', 1, 3],
        ['2026-02', 1, 3],
      ],
    );
    assert.equal(cells.length, 6, 'one cell per clinician, month and metric');
  });

  it('breaks each cell down by rule: p1 accepted 1 of 3 for rule A, 0 of 1 for rule B', () => {
    const byRule = (metric: string) =>
      new Map(cell(metric, 'Practitioner/p1').byRule.map((r) => [r.rule, [r.numerator, r.denominator]]));
    assert.deepEqual(byRule('acceptance').get(A), [1, 3]);
    assert.deepEqual(byRule('acceptance').get(B), [0, 1]);
    assert.deepEqual(byRule('override').get(B), [1, 1]);
    assert.deepEqual(byRule('ignore').get(A), [1, 3]);
  });

  it('gives each clinician their own reason mix: p1 overrode with r1 only, p2 with r2 only', () => {
    const mix = (p: string) =>
      Object.fromEntries(cell('override', p).byReason.map((r) => [r.code, [r.count, r.of]]));
    assert.deepEqual(mix('Practitioner/p1'), { r1: [1, 1], r2: [0, 1] });
    assert.deepEqual(mix('Practitioner/p2'), { r1: [0, 1], r2: [1, 1] });
    assert.deepEqual(cell('acceptance', 'Practitioner/p1').byReason, []);
  });

  it('leaves suppressed rows out when given rows computed with a minimum n', async () => {
    const { metrics } = await analyzeFiles([fixture('small.ndjson')], { minN: 4, perClinician: true });
    const kept = clinicianUptake(metrics);
    assert.deepEqual(
      kept.map((c) => [c.metric, c.practitioner]),
      [
        ['acceptance', 'Practitioner/p1'],
        ['override', 'Practitioner/p1'],
        ['ignore', 'Practitioner/p1'],
      ],
    );
  });
});

describe('per-clinician rows in the outputs', async () => {
  it('are left out unless asked for', async () => {
    const { metrics } = await analyzeFiles([fixture('small.ndjson')], { minN: 1 });
    assert.ok(metrics.length > 0);
    assert.equal(metrics.filter((r) => r.dimension === 'practitioner').length, 0);
  });

  const analysis = await analyzeFiles([fixture('small.ndjson')], { minN: 1, perClinician: true });
  const dir = await tempDir('analytics-by-clinician-');
  await writeOutputs(dir, analysis, { minN: 1, generatedAt: '2026-03-01T00:00:00Z', byClinician: true });

  it('go to by-clinician.csv with the practitioner, month and rule, not to the metric files or the report', async () => {
    const csv = (await readFile(join(dir, 'by-clinician.csv'), 'utf8')).trim().split('\n');
    assert.equal(
      csv[0],
      'metric,practitioner,period,rule,category,numerator,denominator,value,ci_low,ci_high,suppressed',
    );
    assert.ok(
      csv.includes('acceptance,Practitioner/p1,2026-01,,,1,4,25,4.558726080970057,69.93581574175981,false'),
    );
    const acceptance = await readFile(join(dir, 'acceptance.csv'), 'utf8');
    assert.doesNotMatch(acceptance, /practitioner/);
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    assert.doesNotMatch(html, /Practitioner\/p1/);
  });
});
