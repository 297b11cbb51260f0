/*
 * The rules worker ships a FHIR R4 model cut to the types the packs reach (see
 * src/rules/build/engine-bundling.mjs). Here the starter rules run on every synthetic patient (and
 * the public samples, when present) with that model and with the full one: the cards must be the same.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { FHIRWrapper } from 'cql-exec-fhir';
import { prunedR4ModelInfo } from '../../../src/rules/build/engine-bundling.mjs';
import { sharedWrapper, type RecordWrapper } from '../../../src/rules/engine/index';
import { runPack } from './run-pack';
import { starterPack } from '../../../src/rules/packs/starter/index';
import { NOW, bundleFor, data, unitTypesFor } from './helpers';

/** A wrapper over the pruned model: cql-exec-fhir's loader asks xml2js, which answers with it here. */
function prunedWrapper(): RecordWrapper {
  const xml2js = createRequire(import.meta.url)('xml2js') as { parseString: unknown };
  const real = xml2js.parseString;
  xml2js.parseString = (_xml: string, _options: unknown, callback: (e: null, r: unknown) => void) =>
    callback(null, prunedR4ModelInfo());
  try {
    return FHIRWrapper.FHIRv401() as unknown as RecordWrapper;
  } finally {
    xml2js.parseString = real;
  }
}

describe('the pruned FHIR model of the rules worker', () => {
  it('keeps a small part of the model', () => {
    const model = prunedR4ModelInfo() as { modelInfo: { typeInfo: { $: { name: string } }[] } };
    const names = model.modelInfo.typeInfo.map((t) => t.$.name);
    assert.ok(
      names.includes('Observation') && names.includes('MedicationRequest') && names.includes('Quantity'),
    );
    assert.ok(!names.includes('Claim'), 'a resource no rule reads is left out');
    assert.ok(names.length < 200, `${names.length} types kept`);
  });

  it('gives the same cards as the full model on every synthetic patient', async () => {
    const pruned = prunedWrapper();
    let withCards = 0;
    for (const patient of data().patients) {
      const bundle = bundleFor(patient.id);
      const unitTypes = unitTypesFor(patient);
      const options = unitTypes ? { unitTypes } : {};
      const full = await runPack(starterPack, bundle, NOW, { ...options, wrapper: sharedWrapper() });
      const small = await runPack(starterPack, bundle, NOW, { ...options, wrapper: pruned });
      assert.deepEqual(small.cards, full.cards, patient.id);
      assert.deepEqual(small.errors, full.errors, patient.id);
      if (full.cards.length) withCards++;
    }
    assert.ok(withCards >= 10, `only ${withCards} patients had cards: the comparison proves little`);
  });
});
