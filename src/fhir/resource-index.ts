import type { Bundle, Resource } from '@medplum/fhirtypes';
import { parseReference, referenceKey } from './reference';

/** Resources fetched so far, by `Type/id`, so references resolve without asking the server again. */
export class ResourceIndex {
  private readonly byKey = new Map<string, Resource>();

  /** Adds a resource, or every entry of a Bundle (searchset, batch-response, collection). */
  add(resource: unknown): void {
    if (!isResource(resource)) return;
    if (resource.resourceType === 'Bundle') {
      for (const entry of (resource as Bundle).entry ?? []) {
        this.add(entry.resource);
        this.add(entry.response?.outcome);
      }
      return;
    }
    if (typeof resource.id === 'string') this.byKey.set(`${resource.resourceType}/${resource.id}`, resource);
  }

  /** The resource a reference points to, if it is of the expected type and was fetched. */
  resolve<T extends Resource>(reference: unknown, type: T['resourceType']): T | undefined {
    const ref = parseReference(reference);
    if (!ref || ref.type !== type) return undefined;
    return this.byKey.get(referenceKey(ref)) as T | undefined;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** Every resource of one type, in insertion order. */
  all<T extends Resource>(type: T['resourceType']): T[] {
    return [...this.byKey.values()].filter((r): r is T => r.resourceType === type);
  }

  get size(): number {
    return this.byKey.size;
  }
}

/** Anything with a string resourceType: the least a server's JSON must have to be used at all. */
export function isResource(value: unknown): value is Resource {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { resourceType?: unknown }).resourceType === 'string'
  );
}
