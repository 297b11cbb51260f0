/**
 * Value sets for the measures, through the project's one terminology loader (src/terminology/catalog.ts:
 * the same sources and precedence as the rule packs), plus the few measure-local sets of
 * `valuesets/local.json`, used only where no source has the URL. Node only (reads files).
 *
 * @example
 * const sets = measureValueSets(['http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.198.12.1013']);
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ValueSet } from '@medplum/fhirtypes';
import { loadValueSets } from '../terminology/catalog';

export { pinOf } from '../terminology/catalog';

export const LOCAL_VALUE_SETS = fileURLToPath(new URL('./valuesets/local.json', import.meta.url));

let local: ValueSet[] | undefined;

/** The measures' own sets (nothing published holds them; see the README). */
export function localValueSets(): ValueSet[] {
  local ??= JSON.parse(readFileSync(LOCAL_VALUE_SETS, 'utf8')) as ValueSet[];
  return local;
}

/**
 * The value sets with these canonical URLs (`url` or `url|version`, the version checked against the
 * pin). Throws, naming every one missing, rather than let a measure run with a value set silently empty.
 *
 * @example
 * measureValueSets(['https://learning-loop.example.org/fhir/ValueSet/measure-hypertension|1.0.0']);
 */
export function measureValueSets(canonicals: Iterable<string>): ValueSet[] {
  return loadValueSets(canonicals, { also: localValueSets() });
}
