import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import type { Bundle, Measure } from '@medplum/fhirtypes';
import { BUNDLES_DIR, buildMeasures } from '../../src/measures/build/compile-measures';
import { OUTCOME_MEASURES } from '../../src/measures/catalog';
import { mmeRows } from '../../src/measures/build/mme-table';
import { valueSetPins } from '../../src/measures/build/measure-resources';
import { measureValueSets } from '../../src/measures/terminology';
import type { ProductRecord } from '../../src/terminology/catalog';

test('the committed measure bundles and generated CQL are what the CQL gives (npm run measures:build)', async () => {
  const report = await buildMeasures({ check: true });
  assert.deepEqual(
    report.errors.filter((e) => e.severity === 'Error'),
    [],
  );
  assert.deepEqual(report.changed, [], `stale: ${report.changed.join(', ')}`);
});

test('every measure has a title, direction, rationale, citation and its library; value sets resolve at their pinned versions', () => {
  for (const m of OUTCOME_MEASURES) {
    const bundle = JSON.parse(readFileSync(`${BUNDLES_DIR}${m.id}.json`, 'utf8')) as Bundle;
    const measure = bundle.entry?.[0]?.resource as Measure;
    assert.equal(measure.resourceType, 'Measure');
    assert.ok(measure.title && measure.rationale && measure.guidance, m.id);
    assert.equal(measure.improvementNotation?.coding?.[0]?.code, m.improvementNotation);
    assert.equal(measure.scoring?.coding?.[0]?.code, 'proportion');
    assert.ok(
      (measure.relatedArtifact ?? []).some((r) => r.type === 'citation' && r.url),
      m.id,
    );
    const libraries = (bundle.entry ?? []).filter((e) => e.resource?.resourceType === 'Library');
    assert.ok(
      libraries.some((e) => e.resource?.id === m.library),
      `${m.id} carries ${m.library}`,
    );
    const pins = valueSetPins(bundle);
    assert.equal(measureValueSets(pins).length, new Set(pins).size, m.id);
  }
});

test('the MME table keeps oral products with a CDC 2022 factor only, e.g. oxycodone 5 mg tablets at 1.5', () => {
  const product = (p: Partial<ProductRecord>): ProductRecord => ({
    rxcui: '1049621',
    ingredient: 'Oxycodone',
    ingredientCode: '7804',
    strength: 5,
    unit: 'MG',
    form: 'Oral Tablet',
    factor: 1.5,
    ...p,
  });
  const products = [
    product({}),
    // No CDC factor: the table cannot count it, so it is left out (never 0 MME).
    product({ rxcui: '197873', ingredient: 'Levorphanol', strength: 2, factor: null }),
    // Transdermal: the CDC factor is per mcg/hr, not an oral dose.
    product({
      rxcui: '197696',
      ingredient: 'Fentanyl',
      strength: 0.075,
      unit: 'MG/HR',
      form: 'Transdermal System',
      factor: 2.4,
    }),
    product({
      rxcui: '1010600',
      ingredient: 'Oxycodone',
      strength: 1,
      unit: 'MG/ML',
      form: 'Oral Solution',
      factor: 1.5,
    }),
  ];
  assert.deepEqual(mmeRows(products), ['1010600|1|MG/ML|1.5', '1049621|5|MG|1.5']);
});
