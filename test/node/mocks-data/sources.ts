/*
 * What the generator's codes are checked against: the vendored publications (value-set expansions,
 * the OMTK opioid product table) and the public sample records' manifest, read from disk so the test
 * does not depend on the generator's own tables.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TERMINOLOGY = fileURLToPath(new URL('../../../src/terminology/', import.meta.url));
const SAMPLES = fileURLToPath(new URL('../../fixtures/fhir-samples/MANIFEST.json', import.meta.url));
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

/**
 * Three injectables whose RxNorm products are in a VSAC antibiotic medication value set (eCQM update
 * 2021-05-06) that is not vendored; they were read, with these names, from a copy of that expansion
 * through the code index (issue 9 work, see src/terminology/README.md).
 */
export const INDEX_VERIFIED: Record<string, string> = {
  '1807513': 'vancomycin 1000 MG Injection',
  '313996': 'gentamicin 40 MG/ML Injectable Solution',
  '1665021': 'ceftriaxone 1000 MG Injection',
};

/** ICD-10-CM codes of problems no starter rule reads, or that a local set holds (acute infections). */
export const LOCAL_OR_UNRULED = new Set([
  'J18.9',
  'L03.90',
  'N39.0',
  'G89.29',
  'F41.9',
  'E86.0',
  'K52.9',
  'R10.9',
  'J44.9',
]);

function valueSetFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return valueSetFiles(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

interface Contains {
  system?: string;
  code?: string;
  display?: string;
}

function expansions(): Contains[] {
  return ['published', 'extra'].flatMap((folder) =>
    valueSetFiles(join(TERMINOLOGY, folder)).flatMap((path) => {
      const json = JSON.parse(readFileSync(path, 'utf8')) as { expansion?: { contains?: Contains[] } };
      return json.expansion?.contains ?? [];
    }),
  );
}

/** `system|code` of every member of the vendored expansions. */
export function publishedMembers(): Set<string> {
  return new Set(expansions().map((c) => `${c.system}|${c.code}`));
}

/** RxNorm product code -> name, from the expansions, the OMTK table and the sample records. */
export function publishedProducts(): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of expansions()) if (c.system === RXNORM && c.code && c.display) out.set(c.code, c.display);
  const csv = readFileSync(
    join(TERMINOLOGY, 'published/opioid-mme-r4/omtk-opioid-drug-ingredients.csv'),
    'utf8',
  );
  for (const line of csv.split('\n').slice(1)) {
    const [code, name] = line.split(',');
    if (code && name) out.set(code, name);
  }
  const manifest = JSON.parse(readFileSync(SAMPLES, 'utf8')) as {
    files: { rxnorm?: { code: string; display: string }[] }[];
  };
  for (const f of manifest.files)
    for (const r of f.rxnorm ?? []) if (!out.has(r.code)) out.set(r.code, r.display);
  return out;
}

/** `system|code` of the members of one vendored VSAC expansion, by OID. */
export function valueSetMembers(oid: string): Set<string> {
  const path = join(TERMINOLOGY, `published/ecqm-qicore-2024/valueset/valueset-${oid}.json`);
  const json = JSON.parse(readFileSync(path, 'utf8')) as { expansion?: { contains?: Contains[] } };
  return new Set((json.expansion?.contains ?? []).map((c) => `${c.system}|${c.code}`));
}
