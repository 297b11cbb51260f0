import type { Resource } from '@medplum/fhirtypes';

/** Where the store keeps its writes between page loads (IndexedDB in the browser, nothing in Node). */
export interface StorePersistence {
  loadAll(): Promise<Resource[]>;
  put(resource: Resource): Promise<void>;
}

/**
 * The mock FHIR server's data: the synthetic seed in memory, overlaid with every write, which is also
 * persisted so it survives the launch redirects and is seen by the simulator page.
 */
export class FhirStore {
  private readonly byType = new Map<string, Map<string, Resource>>();
  private counter = 0;

  constructor(
    seed: readonly Resource[],
    private readonly persistence?: StorePersistence,
  ) {
    for (const r of seed) this.put(r);
  }

  /** Loads persisted writes over the seed. */
  async restore(): Promise<void> {
    if (!this.persistence) return;
    for (const r of await this.persistence.loadAll()) this.put(r);
  }

  read(type: string, id: string): Resource | undefined {
    return this.byType.get(type)?.get(id);
  }

  all(type: string): Resource[] {
    return [...(this.byType.get(type)?.values() ?? [])];
  }

  /** Stores a new resource with a server-assigned id (create) or the given one (update). */
  async write(resource: Resource, id?: string): Promise<Resource> {
    const previous = id ? this.read(resource.resourceType, id) : undefined;
    // A seeded resource without meta is version 1, so its first update is version 2.
    const version = previous ? Number(previous.meta?.versionId ?? 1) + 1 : 1;
    const stored = {
      ...resource,
      id: id ?? `${Date.now().toString(36)}-${(++this.counter).toString(36)}`,
      meta: { ...resource.meta, versionId: String(version), lastUpdated: new Date().toISOString() },
    } as Resource;
    this.put(stored);
    await this.persistence?.put(stored);
    return stored;
  }

  private put(resource: Resource): void {
    if (!resource.id) return;
    let map = this.byType.get(resource.resourceType);
    if (!map) this.byType.set(resource.resourceType, (map = new Map()));
    map.set(resource.id, resource);
  }
}
