import { isFhirId, parseReference } from './reference';

/** The launch context the EHR handed over, as fhirclient reports it. */
export interface LaunchContext {
  patientId: string;
  encounterId?: string | undefined;
  /** Relative (`Practitioner/1`) or absolute (Epic) reference to the signed-in user. */
  fhirUser?: string | undefined;
  /** SMART 2.1 `fhirContext` items; a Location here names the unit directly. */
  fhirContext?: { reference?: string; type?: string }[] | undefined;
}

export type ContextPart = 'patient' | 'encounter' | 'practitioner' | 'roles' | 'fhirContextLocation';

/** One request of the first wave; all of them go out in parallel. */
export interface ContextQuery {
  part: ContextPart;
  path: string;
}

const LOCATION_CHAIN = '_include:iterate=Location:partof';

/** Location ids named by `fhirContext`, ignoring anything that is not a Location reference. */
export function fhirContextLocationIds(launch: LaunchContext): string[] {
  return (launch.fhirContext ?? [])
    .map((item) => parseReference(item?.reference))
    .filter((ref) => ref?.type === 'Location')
    .map((ref) => ref?.id)
    .filter(isFhirId);
}

/**
 * The first wave: everything the context needs that can be asked for at once. `_include` brings the
 * encounter's locations and the roles' locations with their `partOf` chains in the same answer on servers
 * that support it; the loader fetches whatever is still missing in later waves.
 */
export function firstWave(launch: LaunchContext, features: readonly string[]): ContextQuery[] {
  const on = (feature: 'encounter' | 'unit' | 'clinician') => features.includes(feature);
  const queries: ContextQuery[] = [{ part: 'patient', path: `Patient/${launch.patientId}` }];
  if (launch.encounterId && isFhirId(launch.encounterId) && (on('encounter') || on('unit'))) {
    const include = on('unit') ? `&_include=Encounter:location&${LOCATION_CHAIN}` : '';
    queries.push({ part: 'encounter', path: `Encounter?_id=${launch.encounterId}${include}` });
  }
  const user = parseReference(launch.fhirUser);
  if (user?.type === 'Practitioner' && on('clinician')) {
    queries.push({ part: 'practitioner', path: `Practitioner/${user.id}` });
  }
  // The roles give the clinician's unit (unit) and whether they may act on a prompt (clinician).
  if (user?.type === 'Practitioner' && (on('unit') || on('clinician'))) {
    queries.push({
      part: 'roles',
      path: `PractitionerRole?practitioner=Practitioner/${user.id}&_include=PractitionerRole:location&${LOCATION_CHAIN}&_count=20`,
    });
  }
  if (user?.type === 'PractitionerRole' && (on('unit') || on('clinician'))) {
    queries.push({
      part: 'roles',
      path: `PractitionerRole?_id=${user.id}&_include=PractitionerRole:practitioner&_include=PractitionerRole:location&${LOCATION_CHAIN}`,
    });
  }
  const contextLocations = fhirContextLocationIds(launch);
  if (contextLocations.length && on('unit')) {
    queries.push({
      part: 'fhirContextLocation',
      path: `Location?_id=${contextLocations.join(',')}&${LOCATION_CHAIN}`,
    });
  }
  return queries;
}

/**
 * A follow-up wave: the locations still missing, and, in the same wave, their parent and grandparent
 * found by reverse chaining (`_has:Location:partof`). A server that ignores `_include` often supports
 * `_has`, so bed, room and ward arrive together; one that supports neither answers the first search and
 * costs one wave per level. The ancestor searches are optional (`optional: true`): a server may refuse
 * them, and whatever extra they return is harmless because the walk follows only exact references.
 */
export function locationWave(keys: readonly string[]): { path: string; optional: boolean }[] {
  const ids = keys
    .map((k) => k.split('/')[1])
    .filter(isFhirId)
    .join(',');
  const parent = '_has:Location:partof';
  return [
    { path: `Location?_id=${ids}&${LOCATION_CHAIN}`, optional: false },
    { path: `Location?${parent}:_id=${ids}&_count=10`, optional: true },
    { path: `Location?${parent}:${parent}:_id=${ids}&_count=10`, optional: true },
  ];
}
