/*
 * The cql-execution side: ELM libraries and value sets made ready once per pack, and one patient
 * context per library (the patient record comes from patient.ts).
 */
import cql from 'cql-execution';
import type { Library, PatientContext, PatientObject, TerminologyProvider } from 'cql-execution';
import { retrieveHints } from './data-requirements';
import { cacheDateTimeParsing } from './parse-cache';
import type { ElmLibrary } from './elm';
import type { RulePack } from './pack';
import { indexedTerminology } from './valuesets';

export interface PreparedPack {
  libraries: Map<string, Library>;
  codeService: TerminologyProvider;
}

/**
 * A copy of the ELM whose retrieves carry what their queries are sure to drop in the templateId
 * (`...Observation#since=7-day`, `...MedicationRequest#status=active`), so the patient index can
 * skip those records before they are wrapped (see patient.ts).
 */
function tagHints(elm: ElmLibrary): ElmLibrary {
  const copy = structuredClone(elm);
  for (const [node, hint] of retrieveHints(copy)) {
    const tags = new URLSearchParams();
    if (hint.since) tags.set('since', `${hint.since.value}-${hint.since.unit}`);
    if (hint.statuses) tags.set('status', hint.statuses.join(','));
    node.templateId = `${String(node.templateId ?? node.dataType)}#${tags.toString()}`;
  }
  return copy;
}

const preparedPacks = new WeakMap<RulePack, PreparedPack>();

/** cql-execution Library objects for the libraries rules point at, and the pack's value sets. */
export function prepare(pack: RulePack): PreparedPack {
  cacheDateTimeParsing();
  const cached = preparedPacks.get(pack);
  if (cached) return cached;
  const all = Object.fromEntries(pack.libraries.map((l) => [l.library.identifier.id, tagHints(l)]));
  const repository = new cql.Repository(all);
  const libraries = new Map<string, Library>();
  for (const id of new Set(pack.rules.map((r) => r.library))) {
    const elm = all[id];
    if (elm) libraries.set(id, new cql.Library(elm, repository));
  }
  const result = {
    libraries,
    codeService: indexedTerminology(pack.valueSets),
  };
  preparedPacks.set(pack, result);
  return result;
}

/**
 * A lazily created patient context per library: defines evaluated once are cached in it. Included
 * libraries (LoopCommon, FHIRHelpers) get one context per patient, shared by every rule library
 * that includes them, so a shared define (the medication orders, say) is worked out once per run,
 * not once per rule library: same patient, same time, same result.
 */
export function contextsFor(
  prepared: PreparedPack,
  patient: PatientObject,
  now: Date,
  parameters: Record<string, unknown> = {},
): (library: string) => PatientContext {
  const executionDateTime = cql.DateTime.fromJSDate(now, 0);
  const contexts = new Map<string, PatientContext>();
  const included = new Map<string, PatientContext>();
  const make = (library: Library) =>
    new cql.PatientContext(library, patient, prepared.codeService, parameters, executionDateTime);
  const shareIncludes = (context: PatientContext) => {
    const includes = (context.library.source?.library?.includes?.def ?? []) as {
      localIdentifier: string;
      path: string;
    }[];
    for (const { localIdentifier, path } of includes) {
      let shared = included.get(path);
      if (!shared) {
        const library = context.get(localIdentifier) as Library | undefined;
        if (!library) continue;
        included.set(path, (shared = make(library)));
        shareIncludes(shared);
      }
      context.library_context[localIdentifier] = shared;
    }
  };
  return (id) => {
    const existing = contexts.get(id);
    if (existing) return existing;
    const library = prepared.libraries.get(id);
    if (!library) throw new Error(`library ${id} is not loaded`);
    const context = make(library);
    shareIncludes(context);
    contexts.set(id, context);
    return context;
  };
}

/** The value of one `define` for the context's patient. */
export async function evaluateDefine(context: PatientContext, name: string): Promise<unknown> {
  const expressions = context.library.expressions as Record<string, { execute(c: PatientContext): unknown }>;
  const define = expressions[name];
  if (!define)
    throw new Error(
      `${context.library.source?.library?.identifier?.id ?? 'the library'} has no define "${name}"`,
    );
  const value: unknown = await define.execute(context);
  return value;
}

/** Every string a resource holds under a `code` key (codings, quantities' codes): a superset of its codes. */
function codeStrings(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => codeStrings(v, into));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if (k === 'code' && typeof v === 'string') into.add(v);
      else codeStrings(v, into);
    }
  return into;
}

/**
 * The pack's parameters for one patient: a table keyed by a code column keeps only the rows whose key
 * the patient's orders and medications hold. The CQL gets the same answers (it looks rows up by those
 * codes), without scanning hundreds of products per order.
 */
export function parametersFor(
  pack: RulePack,
  resources: readonly { resourceType: string }[],
): Record<string, unknown> {
  if (!Object.keys(pack.parameterKeys).length) return pack.parameters;
  const codes = new Set<string>();
  for (const r of resources)
    if (r.resourceType === 'MedicationRequest' || r.resourceType === 'Medication') codeStrings(r, codes);
  const out: Record<string, unknown> = { ...pack.parameters };
  for (const [name, key] of Object.entries(pack.parameterKeys)) {
    const rows = pack.parameters[name];
    if (Array.isArray(rows))
      out[name] = rows.filter((row: Record<string, unknown>) => codes.has(String(row[key])));
  }
  return out;
}
