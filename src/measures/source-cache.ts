/**
 * Two caches on cql-exec-fhir's PatientSource, for the batch's volume (measured on the simulator's
 * history: wrapping FHIR JSON was the largest cost after garbage collection):
 *
 * - a patient's records of one type are wrapped once and reused by every retrieve of every measure
 *   (cql-exec-fhir wraps the whole type again on each retrieve). A wrapper is read-only: each read of
 *   an element builds a new child, so sharing one between retrieves and measures changes no result;
 *   the batch test checks the populations against fqm-execution's own calculate();
 * - the model's class look-up by name, called for every element read, is memoised.
 *
 * @example
 * const source = cachedPatientSource(PatientSource.FHIRv401({ requireProfileTagging: false }));
 */
import type { PatientSource } from 'cql-exec-fhir';

interface ModelInfo {
  findClass(name: string): unknown;
}

interface PatientLike {
  _bundle: object;
  findRecords(profile: string, details?: { datatype?: string }): unknown[];
}

const patched = new WeakSet<object>();

function memoiseFindClass(model: ModelInfo): void {
  if (patched.has(model)) return;
  patched.add(model);
  const find = model.findClass.bind(model);
  const memo = new Map<string, unknown>();
  model.findClass = (name: string) => {
    if (!memo.has(name)) memo.set(name, find(name));
    return memo.get(name);
  };
}

/** Records are cached per bundle object, so a bundle loaded again (the next measure) hits the cache. */
const records = new WeakMap<object, Map<string, unknown[]>>();

function cacheFindRecords(proto: PatientLike): void {
  if (patched.has(proto)) return;
  patched.add(proto);
  const find = proto.findRecords;
  proto.findRecords = function (this: PatientLike, profile, details) {
    let byType = records.get(this._bundle);
    if (!byType) {
      byType = new Map();
      records.set(this._bundle, byType);
    }
    const key = details?.datatype ?? profile;
    let found = byType.get(key);
    if (!found) {
      found = find.call(this, profile, details);
      byType.set(key, found);
    }
    return found.slice();
  };
}

/** Installs both caches on the source (its first patient gives the Patient class); returns it. */
export function cachedPatientSource(source: PatientSource): PatientSource {
  const model = (source as unknown as { _modelInfo: ModelInfo })._modelInfo;
  memoiseFindClass(model);
  const patient = source.currentPatient() as unknown as PatientLike | undefined;
  if (patient) cacheFindRecords(Object.getPrototypeOf(patient) as PatientLike);
  return source;
}
