/*
 * The small part of the ELM JSON shape (https://cql.hl7.org/elm.html) the engine reads, and a walker.
 * Everything else in the tree is passed to cql-execution untouched.
 */

export interface ElmIdentifier {
  id: string;
  system?: string;
  version?: string;
}

export interface ElmLibrary {
  library: {
    identifier: ElmIdentifier;
    includes?: { def?: { localIdentifier: string; path: string; version?: string }[] };
    valueSets?: { def?: { name: string; id: string; version?: string }[] };
    codes?: { def?: ElmCodeDef[] };
    codeSystems?: { def?: { name: string; id: string; version?: string }[] };
    statements?: { def?: { name: string; type?: string; context?: string }[] };
  };
}

export interface ElmCodeDef {
  name: string;
  id: string;
  display?: string;
  codeSystem: { name: string; libraryName?: string };
}

/** A node of an ELM expression tree; only `type` is known to be there. */
export type ElmNode = { type?: string } & Record<string, unknown>;

export function isElmLibrary(value: unknown): value is ElmLibrary {
  const library = (value as { library?: { identifier?: { id?: unknown } } } | null)?.library;
  return typeof library?.identifier?.id === 'string';
}

/** `define` names (expressions, not functions) of a library. */
export function expressionNames(elm: ElmLibrary): Set<string> {
  const defs = elm.library.statements?.def ?? [];
  return new Set(defs.filter((d) => d.type !== 'FunctionDef').map((d) => d.name));
}

/**
 * Visits every object node under `root`, with the chain of ancestors (nearest last).
 *
 * @example
 * walk(elm, (node) => node.type === 'Retrieve' && found.push(node));
 */
export function walk(root: unknown, visit: (node: ElmNode, ancestors: readonly ElmNode[]) => void): void {
  const ancestors: ElmNode[] = [];
  const step = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(step);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const node = value as ElmNode;
    visit(node, ancestors);
    ancestors.push(node);
    for (const child of Object.values(node)) step(child);
    ancestors.pop();
  };
  step(root);
}
