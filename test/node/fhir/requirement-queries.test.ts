/*
 * Data requirements read from the ELM, and the FHIR searches made from them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dataRequirements, packDataRequirements, since } from '../../../src/rules/engine/data-requirements';
import type { DataRequirement } from '../../../src/rules/engine/data-requirements';
import { queriesFor } from '../../../src/fhir/requirement-queries';
import { starterPack } from '../../../src/rules/packs/starter/index';

const NOW = new Date('2026-01-15T08:00:00Z');
const LOINC = 'http://loinc.org';
const aki = starterPack.libraries.find((l) => l.library.identifier.id === 'NephrotoxinAKI');

describe('dataRequirements', () => {
  it('reads resource type, codes and the date window of each retrieve', () => {
    assert.ok(aki);
    const reqs = dataRequirements(aki, starterPack.valueSets);
    const creatinine = reqs.find((r) => r.resourceType === 'Observation');
    // The published creatinine value set (VSAC 2.16.840.1.113883.3.666.5.2363), every code of it.
    const valueSet = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.666.5.2363';
    assert.equal(creatinine?.codeFilter?.valueSet, valueSet);
    assert.deepEqual(creatinine?.codeFilter?.codes, starterPack.valueSets[valueSet]);
    for (const code of ['2160-0', '38483-4', '14682-9'])
      assert.ok(
        creatinine?.codeFilter?.codes.some((c) => c.code === code),
        code,
      );
    assert.deepEqual(creatinine?.dateFilter, { path: 'effective', lookback: { value: 7, unit: 'day' } });
    // Orders are read once, active ones only, in LoopCommon (with the Medications they may point at),
    // with the conditions and encounters every rule's scope and exclusions read.
    const common = starterPack.libraries.find((l) => l.library.identifier.id === 'LoopCommon');
    assert.ok(common);
    assert.deepEqual(
      dataRequirements(common)
        .map((r) => r.resourceType)
        .sort(),
      ['Condition', 'Encounter', 'Medication', 'MedicationRequest', 'Patient', 'Procedure'],
    );
    assert.ok(reqs.some((r) => r.resourceType === 'Patient'));
  });

  it('computes the start of a window in calendar units', () => {
    const window = (value: number, unit: 'month' | 'day' | 'year') => ({
      path: 'effective',
      lookback: { value, unit },
    });
    assert.equal(since(window(6, 'month'), NOW).toISOString(), '2025-07-15T08:00:00.000Z');
    assert.equal(since(window(7, 'day'), NOW).toISOString(), '2026-01-08T08:00:00.000Z');
    assert.equal(since(window(2, 'year'), NOW).toISOString(), '2024-01-15T08:00:00.000Z');
  });
});

describe('queriesFor', () => {
  it('turns a sample of requirements into patient searches', () => {
    const code = (c: string) => ({ system: LOINC, code: c });
    const reqs: DataRequirement[] = [
      { resourceType: 'Patient' },
      {
        resourceType: 'Observation',
        codeFilter: { path: 'code', codes: [code('4548-4'), code('17855-8')] },
        dateFilter: { path: 'effective', lookback: { value: 6, unit: 'month' } },
      },
      {
        resourceType: 'Observation',
        codeFilter: { path: 'code', codes: [code('2160-0'), code('4548-4')] },
        dateFilter: { path: 'effective', lookback: { value: 7, unit: 'day' } },
      },
      {
        resourceType: 'Observation',
        codeFilter: { path: 'code', codes: [], valueSet: 'http://example.org/vs/bmi' },
      },
      {
        resourceType: 'MedicationRequest',
        codeFilter: {
          path: 'medication',
          codes: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '7804' }],
        },
      },
      { resourceType: 'MedicationRequest', include: ['MedicationRequest:medication'] },
      { resourceType: 'Encounter' },
    ];
    // Every search value is percent-encoded but the `,` between values (see the proxy test).
    assert.deepEqual(queriesFor(reqs, 'p-019', NOW), [
      'Patient?_id=p-019',
      'Observation?patient=Patient%2Fp-019&code:in=http%3A%2F%2Fexample.org%2Fvs%2Fbmi&_count=200',
      'Observation?patient=Patient%2Fp-019&code=http%3A%2F%2Floinc.org%7C4548-4,http%3A%2F%2Floinc.org%7C17855-8&date=ge2025-07-15&_count=200',
      'Observation?patient=Patient%2Fp-019&code=http%3A%2F%2Floinc.org%7C2160-0&date=ge2026-01-08&_count=200',
      'MedicationRequest?patient=Patient%2Fp-019&code=http%3A%2F%2Fwww.nlm.nih.gov%2Fresearch%2Fumls%2Frxnorm%7C7804&_include=MedicationRequest%3Amedication&_count=200',
      'Encounter?patient=Patient%2Fp-019&_count=200',
    ]);
    for (const query of queriesFor(reqs, 'p-019', NOW)) assert.doesNotMatch(query, /\/\//);
  });

  it('fetches the starter pack in one search per resource type and window', () => {
    const queries = queriesFor(packDataRequirements(starterPack), 'p-013', NOW);
    const types = queries.map((q) => q.split('?')[0]);
    assert.deepEqual([...new Set(types)].sort(), [
      'Condition',
      'Encounter',
      'MedicationRequest',
      'Observation',
      'Patient',
      'Procedure',
    ]);
    assert.ok(
      queries.includes(
        'MedicationRequest?patient=Patient%2Fp-013&status=active&_include=MedicationRequest%3Amedication&_count=200',
      ),
    );
    assert.ok(
      queries.includes('Encounter?patient=Patient%2Fp-013&status=in-progress,finished,onleave&_count=200'),
    );
    const creatinine = queries.find((q) => q.includes('2160-0'));
    assert.match(creatinine ?? '', /&date=ge2026-01-08&_count=200$/);
    assert.equal(queries.filter((q) => q.startsWith('Observation')).length, 4);
  });
});
