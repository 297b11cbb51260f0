/**
 * A rule pack's terminology, worked out from its CQL: every `valueset` a library declares is looked up
 * by URL in the sources and written compactly with its pin (version, expansion, source file), branded
 * products of listed generics are added from the brand map, and every `parameter` the pack declares
 * that the terminology provides (the opioid product table, the drug classes) is filled in. Pure: the
 * caller reads the files and writes the results.
 *
 * @example
 * const built = buildPackTerminology([readFileSync('OpioidSafety.cql', 'utf8')], loadSources());
 * built.problems; // [] when every value set and parameter was found
 */
import { RXNORM, declaredParameters, declaredValueSets, packEntry } from './valueset';
import type { PackValueSet } from './valueset';
import type { Sources } from './sources';

export interface PackParameter {
  source: string;
  columns: readonly string[];
  /** A column the engine selects rows by (the patient's codes). */
  key?: string;
  rows: unknown[][];
}

export interface PackTerminology {
  valueSets: Record<string, PackValueSet>;
  parameters: Record<string, PackParameter>;
  /** Declared value sets or parameters no source provides. */
  problems: string[];
}

/** Parameters the terminology can fill, by the name the CQL declares them with. */
const PARAMETERS: Record<string, (sources: Sources) => PackParameter> = {
  'Opioid Products': (s) => s.products,
  'Drug Classes': (s) => s.drugClasses,
};

/** Adds the branded products whose generic is in the set (kept apart from the published codes). */
function withBrands(entry: PackValueSet, sources: Sources): PackValueSet {
  const generics = new Set(entry.codes[RXNORM] ?? []);
  const brands = sources.brands.filter((b) => generics.has(b.scd) && !generics.has(b.sbd));
  if (!brands.length) return entry;
  return {
    ...entry,
    codes: { ...entry.codes, [RXNORM]: [...generics, ...brands.map((b) => b.sbd)].sort() },
    names: { ...entry.names, ...Object.fromEntries(brands.map((b) => [b.sbd, b.name])) },
    brands: brands.map((b) => b.sbd).sort(),
  };
}

export function buildPackTerminology(cqlTexts: readonly string[], sources: Sources): PackTerminology {
  const valueSets: Record<string, PackValueSet> = {};
  const parameters: Record<string, PackParameter> = {};
  const problems: string[] = [];
  const urls = [...new Set(cqlTexts.flatMap((t) => declaredValueSets(t).map((d) => d.url)))].sort();
  for (const url of urls) {
    const found = sources.valueSets.get(url);
    if (!found) {
      problems.push(`value set ${url}: no published, local or replacement expansion with codes has this url`);
      continue;
    }
    valueSets[url] = withBrands(packEntry(found.vs, found.source), sources);
  }
  for (const name of [...new Set(cqlTexts.flatMap(declaredParameters))].sort()) {
    const make = PARAMETERS[name];
    if (make) parameters[name] = make(sources);
    else problems.push(`parameter "${name}": the terminology build does not provide it`);
  }
  return { valueSets, parameters, problems };
}
