/*
 * The terminology as the measures read it (src/terminology/catalog.ts): whole ValueSet resources by
 * canonical URL, pinned versions, a deployment's replacements and a caller's own sets, and the OMTK
 * product table with named fields.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValueSet } from '@medplum/fhirtypes';
import { findValueSet, loadProducts, loadValueSets, pinOf } from '../../../src/terminology/catalog';

const PUBLISHED = fileURLToPath(new URL('../../../src/terminology/published/', import.meta.url));
const DIABETES = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.103.12.1001';
const manifest = JSON.parse(readFileSync(join(PUBLISHED, 'MANIFEST.json'), 'utf8')) as {
  files: { file: string; url?: string }[];
};
const published = manifest.files.filter((f) => f.url && f.file.includes('/valueset/'));

describe('value sets by canonical URL', () => {
  it('gives every published value set exactly as its vendored file holds it', () => {
    assert.ok(published.length > 140);
    for (const f of published) {
      const file = JSON.parse(readFileSync(join(PUBLISHED, f.file), 'utf8')) as ValueSet;
      assert.deepEqual(loadValueSets([f.url ?? '']), [file], f.file);
    }
  });

  it('checks a pinned version: the version, or the expansion timestamp where there is none', () => {
    const [diabetes] = loadValueSets([DIABETES]);
    assert.equal(diabetes && pinOf(diabetes), '20220924');
    assert.equal(findValueSet(`${DIABETES}|20220924`)?.title, 'Diabetes');
    assert.equal(findValueSet(`${DIABETES}|20190315`), undefined);
    const hospice = 'http://fhir.org/guides/cdc/opioid-cds/ValueSet/hospice-finding';
    const [cdc] = loadValueSets([hospice]);
    assert.equal(cdc?.version, undefined);
    assert.equal(findValueSet(`${hospice}|${cdc?.expansion?.timestamp}`)?.url, hospice);
  });

  it('names every value set it cannot give, rather than give an empty one', () => {
    assert.throws(
      () => loadValueSets([DIABETES, 'http://example.org/ValueSet/a', `${DIABETES}|1999`]),
      /value sets not found: http:\/\/example.org\/ValueSet\/a, http:\/\/cts.+1001 at version 1999/,
    );
  });

  it("uses a caller's own sets only for URLs no source has", () => {
    const own: ValueSet[] = [
      { resourceType: 'ValueSet', status: 'active', url: 'http://example.org/ValueSet/own', title: 'Own' },
      { resourceType: 'ValueSet', status: 'active', url: DIABETES, title: 'Shadow' },
    ];
    const sets = loadValueSets(['http://example.org/ValueSet/own', DIABETES], { also: own });
    assert.deepEqual(
      sets.map((s) => s.title),
      ['Own', 'Diabetes'],
    );
  });

  it("takes a deployment's replacement expansion over the published one", () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
    try {
      const vsac = {
        resourceType: 'ValueSet',
        url: DIABETES,
        version: '20260101',
        title: 'Diabetes (refreshed)',
        expansion: { contains: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'E11.9' }] },
      };
      writeFileSync(join(dir, 'diabetes.json'), JSON.stringify(vsac));
      assert.equal(findValueSet(DIABETES, { replacements: dir })?.title, 'Diabetes (refreshed)');
      assert.equal(findValueSet(`${DIABETES}|20220924`, { replacements: dir }), undefined);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});

describe('the OMTK product table', () => {
  const csv = readFileSync(join(PUBLISHED, 'opioid-mme-r4/omtk-opioid-drug-ingredients.csv'), 'utf8');

  it('has one record per line of the table, with named fields', () => {
    const products = loadProducts();
    assert.equal(products.length, csv.trim().split(/\r?\n/).length - 1);
    assert.deepEqual(
      products.find((p) => p.rxcui === '864706'),
      {
        rxcui: '864706',
        ingredient: 'Methadone',
        ingredientCode: '6813',
        strength: 10,
        unit: 'MG',
        form: 'Oral Tablet',
        factor: 4.7,
      },
    );
  });

  it('keeps products without a CDC 2022 factor, as null, and fentanyl patches per mcg/hr', () => {
    const products = loadProducts();
    assert.ok(products.some((p) => p.ingredient === 'Buprenorphine' && p.factor === null));
    const patch = products.find((p) => p.form === 'Transdermal System' && p.ingredient === 'Fentanyl');
    assert.equal(patch?.unit, 'MG/HR');
    assert.equal(patch?.factor, 2.4);
  });
});
