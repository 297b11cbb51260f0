/**
 * FHIR ValueSet JSON -> the codes a rule pack matches, and the compact form a pack ships. A pack keeps
 * one entry per value set URL: its version and expansion identifier (the pin), the file it came from,
 * and its codes grouped by code system; the RxNorm members of a generic-only set also keep their
 * names, which the engine uses to recognise a branded product (`... [Eliquis]`) of a listed generic.
 *
 * @example
 * const entry = packEntry(readValueSet(json), 'published/ecqm-qicore-2024/valueset/valueset-2.16.840.1.113883.3.464.1003.103.12.1001.json');
 * entry.codes['http://hl7.org/fhir/sid/icd-10-cm']?.includes('E11.22'); // true
 */

export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

export interface Member {
  system: string;
  code: string;
  display?: string;
}

/** What a build needs from one ValueSet resource. */
export interface ValueSetSource {
  url: string;
  title: string;
  /** ValueSet.version, or undefined when the publisher gives none (the opioid-cds sets). */
  version?: string;
  /** expansion.identifier (the VSAC expansion profile) or, failing that, expansion.timestamp. */
  expansion?: string;
  members: Member[];
}

/** One value set as a rule pack ships it (`src/rules/packs/<pack>/valuesets.json`). */
export interface PackValueSet {
  title: string;
  version?: string;
  expansion?: string;
  /** Where the codes came from, relative to src/terminology/ (or `replacement:<file>`). */
  source: string;
  /** Code values by code system, sorted. */
  codes: Record<string, string[]>;
  /** RxNorm code -> RxNorm name, for medication sets (brand matching). */
  names?: Record<string, string>;
  /** Branded products (SBD) added from the brand map: not in the published expansion itself. */
  brands?: string[];
}

interface ValueSetJson {
  resourceType?: unknown;
  url?: unknown;
  title?: unknown;
  name?: unknown;
  version?: unknown;
  expansion?: { identifier?: unknown; timestamp?: unknown; contains?: unknown };
  compose?: { include?: { system?: unknown; concept?: { code?: unknown; display?: unknown }[] }[] };
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function flatten(contains: unknown, out: Member[]): Member[] {
  if (!Array.isArray(contains)) return out;
  for (const item of contains as {
    system?: unknown;
    code?: unknown;
    display?: unknown;
    contains?: unknown;
  }[]) {
    const system = text(item.system);
    const code = text(item.code);
    const display = text(item.display);
    if (system && code) out.push({ system, code, ...(display ? { display } : {}) });
    flatten(item.contains, out);
  }
  return out;
}

/**
 * Reads a ValueSet resource: its expansion when it has one, else the codes its `compose` enumerates
 * (local sets are written that way). Throws when it is not a ValueSet with a URL; `members` is empty
 * for a definition by filters only (nothing a rule could match without a terminology server).
 */
export function readValueSet(json: unknown, where = 'value set'): ValueSetSource {
  const vs = json as ValueSetJson;
  const url = text(vs?.url);
  if (vs?.resourceType !== 'ValueSet' || !url) throw new Error(`${where}: not a ValueSet with a url`);
  let members = flatten(vs.expansion?.contains, []);
  if (!members.length)
    members = (vs.compose?.include ?? []).flatMap((inc) =>
      (inc.concept ?? []).flatMap((c): Member[] => {
        const system = text(inc.system);
        const code = text(c.code);
        const display = text(c.display);
        return system && code ? [{ system, code, ...(display ? { display } : {}) }] : [];
      }),
    );
  const version = text(vs.version);
  const expansion = text(vs.expansion?.identifier) ?? text(vs.expansion?.timestamp);
  return {
    url,
    title: text(vs.title) ?? text(vs.name) ?? url,
    ...(version ? { version } : {}),
    ...(expansion ? { expansion } : {}),
    members,
  };
}

/** The compact pack entry of a value set read from `source`. */
export function packEntry(vs: ValueSetSource, source: string): PackValueSet {
  const codes: Record<string, Set<string>> = {};
  const names: Record<string, string> = {};
  for (const m of vs.members) {
    (codes[m.system] ??= new Set()).add(m.code);
    if (m.system === RXNORM && m.display) names[m.code] = m.display;
  }
  // Names serve to recognise a branded product of a generic member: a set that lists brands itself
  // (the opioid CDS sets) does not need them.
  if (Object.values(names).some((n) => /\]$/.test(n))) for (const k of Object.keys(names)) delete names[k];
  const sorted = Object.fromEntries(
    Object.keys(codes)
      .sort()
      .map((system) => [system, [...(codes[system] ?? [])].sort()]),
  );
  return {
    title: vs.title,
    ...(vs.version ? { version: vs.version } : {}),
    ...(vs.expansion ? { expansion: vs.expansion } : {}),
    source,
    codes: sorted,
    ...(Object.keys(names).length ? { names: sortKeys(names) } : {}),
  };
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k] as T]),
  );
}

/** `valueset "Name": 'url'` declarations of a CQL library, in order. */
export function declaredValueSets(cql: string): { name: string; url: string }[] {
  const found: { name: string; url: string }[] = [];
  for (const m of cql.matchAll(/^\s*valueset\s+"([^"]+)"\s*:\s*'([^']+)'/gm))
    if (m[1] && m[2]) found.push({ name: m[1], url: m[2] });
  return found;
}

/** `parameter "Name" ...` declarations of a CQL library. */
export function declaredParameters(cql: string): string[] {
  return [...cql.matchAll(/^\s*parameter\s+"([^"]+)"/gm)].flatMap((m) => (m[1] ? [m[1]] : []));
}
