/**
 * Speed-ups of the CQL engine for the batch's volume, each measured on the simulator's history and each
 * leaving results unchanged (the feedback data test recomputes 24 months and compares; the batch test
 * checks the populations against fqm-execution's own calculate()). Three caches on cql-exec-fhir's
 * PatientSource and cql-execution:
 *
 * - a patient's records of one type are wrapped once and reused by every retrieve of every measure
 *   (cql-exec-fhir wraps the whole type again on each retrieve). A wrapper is read-only: each read of
 *   an element builds a new child, so sharing one between retrieves and measures changes no result;
 *   the batch test checks the populations against fqm-execution's own calculate();
 * - the model's class look-up by name, called for every element read, is memoised;
 * - `code in valueset` looks the code up in an index of the expansion instead of scanning it (the
 *   Cancer set alone has 7,981 codes; cql-execution compares each one);
 * - a wrapper's complex children (`E.period`, `C.code`) are built once and kept (lists are handed out as
 *   copies, since a query may sort what it gets); primitive values (dates, strings) are still converted
 *   on every read, because some callers change the value they get.
 *
 * @example
 * const source = cachedPatientSource(PatientSource.FHIRv401({ requireProfileTagging: false }));
 */
import type { PatientSource } from 'cql-exec-fhir';
import { ValueSet } from 'cql-execution';

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

interface CodeLike {
  code?: string;
  system?: string;
}

const indexes = new WeakMap<object, Set<string>>();

/** The codes of a Code, a Concept or a list of them, as cql-execution's toCodeList flattens them. */
function codeList(c: unknown): unknown[] {
  if (c === null || c === undefined) return [];
  if (Array.isArray(c)) return c.flatMap(codeList);
  const codes = (c as { codes?: unknown }).codes;
  return Array.isArray(codes) ? codes : [c];
}

/** `code in valueset` through a Set of `system|code` per expansion; strings keep the engine's path. */
function indexValueSets(): void {
  const proto = ValueSet.prototype as unknown as { hasMatch(code: unknown): boolean; codes: CodeLike[] };
  if (patched.has(proto)) return;
  patched.add(proto);
  const original = proto.hasMatch;
  proto.hasMatch = function (this: { codes: CodeLike[] }, code: unknown): boolean {
    const list = codeList(code);
    if (list.some((c) => c === null || typeof c !== 'object')) return original.call(this, code);
    let index = indexes.get(this);
    if (!index) {
      index = new Set(this.codes.map((c) => `${c.system ?? ''}|${c.code ?? ''}`));
      indexes.set(this, index);
    }
    const set = index;
    return (list as CodeLike[]).some((c) => set.has(`${c.system ?? ''}|${c.code ?? ''}`));
  };
}

const children = new WeakMap<object, Map<string, unknown>>();

function cacheChildren(fhirObject: { get(field: string): unknown }): void {
  if (patched.has(fhirObject)) return;
  patched.add(fhirObject);
  const get = fhirObject.get;
  const isWrapper = (v: unknown) =>
    v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === fhirObject;
  fhirObject.get = function (this: object, field: string): unknown {
    let memo = children.get(this);
    if (memo?.has(field)) {
      const kept = memo.get(field);
      return Array.isArray(kept) ? kept.slice() : kept;
    }
    const value: unknown = get.call(this, field);
    if (isWrapper(value) || (Array.isArray(value) && value.length > 0 && value.every(isWrapper))) {
      if (!memo) {
        memo = new Map();
        children.set(this, memo);
      }
      memo.set(field, value);
      return Array.isArray(value) ? value.slice() : value;
    }
    return value;
  };
}

/** Installs the caches on the source (its first patient gives the Patient class); returns it. */
export function cachedPatientSource(source: PatientSource): PatientSource {
  indexValueSets();
  const model = (source as unknown as { _modelInfo: ModelInfo })._modelInfo;
  memoiseFindClass(model);
  const patient = source.currentPatient() as unknown as PatientLike | undefined;
  if (patient) {
    const patientProto = Object.getPrototypeOf(patient) as PatientLike;
    cacheFindRecords(patientProto);
    cacheChildren(Object.getPrototypeOf(patientProto) as { get(field: string): unknown });
  }
  return source;
}
