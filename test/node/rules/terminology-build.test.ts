/*
 * The terminology build: value sets found by URL with a deployment's own expansions taking precedence,
 * missing sources reported, the product table's bad lines reported with file and line, and the command
 * line's help, errors and check mode.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPackTerminology } from '../../../src/terminology/pack-build';
import { TableError, productTable } from '../../../src/terminology/products';
import { loadSources } from '../../../src/terminology/sources';
import { readValueSet } from '../../../src/terminology/valueset';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DIABETES = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.103.12.1001';
const cql = (url: string) =>
  `library X version '1'\nvalueset "V": '${url}'\nparameter "Opioid Products" List<Integer>\n`;

describe('value sets by URL', () => {
  it('takes the published expansion, pinned by version and expansion', () => {
    const built = buildPackTerminology([cql(DIABETES)], loadSources());
    assert.deepEqual(built.problems, []);
    const entry = built.valueSets[DIABETES];
    assert.equal(entry?.version, '20220924');
    assert.equal(entry?.expansion, '20240502');
    assert.match(entry?.source ?? '', /^published\/ecqm-qicore-2024\/valueset\/valueset-2\.16\.840/);
    assert.equal(built.parameters['Opioid Products']?.key, 'rxcui');
  });

  it("uses a deployment's own expansion of the same URL instead (the VSAC replacement step)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'vsac-'));
    try {
      const vsac = {
        resourceType: 'ValueSet',
        url: DIABETES,
        version: '20260101',
        title: 'Diabetes',
        expansion: {
          identifier: 'local-refresh',
          contains: [
            {
              system: 'http://hl7.org/fhir/sid/icd-10-cm',
              code: 'E11.9',
              display: 'Type 2 diabetes mellitus without complications',
            },
          ],
        },
      };
      writeFileSync(join(dir, 'diabetes.json'), JSON.stringify(vsac));
      const entry = buildPackTerminology([cql(DIABETES)], loadSources(undefined, { replacements: dir }))
        .valueSets[DIABETES];
      assert.equal(entry?.source, 'replacement:diabetes.json');
      assert.equal(entry?.version, '20260101');
      assert.deepEqual(entry?.codes, { 'http://hl7.org/fhir/sid/icd-10-cm': ['E11.9'] });
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('reports a value set no source has, and a parameter it cannot fill', () => {
    const built = buildPackTerminology(
      ['valueset "Nope": \'http://example.org/ValueSet/nope\'\nparameter "Mystery" Integer'],
      loadSources(),
    );
    assert.equal(built.problems.length, 2);
    assert.match(built.problems[0] ?? '', /http:\/\/example.org\/ValueSet\/nope/);
    assert.match(built.problems[1] ?? '', /"Mystery"/);
  });

  it('reads nested expansions and compose-only local sets, and keeps names only for generic-only drug sets', () => {
    const vs = readValueSet({
      resourceType: 'ValueSet',
      url: 'u',
      expansion: { contains: [{ system: 's', code: 'a', contains: [{ system: 's', code: 'b' }] }] },
    });
    assert.deepEqual(
      vs.members.map((m) => m.code),
      ['a', 'b'],
    );
    const composed = readValueSet({
      resourceType: 'ValueSet',
      url: 'v',
      compose: { include: [{ system: 's', concept: [{ code: 'c', display: 'C' }] }] },
    });
    assert.deepEqual(composed.members, [{ system: 's', code: 'c', display: 'C' }]);
  });
});

describe('the product table', () => {
  const header =
    'rxcui,drug_name,dose_form_rxcui,dose_form_name,ingredient_rxcui,ingredient_name,strength,strength_value,strength_unit,long_acting_derived,transdermal_derived,in_cdc_extended_release_valueset,cdc2022_mme_factor,cdc2022_factor_unit,factor_note';

  it('names the file and line of a bad row', () => {
    const bad = `${header}\n864706,methadone 10 MG Oral Tablet,1,Oral Tablet,6813,Methadone,10 MG,ten,MG,Y,N,Y,4.7,MME per mg,x\n`;
    assert.throws(
      () => productTable(bad, 'table.csv'),
      (e: unknown) => e instanceof TableError && /table\.csv:2:/.test(e.message),
    );
  });

  it('drops the per mcg/hr factor from a product whose strength is not per hour', () => {
    const row =
      '1666831,80 ACTUAT fentanyl 0.04 MG/ACTUAT Transdermal System,316987,Transdermal System,4337,Fentanyl,0.04 MG/ACTUAT,0.04,MG/ACTUAT,Y,Y,Y,2.4,MME per mcg/hr,n';
    assert.equal(productTable(`${header}\n${row}\n`, 't').rows[0]?.[6], null);
  });
});

describe('command line', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/terminology/cli.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
    });

  it(
    'prints help, refuses unknown options with exit 2, and finds the starter pack up to date',
    { timeout: 60_000 },
    () => {
      const help = cli('--help');
      assert.equal(help.status, 0);
      assert.match(help.stdout, /--replace DIR/);
      const bad = cli('--nope');
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /unknown option --nope/);
      const check = cli('--check', 'src/rules/packs/starter');
      assert.equal(check.status, 0, check.stderr);
      assert.match(check.stdout, /value sets \(\d+ codes\), 2 parameter tables/);
    },
  );
});
