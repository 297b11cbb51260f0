/**
 * `getResourceKey()` and `getReferenceKey([type])`, the two functions SQL on FHIR adds to FHIRPath: a
 * resource's key is its id, a reference's key is the id it points to (relative, absolute or versioned),
 * and nothing when a type is asked for and the reference is to another type.
 */

import type { UserInvocationTable } from 'fhirpath';

const REFERENCE = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/**
 * The key a Reference points to, as a one-item list, or an empty list.
 *
 * @example referenceKey({ reference: 'Patient/p1' }, 'Patient') // ['p1']
 */
export function referenceKey(reference: unknown, type?: string): string[] {
  const text = (reference as { reference?: unknown } | null)?.reference;
  if (typeof text !== 'string') return [];
  const match = REFERENCE.exec(text);
  const [, matchedType, id] = match ?? [];
  if (matchedType === undefined || id === undefined) return [];
  if (type !== undefined && matchedType !== type) return [];
  return [id];
}

/**
 * The fhirpath.js user invocation table for both functions, and `join` as SQL on FHIR defines it.
 *
 * @example fhirpath.evaluate(patient, 'getResourceKey()', {}, r4, { userInvocationTable: keyFunctions })
 */
export const keyFunctions = {
  getResourceKey: {
    fn: (inputs: unknown[]) =>
      inputs.flatMap((r) => {
        const id = (r as { id?: unknown } | null)?.id;
        return id === undefined ? [] : [id];
      }),
    arity: { 0: [] },
  },
  getReferenceKey: {
    fn: (inputs: unknown[], type?: { name?: string }) => inputs.flatMap((r) => referenceKey(r, type?.name)),
    arity: { 0: [], 1: ['TypeSpecifier'] },
  },
  /** SQL on FHIR's `join`: an empty collection joins to '' (fhirpath.js gives an empty result). */
  join: {
    fn: (inputs: unknown[], separator?: string) => [inputs.map(String).join(separator ?? '')],
    arity: { 0: [], 1: ['String'] },
  },
} satisfies UserInvocationTable;
