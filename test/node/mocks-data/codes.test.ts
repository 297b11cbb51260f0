import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Coding, Quantity } from '@medplum/fhirtypes';
import { generateDataset } from '../../../mocks/data/index';
import { loincCheckDigitOk, snomedConceptIdOk } from './check-digits';
import { INDEX_VERIFIED, LOCAL_OR_UNRULED, publishedMembers, publishedProducts } from './sources';

const data = generateDataset();

function collect(value: unknown, codings: Coding[], quantities: Quantity[]): void {
  if (Array.isArray(value)) value.forEach((v) => collect(v, codings, quantities));
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.system === 'string' && typeof o.code === 'string') {
      if ('value' in o) quantities.push(o as Quantity);
      else codings.push(o as Coding);
    }
    Object.values(o).forEach((v) => collect(v, codings, quantities));
  }
}

const codings: Coding[] = [];
const quantities: Quantity[] = [];
collect(data.resources, codings, quantities);
const codesIn = (system: string) =>
  new Set(codings.filter((c) => c.system === system).map((c) => c.code ?? ''));

describe('codes', () => {
  it('uses LOINC codes with valid check digits, including every starter-rule input', () => {
    const loinc = codesIn('http://loinc.org');
    for (const code of loinc) assert.ok(loincCheckDigitOk(code), code);
    for (const needed of [
      '8867-4',
      '8480-6',
      '29463-7',
      '777-3',
      '2160-0',
      '14682-9',
      '4548-4',
      '2093-3',
      '2085-9',
      '72166-2',
    ]) {
      assert.ok(loinc.has(needed), needed);
    }
  });

  it('uses well-formed SNOMED CT concept ids', () => {
    const snomed = codesIn('http://snomed.info/sct');
    assert.ok(snomed.has('44054006'));
    for (const id of snomed) assert.ok(snomedConceptIdOk(id), id);
  });

  it('codes every order as an RxNorm product, named as a published source names it', () => {
    const known = publishedProducts();
    const rx = codings.filter((x) => x.system === 'http://www.nlm.nih.gov/research/umls/rxnorm');
    assert.ok(rx.length > 80);
    for (const c of rx) {
      const name = known.get(c.code ?? '') ?? INDEX_VERIFIED[c.code ?? ''];
      assert.equal(name?.toLowerCase(), c.display?.toLowerCase(), `RxNorm ${c.code}`);
    }
  });

  it('codes the problems the rules decide on with codes of the published value sets', () => {
    const members = publishedMembers();
    for (const c of codings.filter((x) => x.system === 'http://hl7.org/fhir/sid/icd-10-cm')) {
      if (LOCAL_OR_UNRULED.has(c.code ?? '')) continue;
      assert.ok(members.has(`${c.system}|${c.code}`), `ICD-10-CM ${c.code}`);
    }
  });

  it('codes procedures in SNOMED CT with codes of the published value sets the rules read', () => {
    const members = publishedMembers();
    const procedures = data.resources.filter((r) => r.resourceType === 'Procedure');
    assert.ok(procedures.length >= 6);
    for (const p of procedures) {
      const found: Coding[] = [];
      collect(p, found, []);
      assert.ok(found.length > 0 && found.every((c) => members.has(`${c.system}|${c.code}`)), p.id);
    }
  });

  it('sends every quantity in UCUM', () => {
    assert.ok(quantities.length > 300);
    const units = new Set(quantities.map((q) => q.code));
    for (const q of quantities) assert.equal(q.system, 'http://unitsofmeasure.org');
    for (const u of [
      '/min',
      'mm[Hg]',
      'kg',
      '10*3/uL',
      'mg/dL',
      'umol/L',
      '%',
      'mg',
      '[iU]',
      '{tbl}',
      '{spray}',
    ])
      assert.ok(units.has(u), u);
  });

  it('uses the HL7 location physical types and encounter classes', () => {
    assert.deepEqual([...codesIn('http://terminology.hl7.org/CodeSystem/location-physical-type')].sort(), [
      'bd',
      'ro',
      'wa',
    ]);
    assert.deepEqual([...codesIn('http://terminology.hl7.org/CodeSystem/v3-ActCode')].sort(), [
      'ACUTE',
      'IMP',
    ]);
  });
});
