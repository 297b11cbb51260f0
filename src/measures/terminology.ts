/**
 * Value sets for the measures: the published expansions vendored at `src/terminology/published/`
 * (VSAC eCQM sets, CDC opioid CDS sets), found by canonical URL through its MANIFEST.json, and the few
 * local sets of `valuesets/local.json` where nothing is published. Node only (reads files).
 *
 * @example
 * const sets = loadValueSets(['http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.198.12.1013']);
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ValueSet } from '@medplum/fhirtypes';

export const PUBLISHED_DIR = fileURLToPath(new URL('../terminology/published/', import.meta.url));
export const LOCAL_VALUE_SETS = fileURLToPath(new URL('./valuesets/local.json', import.meta.url));

interface ManifestFile {
  file: string;
  url?: string;
}

let index: Map<string, string> | undefined;

/** URL -> file path of every published value set, read once from the manifest. */
function publishedIndex(): Map<string, string> {
  if (index) return index;
  const manifest = JSON.parse(readFileSync(`${PUBLISHED_DIR}MANIFEST.json`, 'utf8')) as {
    files: ManifestFile[];
  };
  index = new Map(
    manifest.files
      .filter((f): f is ManifestFile & { url: string } => !!f.url && f.file.includes('/valueset/'))
      .map((f) => [f.url, `${PUBLISHED_DIR}${f.file}`]),
  );
  return index;
}

function localSets(): ValueSet[] {
  return JSON.parse(readFileSync(LOCAL_VALUE_SETS, 'utf8')) as ValueSet[];
}

/**
 * The value sets with these canonical URLs (a `|version` suffix is checked against the file). Throws,
 * naming every missing one, when a URL is neither published nor local: a measure must never run with
 * a value set silently empty.
 */
export function loadValueSets(urls: Iterable<string>): ValueSet[] {
  const local = new Map(localSets().map((v) => [v.url ?? '', v]));
  const found: ValueSet[] = [];
  const missing: string[] = [];
  for (const canonical of new Set(urls)) {
    const [url = '', version] = canonical.split('|');
    const path = publishedIndex().get(url);
    const set = path ? (JSON.parse(readFileSync(path, 'utf8')) as ValueSet) : local.get(url);
    if (!set) missing.push(url);
    else if (version !== undefined && version !== pinOf(set)) missing.push(`${url} at version ${version}`);
    else found.push(set);
  }
  if (missing.length) throw new Error(`value sets not found: ${missing.join(', ')}`);
  return found;
}

/**
 * The version a measure pins a value set at: its `version`, or where the publisher gives none (the
 * CDC opioid CDS sets) the expansion timestamp, which changes whenever the expansion does.
 */
export function pinOf(set: ValueSet): string {
  return set.version ?? set.expansion?.timestamp ?? 'unversioned';
}
