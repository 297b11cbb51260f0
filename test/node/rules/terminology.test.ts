/*
 * Every code the starter rules name, checked against its source: each value set of the pack against the
 * file it was built from (published, fetched or local) and its pin; branded products against their
 * generics; local sets against the published sets they are cut from, or their cited source; the drafted
 * orders, unit types and override reasons against the expansions and the HL7 code system.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ActivityDefinition, PlanDefinition } from '@medplum/fhirtypes';
import { STANDARD_OVERRIDE_REASONS } from '../../../src/cds/cards';
import { OVERRIDE_REASON_EXTENSION } from '../../../src/rules/engine/pack';
import { starterPack } from '../../../src/rules/packs/starter/index';
import { readValueSet } from '../../../src/terminology/valueset';
import { loincCheckDigitOk, snomedConceptIdOk } from '../mocks-data/check-digits';

const TERMINOLOGY = fileURLToPath(new URL('../../../src/terminology/', import.meta.url));
const read = (path: string): unknown => JSON.parse(readFileSync(`${TERMINOLOGY}${path}`, 'utf8'));
const source = (path: string) => readValueSet(read(path), path);
const key = (system: string, code: string) => `${system}|${code}`;
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const NON_ADHERENCE = 'http://terminology.hl7.org/CodeSystem/non-adherence-reason-codes';

/** Members of a pack value set, as `system|code`. */
const packMembers = (url: string) =>
  new Set((starterPack.valueSets[url] ?? []).map((c) => key(c.system, c.code)));

describe('value sets of the starter pack', () => {
  const urls = Object.keys(starterPack.valueSets);

  it('pins every value set by URL, version (where published) and source file', () => {
    assert.ok(urls.length >= 80, `${urls.length} value sets`);
    for (const url of urls) {
      const pin = starterPack.valueSetPins[url];
      assert.ok(pin, url);
      const vs = source(pin.source);
      assert.equal(vs.url, url);
      assert.equal(pin.version, vs.version, url);
      assert.equal(pin.expansion, vs.expansion, url);
    }
  });

  it('holds exactly the codes of each source, plus branded products of listed generics', () => {
    for (const url of urls) {
      const pin = starterPack.valueSetPins[url];
      const expected = new Set(source(pin?.source ?? '').members.map((m) => key(m.system, m.code)));
      for (const sbd of pin?.brands ?? []) expected.add(key(RXNORM, sbd));
      assert.deepEqual([...packMembers(url)].sort(), [...expected].sort(), url);
    }
  });

  it('uses the CMS122 diabetes set with E11.22, and the HbA1c set with 4549-2 and 96595-4', () => {
    const diabetes = packMembers(
      'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.103.12.1001',
    );
    assert.ok(diabetes.size >= 369 && diabetes.has(key('http://hl7.org/fhir/sid/icd-10-cm', 'E11.22')));
    const hba1c = packMembers(
      'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.198.12.1013',
    );
    for (const code of ['4548-4', '4549-2', '17855-8', '96595-4'])
      assert.ok(hba1c.has(key('http://loinc.org', code)), code);
  });
});

describe('branded products (local/rxnorm-brands.json)', () => {
  const brands = (read('local/rxnorm-brands.json') as { rows: string[][] }).rows;

  it('names each SBD as its generic SCD plus the brand, and adds it where the SCD is listed', () => {
    assert.ok(brands.length >= 2);
    for (const [sbd = '', name = '', scd = ''] of brands) {
      const generic = name.replace(/ \[[^\]]+\]$/, '');
      assert.notEqual(generic, name, `${sbd} names a brand`);
      const holding = Object.entries(starterPack.valueSets).filter(([, codes]) =>
        codes.some((c) => c.system === RXNORM && c.code === scd),
      );
      assert.ok(holding.length > 0, `${scd} is in a pack value set`);
      for (const [url, codes] of holding) {
        assert.equal(codes.find((c) => c.code === scd)?.display?.toLowerCase(), generic.toLowerCase(), url);
        assert.ok(packMembers(url).has(key(RXNORM, sbd)), `${sbd} added to ${url}`);
      }
    }
  });
});

describe('local value sets (src/terminology/local)', () => {
  const locals = Object.entries(starterPack.valueSetPins).filter(([, pin]) =>
    pin.source.startsWith('local/'),
  );

  it('cuts subsets from published sets with the published codes and names, or cites a source per code', () => {
    assert.ok(locals.length >= 9);
    for (const [url, pin] of locals) {
      const json = read(pin.source) as { extension?: { url: string; valueCanonical?: string }[] };
      const parent = json.extension?.find((e) => e.url.endsWith('/subset-of'))?.valueCanonical;
      const vs = source(pin.source);
      if (parent) {
        const parentPin = starterPack.valueSetPins[parent];
        const published = parentPin
          ? source(parentPin.source)
          : readValueSet(
              read(`published/ecqm-qicore-2024/valueset/valueset-${parent.split('/').pop()}.json`),
            );
        const names = new Map(published.members.map((m) => [key(m.system, m.code), m.display]));
        for (const m of vs.members)
          assert.equal(names.get(key(m.system, m.code)), m.display, `${url} ${m.code}`);
        continue;
      }
      const concepts = (
        read(pin.source) as { compose: { include: { concept: { extension?: unknown[] }[] }[] } }
      ).compose.include.flatMap((i) => i.concept);
      assert.ok(
        concepts.every((c) => (c.extension?.length ?? 0) > 0),
        `${url}: a source per code`,
      );
      for (const m of vs.members) {
        if (m.system === 'http://loinc.org') assert.ok(loincCheckDigitOk(m.code), m.code);
        if (m.system === 'http://snomed.info/sct') assert.ok(snomedConceptIdOk(m.code), m.code);
      }
    }
  });

  it('names nephrotoxins and other drug classes by RxNorm ingredient names', () => {
    const classes = starterPack.parameters['Drug Classes'] as { class: string; ingredient: string }[];
    const nephrotoxins = classes.filter((c) => c.class === 'nephrotoxin').map((c) => c.ingredient);
    for (const n of [
      'amphotericin B',
      'acyclovir',
      'tacrolimus',
      'cyclosporine',
      'colistimethate',
      'lithium',
      'iohexol',
    ])
      assert.ok(nephrotoxins.includes(n), n);
    assert.ok(!nephrotoxins.includes('aciclovir'), 'RxNorm spells it acyclovir');
  });
});

describe('the OMTK product table as the opioid rule reads it', () => {
  const rows = starterPack.parameters['Opioid Products'] as {
    rxcui: string;
    factor: number | null;
    unit: string;
  }[];
  const row = (rxcui: string) => rows.find((r) => r.rxcui === rxcui);

  it('has every row of the published CSV, with the CDC 2022 factors', () => {
    const csv = readFileSync(
      `${TERMINOLOGY}published/opioid-mme-r4/omtk-opioid-drug-ingredients.csv`,
      'utf8',
    );
    assert.equal(rows.length, csv.trim().split('\n').length - 1);
    assert.equal(row('864706')?.factor, 4.7); // methadone 10 mg: one factor
    assert.equal(row('245134')?.factor, 2.4); // fentanyl 25 mcg/hr patch, per mcg/hr
    assert.equal(row('904870')?.factor, null); // buprenorphine: no CDC 2022 factor
    assert.equal(row('1666831')?.factor, null); // Ionsys, MG/ACTUAT: the per mcg/hr factor does not apply
  });
});

describe('codes in the PlanDefinitions', () => {
  const pds = starterPack.planDefinitions as PlanDefinition[];
  const activities = pds.flatMap((pd) =>
    (pd.contained ?? []).filter((r): r is ActivityDefinition => r.resourceType === 'ActivityDefinition'),
  );
  const inAny = (system: string, code: string) =>
    Object.values(starterPack.valueSets).some((codes) =>
      codes.some((c) => c.system === system && c.code === code),
    );

  it('drafts orders with product and test codes from the value sets the rules match', () => {
    const codes = activities.flatMap((a) => [
      ...(a.productCodeableConcept?.coding ?? []),
      ...(a.code?.coding ?? []),
    ]);
    assert.deepEqual(codes.map((c) => c.code).sort(), [
      '1659263',
      '1725059',
      '2160-0',
      '4548-4',
      '617310',
      '617311',
      '854235',
    ]);
    for (const c of codes) assert.ok(inAny(c.system ?? '', c.code ?? ''), c.code);
    assert.ok(
      activities.every((a) => !a.productCodeableConcept?.coding?.some((c) => /^\d{3,5}$/.test(c.code ?? ''))),
    );
  });

  it('limits VTE to unit types of the published ICU set (besides the HL7 role codes), no surgical or trauma unit', () => {
    const venues = pds
      .flatMap((pd) => pd.useContext ?? [])
      .flatMap((u) => u.valueCodeableConcept?.coding ?? []);
    const icu = source('published/ecqm-qicore-2024/valueset/valueset-2.16.840.1.113762.1.4.1029.206.json');
    const names = new Map(icu.members.map((m) => [key(m.system, m.code), m.display]));
    for (const v of venues.filter((x) => !x.system?.includes('v3-RoleCode'))) {
      assert.equal(names.get(key(v.system ?? '', v.code ?? '')), v.display, v.code);
      assert.doesNotMatch(v.display ?? '', /^(surgical|neurosurgical|trauma|burn|pediatric|prenatal)/i);
    }
    const codes = new Set(venues.map((v) => v.code));
    for (const surgical of ['1030-6', '1031-4', '1032-2', '1025-6', '418433008', '448391000124102'])
      assert.ok(!codes.has(surgical), surgical);
  });

  it('offers override reasons with the codes and displays of the HL7 code system', () => {
    const cs = read('published/cds-hooks/CodeSystem-non-adherence-reason-codes.json') as {
      concept: { code: string; display: string; concept?: { code: string; display: string }[] }[];
    };
    const display = new Map(
      cs.concept.flatMap((c) => [
        [c.code, c.display],
        ...(c.concept ?? []).map((x) => [x.code, x.display]),
      ]) as [string, string][],
    );
    assert.deepEqual(
      STANDARD_OVERRIDE_REASONS.map((r) => [r.system, r.code, r.display]),
      cs.concept.map((c) => [NON_ADHERENCE, c.code, c.display]),
    );
    assert.equal(display.get('cds-suboptimal-context'), 'PC CDS delivered in suboptimal context');
    for (const pd of pds) {
      const own = (pd.action?.[0]?.extension ?? []).filter((e) => e.url === OVERRIDE_REASON_EXTENSION);
      assert.ok(own.length >= 2, pd.id);
      for (const { valueCoding: c } of own) {
        assert.equal(c?.system, NON_ADHERENCE, pd.id);
        assert.equal(c?.display, display.get(c?.code ?? ''), `${pd.id} ${c?.code}`);
        assert.ok(!cs.concept.some((top) => top.code === c?.code), `${pd.id}: ${c?.code} is a child code`);
      }
    }
  });

  it('cites in each PlanDefinition the guideline line behind every exclusion', () => {
    for (const pd of pds) {
      const reasons = (pd.relatedArtifact ?? []).filter((a) => a.type === 'justification');
      assert.ok(reasons.length >= 1 && reasons.every((a) => a.label && a.citation), pd.id);
    }
  });
});
