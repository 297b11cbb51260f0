/**
 * Branded products for the measures, as the rule packs get them: the published eCQM medication sets
 * list generic products (SCD) only, so an order that carries a brand's code alone (SBD: Eliquis, Xarelto,
 * Lipitor, Narcan, ...) would match nothing. The terminology build's `buildPackTerminology` works out,
 * from a library's CQL, which SBDs belong to each declared set (the brand map of
 * `src/terminology/local/rxnorm-brands.json`, and the branded products other published sets list under
 * a generic's RxNorm name: Narcan, Kloxxado and Zimhi for Opioid Antagonist); they are added here to the
 * loaded ValueSet's expansion, its pinned version unchanged. Node only.
 *
 * @example
 * const sets = withBrandedProducts(measureValueSets(pins), [cqlText]);
 */
import type { Library, ValueSet, ValueSetExpansionContains } from '@medplum/fhirtypes';
import { buildPackTerminology } from '../terminology/pack-build';
import { loadSources } from '../terminology/sources';
import type { Sources } from '../terminology/sources';
import { RXNORM } from '../terminology/valueset';

let sources: Sources | undefined;

/** The CQL texts a measure bundle's Libraries carry (base64 `text/cql` content). */
export function libraryCql(libraries: readonly Library[]): string[] {
  return libraries.flatMap((l) =>
    (l.content ?? [])
      .filter((c) => c.contentType === 'text/cql' && c.data)
      .map((c) => Buffer.from(c.data ?? '', 'base64').toString('utf8')),
  );
}

/**
 * The value sets with the branded products of their generics added to the expansion (a set that has
 * none, or no expansion, comes back as it was).
 *
 * @example
 * withBrandedProducts([opioidAntagonist], [naloxoneCql])[0]?.expansion?.contains?.some((c) => c.code === '1725064'); // true (Narcan)
 */
export function withBrandedProducts(sets: readonly ValueSet[], cqlTexts: readonly string[]): ValueSet[] {
  sources ??= loadSources();
  const built = buildPackTerminology(cqlTexts, sources).valueSets;
  return sets.map((set) => {
    const entry = set.url ? built[set.url] : undefined;
    const contains = set.expansion?.contains;
    if (!entry?.brands?.length || !set.expansion || !contains) return set;
    const listed = new Set(contains.map((c) => `${c.system ?? ''}|${c.code ?? ''}`));
    const added: ValueSetExpansionContains[] = entry.brands
      .filter((code) => !listed.has(`${RXNORM}|${code}`))
      .map((code) => ({
        system: RXNORM,
        code,
        ...(entry.names?.[code] ? { display: entry.names[code] } : {}),
      }));
    return { ...set, expansion: { ...set.expansion, contains: [...contains, ...added] } };
  });
}
