import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import type { Bundle, Measure } from '@medplum/fhirtypes';
import { BUNDLES_DIR, buildMeasures } from '../../../src/measures/build/compile-measures';
import { OUTCOME_MEASURES } from '../../../src/measures/catalog';
import { mmeRows } from '../../../src/measures/build/mme-table';
import { valueSetPins } from '../../../src/measures/build/measure-resources';
import { loadValueSets } from '../../../src/measures/terminology';

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
    assert.equal(loadValueSets(pins).length, new Set(pins).size, m.id);
  }
});

test('the MME table keeps oral products with a CDC 2022 factor only, e.g. oxycodone 5 mg tablets at 1.5', () => {
  const csv = [
    'rxcui,drug_name,dose_form_rxcui,dose_form_name,ingredient_rxcui,ingredient_name,strength,strength_value,strength_unit,long_acting_derived,transdermal_derived,in_cdc_extended_release_valueset,cdc2022_mme_factor,cdc2022_factor_unit,factor_note',
    '1049621,oxycodone hydrochloride 5 MG Oral Tablet,317541,Oral Tablet,7804,Oxycodone,5 MG,5.0,MG,N,N,N,1.5,MME per mg,',
    '197873,levorphanol tartrate 2 MG Oral Tablet,317541,Oral Tablet,6378,Levorphanol,2 MG,2.0,MG,N,N,N,,,no conversion factor',
    '197696,"72 HR fentanyl 0.075 MG/HR, patch",316987,Transdermal System,4337,Fentanyl,0.075 MG/HR,0.075,MG/HR,Y,Y,Y,2.4,MME per mcg/hr,',
  ].join('\n');
  assert.deepEqual(mmeRows(csv), ['1049621|5|MG|1.5']);
});
