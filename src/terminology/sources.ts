/**
 * Where a value set's codes come from, in order of precedence: a deployment's own expansions (a folder
 * of FHIR ValueSet JSON, for example VSAC `$expand` output), the project's local sets (`local/`), the
 * extra published sets fetched since the vendoring (`extra/`), and the vendored publications
 * (`published/`, never edited). Files are matched by ValueSet.url, not by name.
 *
 * @example
 * const sources = loadSources(TERMINOLOGY_DIR, { replacements: '/etc/learning-loop/vsac' });
 * sources.valueSets.get('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.103.12.1001')?.source;
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { productTable } from './products';
import type { ProductTable } from './products';
import { readValueSet } from './valueset';
import type { ValueSetSource } from './valueset';

export const TERMINOLOGY_DIR = fileURLToPath(new URL('./', import.meta.url));

export interface SourcedValueSet {
  vs: ValueSetSource;
  /** Relative to src/terminology/, or `replacement:<file name>`. */
  source: string;
  /** The file it was read from (absolute), for callers that need the whole ValueSet resource. */
  path: string;
}

export interface BrandRow {
  sbd: string;
  name: string;
  scd: string;
  source: string;
}

export interface DrugClassTable {
  source: string;
  columns: string[];
  rows: (string | null)[][];
}

export interface Sources {
  valueSets: Map<string, SourcedValueSet>;
  brands: BrandRow[];
  products: ProductTable;
  drugClasses: DrugClassTable;
}

export const OMTK_CSV = 'published/opioid-mme-r4/omtk-opioid-drug-ingredients.csv';
const LOCAL_NON_VALUESETS = new Set(['drug-classes.json', 'rxnorm-brands.json']);

function jsonFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith('.json') && !LOCAL_NON_VALUESETS.has(name) ? [path] : [];
  });
}

function isValueSetFile(path: string): boolean {
  const head = readFileSync(path, 'utf8').slice(0, 400);
  return /"resourceType"\s*:\s*"ValueSet"/.test(head);
}

/** Every ValueSet under `dir`, by URL; a later folder of `order` wins over an earlier one. */
function addFolder(into: Map<string, SourcedValueSet>, dir: string, label: (path: string) => string): void {
  for (const path of jsonFiles(dir)) {
    if (!isValueSetFile(path)) continue;
    const source = label(path);
    const vs = readValueSet(JSON.parse(readFileSync(path, 'utf8')), source);
    // A definition by filters only (the HL7 non-adherence ValueSets) has nothing to match on.
    if (vs.members.length) into.set(vs.url, { vs, source, path });
  }
}

function readTable<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Loads every source; `replacements` is a folder of a deployment's own ValueSet expansions. */
export function loadSources(root = TERMINOLOGY_DIR, options: { replacements?: string } = {}): Sources {
  const valueSets = new Map<string, SourcedValueSet>();
  const rel = (path: string) => relative(root, path).split('\\').join('/');
  addFolder(valueSets, join(root, 'published'), rel);
  addFolder(valueSets, join(root, 'extra'), rel);
  addFolder(valueSets, join(root, 'local'), rel);
  if (options.replacements) {
    const dir = options.replacements;
    addFolder(valueSets, dir, (path) => `replacement:${relative(dir, path).split('\\').join('/')}`);
  }
  const brands = readTable<{ rows: string[][] }>(join(root, 'local/rxnorm-brands.json')).rows.map(
    ([sbd = '', name = '', scd = '', source = '']) => ({ sbd, name, scd, source }),
  );
  const classes = readTable<{ columns: string[]; rows: (string | null)[][] }>(
    join(root, 'local/drug-classes.json'),
  );
  return {
    valueSets,
    brands,
    products: productTable(readFileSync(join(root, OMTK_CSV), 'utf8'), OMTK_CSV),
    drugClasses: { source: 'local/drug-classes.json', columns: classes.columns, rows: classes.rows },
  };
}
