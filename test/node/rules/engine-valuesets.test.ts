/*
 * The engine's value sets: compact pack entries read back with their pins, membership by hash look-up
 * (a code, a concept, a list), RxNorm branded products recognised by their generic's name, and keyed
 * parameter tables cut to the codes of a patient's orders.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import cql from 'cql-execution';
import type { MedicationRequest } from '@medplum/fhirtypes';
import { parametersFor } from '../../../src/rules/engine/evaluate';
import { IndexedValueSet, RXNORM, genericName, readValueSets } from '../../../src/rules/engine/valuesets';
import { starterPack } from '../../../src/rules/packs/starter/index';

const SNOMED = 'http://snomed.info/sct';

describe('compact value sets', () => {
  it('expands codes by system, keeps RxNorm names for brand matching, and keeps the pin apart', () => {
    const problems: string[] = [];
    const { expansions, pins } = readValueSets(
      {
        'http://x/vs': {
          title: 'X',
          version: '1',
          source: 'published/x.json',
          codes: { [RXNORM]: ['1364445'], [SNOMED]: ['44054006'] },
          names: { '1364445': 'apixaban 5 MG Oral Tablet' },
        },
        'http://x/legacy': [{ system: SNOMED, code: '1' }],
        'http://x/broken': 42,
      },
      problems,
    );
    assert.deepEqual(expansions['http://x/vs'], [
      { system: RXNORM, code: '1364445', display: 'apixaban 5 MG Oral Tablet' },
      { system: SNOMED, code: '44054006' },
    ]);
    assert.deepEqual(pins['http://x/vs'], { title: 'X', version: '1', source: 'published/x.json' });
    assert.deepEqual(expansions['http://x/legacy'], [{ system: SNOMED, code: '1' }]);
    assert.equal(problems.length, 1);
  });
});

describe('membership', () => {
  const vs = new IndexedValueSet('http://x/anticoagulants', [
    { system: RXNORM, code: '1364445', display: 'apixaban 5 MG Oral Tablet' },
    { system: SNOMED, code: '123' },
  ]);

  it('matches a code, a concept and a list by system and code', () => {
    assert.equal(vs.hasMatch(new cql.Code('1364445', RXNORM)), true);
    assert.equal(vs.hasMatch(new cql.Code('1364445', SNOMED)), false);
    assert.equal(
      vs.hasMatch(new cql.Concept([new cql.Code('9', RXNORM), new cql.Code('123', SNOMED)])),
      true,
    );
    assert.equal(vs.hasMatch([new cql.Code('9', RXNORM)]), false);
  });

  it('recognises a branded product by its RxNorm name, and nothing else by name', () => {
    assert.equal(
      vs.hasMatch(new cql.Code('1364447', RXNORM, undefined, 'apixaban 5 MG Oral Tablet [Eliquis]')),
      true,
    );
    assert.equal(vs.hasMatch(new cql.Code('1', RXNORM, undefined, 'apixaban 5 MG Oral Tablet')), false);
    assert.equal(
      vs.hasMatch(new cql.Code('1', RXNORM, undefined, 'apixaban 2.5 MG Oral Tablet [Eliquis]')),
      false,
    );
    assert.equal(
      vs.hasMatch(new cql.Code('1', SNOMED, undefined, 'apixaban 5 MG Oral Tablet [Eliquis]')),
      false,
    );
    assert.equal(genericName('Narcan'), undefined);
  });
});

describe('keyed parameter tables', () => {
  it("hands the CQL only the product rows of the patient's orders", () => {
    const order: MedicationRequest = {
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      subject: { reference: 'Patient/x' },
      medicationCodeableConcept: { coding: [{ system: RXNORM, code: '864706' }] },
    };
    const rows = parametersFor(starterPack, [order])['Opioid Products'] as { rxcui: string }[];
    assert.deepEqual(
      rows.map((r) => r.rxcui),
      ['864706'],
    );
    assert.ok((starterPack.parameters['Opioid Products'] as unknown[]).length > 900);
    assert.equal(parametersFor(starterPack, [])['Drug Classes'], starterPack.parameters['Drug Classes']);
  });
});
