/**
 * A rule pack's terminology, worked out from its CQL: every `valueset` a library declares is looked up
 * by URL in the sources and written compactly with its pin (version, expansion, source file), branded
 * products of listed generics are added (from the brand map, and from published sets that list them
 * by RxNorm name), and every `parameter` the pack declares that the terminology provides (the opioid
 * product table, the drug classes) is filled in. Pure: the caller reads the files and writes the
 * results.
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

/**
 * Branded products (SBD) that published sets list by their RxNorm name ("naloxone hydrochloride 40 MG/ML
 * Nasal Spray [Narcan]" in the CDC naloxone set), by the lower-case name of their generic.
 */
function publishedBrands(sources: Sources): Map<string, { sbd: string; name: string }[]> {
  const byGeneric = new Map<string, { sbd: string; name: string }[]>();
  for (const { vs } of sources.valueSets.values())
    for (const m of vs.members) {
      const generic = m.system === RXNORM ? /^(.+?) \[[^\]]+\]$/.exec(m.display ?? '')?.[1] : undefined;
      if (!generic || !m.display) continue;
      const list = byGeneric.get(generic.toLowerCase()) ?? [];
      if (!list.some((b) => b.sbd === m.code)) list.push({ sbd: m.code, name: m.display });
      byGeneric.set(generic.toLowerCase(), list);
    }
  return byGeneric;
}

/**
 * Adds the branded products whose generic is in the set (kept apart from the published codes): those
 * of the brand map, and those another published set lists under the generic's RxNorm name.
 */
function withBrands(
  entry: PackValueSet,
  sources: Sources,
  listed: Map<string, { sbd: string; name: string }[]>,
): PackValueSet {
  const generics = new Set(entry.codes[RXNORM] ?? []);
  const mapped = sources.brands.filter((b) => generics.has(b.scd));
  const named = Object.values(entry.names ?? {}).flatMap((n) => listed.get(n.toLowerCase()) ?? []);
  const byCode = new Map([...mapped, ...named].map((b) => [b.sbd, b]));
  const brands = [...byCode.values()].filter((b) => !generics.has(b.sbd));
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
  const listed = publishedBrands(sources);
  for (const url of urls) {
    const found = sources.valueSets.get(url);
    if (!found) {
      problems.push(`value set ${url}: no published, local or replacement expansion with codes has this url`);
      continue;
    }
    valueSets[url] = withBrands(packEntry(found.vs, found.source), sources, listed);
  }
  for (const name of [...new Set(cqlTexts.flatMap(declaredParameters))].sort()) {
    const make = PARAMETERS[name];
    if (make) parameters[name] = make(sources);
    else problems.push(`parameter "${name}": the terminology build does not provide it`);
  }
  return { valueSets, parameters, problems };
}
