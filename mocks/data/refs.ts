import type { Reference, Resource } from '@medplum/fhirtypes';

/**
 * A relative reference typed by its target, e.g. `reference<Patient>('Patient', 'p-001')`.
 *
 * @example
 * reference<Location>('Location', 'unit-4b', 'Medical Ward 4B');
 */
export function reference<T extends Resource>(
  type: T['resourceType'],
  id: string,
  display?: string,
): Reference<T> {
  return display === undefined ? { reference: `${type}/${id}` } : { reference: `${type}/${id}`, display };
}
