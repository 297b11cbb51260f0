/*
 * The rules worker bundles ucum-lhc's unit table without its text for people (see
 * src/rules/build/engine-bundling.mjs). Here that slim table is what ucum-lhc loads: lab units still
 * validate and convert, and the starter rules still fire exactly for their synthetic trigger patients.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { slimUcumDefinitions } from '../../../src/rules/build/engine-bundling.mjs';

const require = createRequire(import.meta.url);

interface Ucum {
  validateUnitString(unit: string): { status: string };
  convertUnitTo(from: string, value: number, to: string): { status: string; toVal: number };
}
let ucum: Ucum;

describe('the slim UCUM table of the rules worker', () => {
  before(() => {
    // Seed the module cache before anything loads ucum-lhc, so it reads the slim table.
    const path = require.resolve('@lhncbc/ucum-lhc/data/ucumDefs.min.json');
    const Module = require('node:module') as { prototype: object };
    const seeded = Object.assign(Object.create(Module.prototype) as object, {
      id: path,
      filename: path,
      loaded: true,
      exports: slimUcumDefinitions(),
    });
    (require.cache as Record<string, unknown>)[path] = seeded;
    const lhc = require('@lhncbc/ucum-lhc') as { UcumLhcUtils: { getInstance(): Ucum } };
    ucum = lhc.UcumLhcUtils.getInstance();
  });

  it('validates the units labs and vitals arrive in', () => {
    for (const unit of [
      'mg/dL',
      'umol/L',
      'mmol/mol',
      '%',
      '10*3/uL',
      'mL/min/{1.73_m2}',
      'kg',
      '[lb_av]',
      'mm[Hg]',
      'mg/d',
    ])
      assert.equal(ucum.validateUnitString(unit).status, 'valid', unit);
    assert.notEqual(ucum.validateUnitString('[furlong]/wk').status, 'valid');
  });

  it('converts between units', () => {
    assert.equal(ucum.convertUnitTo('mg/dL', 1.5, 'g/L').toVal, 0.015);
    assert.ok(Math.abs(ucum.convertUnitTo('[lb_av]', 220, 'kg').toVal - 99.79) < 0.01);
    assert.equal(ucum.convertUnitTo('mmol/L', 0.088, 'umol/L').toVal, 88);
  });

  it('every synthetic patient gets exactly the prompts its tags name, with no rule errors', async () => {
    const { runPack } = await import('./run-pack');
    const { starterPack } = await import('../../../src/rules/packs/starter/index');
    const { NOW, bundleFor, data, expectedRules, ruleIds, unitTypesFor } = await import('./helpers');
    for (const patient of data().patients) {
      const unitTypes = unitTypesFor(patient);
      const result = await runPack(starterPack, bundleFor(patient.id), NOW, unitTypes ? { unitTypes } : {});
      assert.deepEqual(ruleIds(result.cards).sort(), expectedRules(patient).sort(), patient.id);
      assert.deepEqual(result.errors, [], patient.id);
    }
  });
});
