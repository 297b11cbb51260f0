import type { Encounter, Location, PractitionerRole } from '@medplum/fhirtypes';
import type { ResourceIndex } from '../fhir/resource-index';
import { parseReference, referenceKey } from '../fhir/reference';

/** Where the unit came from, in the order DESIGN.md sets (no standard launch parameter exists). */
export type UnitSource = 'fhirContext' | 'encounter' | 'practitioner-role';

export type UnitResolution =
  | {
      status: 'known';
      ward: Location;
      source: UnitSource;
      /** from the starting location up to the ward */ path: Location[];
    }
  | { status: 'unknown'; reason: string };

/** The inputs, each possibly missing: the resolver tries them in order. */
export interface UnitInputs {
  fhirContextLocations: string[];
  encounter: Encounter | undefined;
  roles: PractitionerRole[];
}

const MAX_DEPTH = 8;

export function isWard(location: Location): boolean {
  return !!location.physicalType?.coding?.some((c) => c?.code === 'wa');
}

/** The encounter's current location references: active first, then those with an open period. */
export function activeEncounterLocations(encounter: Encounter | undefined): string[] {
  const entries = Array.isArray(encounter?.location) ? encounter.location : [];
  const refs = (list: typeof entries) =>
    list.map((l) => l?.location?.reference).filter((r): r is string => typeof r === 'string');
  const active = entries.filter((l) => l?.status === 'active');
  if (active.length) return refs(active);
  return refs(entries.filter((l) => !l?.status && !l?.period?.end));
}

type Walk =
  | { kind: 'ward'; path: Location[] }
  | { kind: 'missing'; key: string }
  | { kind: 'dead-end'; reason: string };

/** Walks Location.partOf upward to the first ward, noticing cycles and references not yet fetched. */
export function walkToWard(start: string, index: ResourceIndex): Walk {
  const path: Location[] = [];
  const seen = new Set<string>();
  let reference: string | undefined = start;
  while (reference !== undefined) {
    const ref = parseReference(reference);
    if (!ref || ref.type !== 'Location')
      return { kind: 'dead-end', reason: `"${reference}" is not a Location reference` };
    const key = referenceKey(ref);
    if (seen.has(key)) return { kind: 'dead-end', reason: `Location.partOf loops back to ${key}` };
    if (path.length >= MAX_DEPTH)
      return { kind: 'dead-end', reason: `no ward within ${MAX_DEPTH} levels of partOf` };
    seen.add(key);
    const location: Location | undefined = index.resolve<Location>(reference, 'Location');
    if (!location) return { kind: 'missing', key };
    path.push(location);
    if (isWard(location)) return { kind: 'ward', path };
    reference = location.partOf?.reference;
  }
  const last = path[path.length - 1];
  return { kind: 'dead-end', reason: `${last?.name ?? 'the location'} is not part of a ward` };
}

function startingPoints(inputs: UnitInputs): { source: UnitSource; refs: string[] }[] {
  return [
    { source: 'fhirContext', refs: inputs.fhirContextLocations },
    { source: 'encounter', refs: activeEncounterLocations(inputs.encounter) },
    {
      source: 'practitioner-role',
      refs: inputs.roles
        .filter((r) => r.active !== false)
        .flatMap((r) => (Array.isArray(r.location) ? r.location : []))
        .map((l) => l?.reference)
        .filter((x): x is string => typeof x === 'string'),
    },
  ];
}

/** Location keys the resolver would need next: what the loader fetches in its following wave. */
export function missingLocations(inputs: UnitInputs, index: ResourceIndex): string[] {
  const missing = new Set<string>();
  for (const { refs } of startingPoints(inputs)) {
    for (const ref of refs) {
      const walk = walkToWard(ref, index);
      if (walk.kind === 'missing') missing.add(walk.key);
    }
  }
  return [...missing];
}

/** The ward, from the first source that leads to one; otherwise why the unit is unknown. */
export function resolveUnit(inputs: UnitInputs, index: ResourceIndex): UnitResolution {
  const reasons: string[] = [];
  for (const { source, refs } of startingPoints(inputs)) {
    for (const ref of refs) {
      const walk = walkToWard(ref, index);
      if (walk.kind === 'ward') {
        const ward = walk.path[walk.path.length - 1];
        if (ward) return { status: 'known', ward, source, path: walk.path };
      } else {
        reasons.push(walk.kind === 'missing' ? `${walk.key} could not be read` : walk.reason);
      }
    }
  }
  if (!reasons.length)
    return { status: 'unknown', reason: 'neither the launch, the encounter nor your role names a location' };
  return { status: 'unknown', reason: reasons[0] ?? 'no ward found' };
}
