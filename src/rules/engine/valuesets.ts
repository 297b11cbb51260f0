/*
 * A pack's value sets as cql-execution sees them. Packs ship them compactly (`valuesets.json`: per URL
 * the pin and the codes grouped by system, written by the terminology build); here they become lists
 * of codes, and the ValueSets the engine hands to cql-execution look a code up in a hash set instead of
 * scanning the expansion (cql-execution's own scan is linear: thousands of codes per `in` test).
 *
 * Branded products: the eCQM medication sets list generic products (SCD) only. RxNorm names a branded
 * product (SBD) after its generic, with the brand in brackets ("apixaban 5 MG Oral Tablet [Eliquis]"
 * is the SBD of "apixaban 5 MG Oral Tablet"), so an RxNorm code whose name, less the bracketed brand,
 * is the name of a member counts as a member. The brand map adds the SBD codes of orders that carry no
 * name.
 */
import cql from 'cql-execution';
import type { TerminologyProvider } from 'cql-execution';
import type { ValueSetCode, ValueSetExpansions } from './pack';

export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

/** Provenance of one value set in a pack: what a reviewer checks the codes against. */
export interface ValueSetPin {
  title: string;
  version?: string;
  expansion?: string;
  source: string;
  /** Branded products added from the brand map. */
  brands?: string[];
}

interface CompactEntry extends ValueSetPin {
  codes: Record<string, string[]>;
  names?: Record<string, string>;
}

const isCompact = (v: unknown): v is CompactEntry =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as CompactEntry).codes === 'object';

/**
 * Reads `valuesets.json`: the compact form, or the older `{ url: [{ system, code, display }] }`.
 *
 * @example
 * const { expansions, pins } = readValueSets(valueSetsJson, problems);
 */
export function readValueSets(
  raw: unknown,
  problems: string[],
): { expansions: ValueSetExpansions; pins: Record<string, ValueSetPin> } {
  const expansions: ValueSetExpansions = {};
  const pins: Record<string, ValueSetPin> = {};
  for (const [url, value] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    if (Array.isArray(value)) {
      expansions[url] = value as ValueSetCode[];
      continue;
    }
    if (!isCompact(value)) {
      problems.push(`value set ${url} is neither a code list nor a compact entry`);
      continue;
    }
    const { codes, names, ...pin } = value;
    expansions[url] = Object.entries(codes).flatMap(([system, list]) =>
      list.map((code) => {
        const display = system === RXNORM ? names?.[code] : undefined;
        return display ? { system, code, display } : { system, code };
      }),
    );
    pins[url] = pin;
  }
  return { expansions, pins };
}

/** The generic's name of an RxNorm branded product name, or undefined when it names no brand. */
export function genericName(name: string | undefined): string | undefined {
  const match = /^(.+?) \[[^\]]+\]$/.exec(name?.trim() ?? '');
  return match?.[1]?.toLowerCase();
}

interface CodeLike {
  code?: unknown;
  system?: unknown;
  display?: unknown;
  codes?: unknown;
}

function codesOf(value: unknown): CodeLike[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap(codesOf);
  const v = value as CodeLike;
  return Array.isArray(v.codes) ? (v.codes as CodeLike[]) : [v];
}

/** A cql-execution ValueSet that answers `in` by hash look-up, with the RxNorm brand rule above. */
export class IndexedValueSet extends cql.ValueSet {
  private readonly keys: Set<string>;
  private readonly generics: Set<string>;

  constructor(url: string, members: readonly ValueSetCode[]) {
    super(
      url,
      '',
      members.map((m) => new cql.Code(m.code, m.system)),
    );
    this.keys = new Set(members.map((m) => `${m.system}|${m.code}`));
    this.generics = new Set(
      members.flatMap((m) => (m.system === RXNORM && m.display ? [m.display.toLowerCase()] : [])),
    );
  }

  /** Whether a Code, a Concept or a list of them has a member; a bare string uses cql-execution's rule. */
  override hasMatch(code: unknown): boolean {
    if (typeof code === 'string') return Boolean(super.hasMatch(code));
    return codesOf(code).some((c) => {
      if (typeof c === 'string') return Boolean(super.hasMatch(c));
      if (this.keys.has(`${String(c.system)}|${String(c.code)}`)) return true;
      if (c.system !== RXNORM || !this.generics.size) return false;
      const generic = genericName(typeof c.display === 'string' ? c.display : undefined);
      return generic !== undefined && this.generics.has(generic);
    });
  }
}

/** The terminology provider cql-execution consults for `in "Value Set"` and retrieves by value set. */
export function indexedTerminology(expansions: ValueSetExpansions): TerminologyProvider {
  const sets = new Map(
    Object.entries(expansions).map(([url, codes]) => [url, new IndexedValueSet(url, codes)]),
  );
  return {
    findValueSetsByOid: (oid) => {
      const vs = sets.get(oid);
      return vs ? [vs] : [];
    },
    findValueSet: (oid) => sets.get(oid) ?? null,
  };
}
