/**
 * The terminology as other Node-side code reads it (the measures batch and its build): whole FHIR
 * ValueSet resources by canonical URL, and the OMTK opioid product table parsed once. The same sources
 * and precedence as the rule packs (a deployment's replacements, `local/`, `extra/`, `published/`:
 * see sources.ts), so a measure and a rule that name one value set match the same codes.
 *
 * @example
 * const [hba1c] = loadValueSets(['http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.198.12.1013']);
 * const oral = loadProducts().filter((p) => p.factor !== null && /\bOral\b/.test(p.form));
 */
import { readFileSync } from 'node:fs';
import type { ValueSet } from '@medplum/fhirtypes';
import { TERMINOLOGY_DIR, loadSources } from './sources';
import type { Sources } from './sources';

export interface CatalogOptions {
  /** Folder of the terminology (default src/terminology/). */
  root?: string;
  /** A deployment's folder of its own ValueSet expansions (VSAC `$expand` output). */
  replacements?: string;
  /** ValueSets of the caller's own, used only for URLs no source has (a measure's local sets). */
  also?: readonly ValueSet[];
}

const cache = new Map<string, Sources>();

function sources(options: CatalogOptions): Sources {
  const root = options.root ?? TERMINOLOGY_DIR;
  const key = `${root}\n${options.replacements ?? ''}`;
  let found = cache.get(key);
  if (!found) {
    found = loadSources(root, options.replacements ? { replacements: options.replacements } : {});
    cache.set(key, found);
  }
  return found;
}

/**
 * The version a value set is pinned at: its `version`, or where the publisher gives none (the CDC
 * opioid CDS sets) its expansion timestamp, which changes whenever the expansion does.
 *
 * @example
 * pinOf({ resourceType: 'ValueSet', status: 'active', version: '20240502' }); // '20240502'
 */
export function pinOf(set: ValueSet): string {
  return set.version ?? set.expansion?.timestamp ?? 'unversioned';
}

/**
 * One ValueSet resource, as its file holds it, by canonical URL (`url` or `url|version`); undefined
 * when no source has that URL, or not at that version.
 *
 * @example
 * findValueSet('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.103.12.1001|20240502')?.title; // 'Diabetes'
 */
export function findValueSet(canonical: string, options: CatalogOptions = {}): ValueSet | undefined {
  const [url = '', version] = canonical.split('|');
  const file = sources(options).valueSets.get(url)?.path;
  const set = file
    ? (JSON.parse(readFileSync(file, 'utf8')) as ValueSet)
    : options.also?.find((v) => v.url === url);
  return set && (version === undefined || version === pinOf(set)) ? set : undefined;
}

/**
 * The ValueSets with these canonical URLs, each once. Throws, naming every one missing (or at another
 * version), rather than let a measure or rule run with a value set silently empty.
 *
 * @example
 * loadValueSets(['http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.198.12.1013']);
 */
export function loadValueSets(canonicals: Iterable<string>, options: CatalogOptions = {}): ValueSet[] {
  const found: ValueSet[] = [];
  const missing: string[] = [];
  for (const canonical of new Set(canonicals)) {
    const set = findValueSet(canonical, options);
    if (set) found.push(set);
    else {
      const [url, version] = canonical.split('|');
      missing.push(version === undefined ? String(url) : `${url} at version ${version}`);
    }
  }
  if (missing.length) throw new Error(`value sets not found: ${missing.join(', ')}`);
  return found;
}

/** One product and opioid ingredient of the OMTK table, with its CDC 2022 factor (null: none). */
export interface ProductRecord {
  rxcui: string;
  ingredient: string;
  ingredientCode: string;
  /** Per unit of `unit` (MG, MG/ML, MG/HR, ...). */
  strength: number;
  unit: string;
  /** RxNorm dose form, e.g. 'Oral Tablet', 'Transdermal System'. */
  form: string;
  /** CDC 2022 MME factor; per mcg/hr for transdermal fentanyl (strength in MG/HR). */
  factor: number | null;
}

/**
 * The OMTK opioid product table, parsed and checked once (products.ts): every row with named fields.
 * Rows without a CDC 2022 factor are kept; filter on `factor` to count MME.
 *
 * @example
 * loadProducts().find((p) => p.rxcui === '864706'); // { rxcui: '864706', ingredient: 'Methadone', strength: 10, unit: 'MG', form: 'Oral Tablet', factor: 4.7, ... }
 */
export function loadProducts(options: Pick<CatalogOptions, 'root'> = {}): ProductRecord[] {
  return sources(options).products.rows.map(
    ([rxcui, ingredient, ingredientCode, strength, unit, form, factor]) => ({
      rxcui,
      ingredient,
      ingredientCode,
      strength,
      unit,
      form,
      factor,
    }),
  );
}
