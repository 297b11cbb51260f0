/*
 * One patient's bundle as cql-execution's patient object. cql-exec-fhir's PatientSource wraps every
 * resource of a type, on every retrieve, before the engine filters them by code (measured here:
 * most of the run time). This index wraps a resource only when a retrieve may want it: resources
 * are grouped by type, a retrieve's codes pre-filter the raw JSON (by code value only, a superset
 * of what cql-execution then matches exactly), Observations older than the retrieve's look-back
 * (applied with a day of margin) and resources of other statuses than its query keeps are skipped
 * (both tagged on the retrieve by `prepare`), and each wrapped record is reused for the run. The
 * CQL still applies its own code, date and status conditions to what is left.
 */
import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { PatientObject, RecordObject, RetrieveDetails } from 'cql-execution';
import { FHIRWrapper } from 'cql-exec-fhir';
import { since } from './data-requirements';
import type { LookbackUnit } from './data-requirements';

/** Wraps FHIR JSON in the FHIR R4 model: cql-exec-fhir's FHIRWrapper, or a test double. */
export interface RecordWrapper {
  wrap(json: Resource, resourceType?: string): RecordObject;
}

let shared: RecordWrapper | undefined;

/** The process-wide FHIR 4.0.1 wrapper: building its model takes 30 to 70 ms, so it is built once. */
export function sharedWrapper(): RecordWrapper {
  return (shared ??= FHIRWrapper.FHIRv401() as unknown as RecordWrapper);
}

/** `{http://hl7.org/fhir}Observation` or a StructureDefinition URL -> `Observation`. */
const typeName = (dataType: string) =>
  dataType
    .replace(/^\{[^}]*\}/, '')
    .replace(/#.*$/, '')
    .replace(/^.*\//, '');

/** Code values a retrieve asks for: from a list of codes or concepts, or an expanded value set. */
function codeValues(codes: unknown): Set<string> | undefined {
  const out = new Set<string>();
  const add = (c: unknown) => {
    const item = c as { code?: unknown; codes?: unknown } | null;
    if (typeof item?.code === 'string') out.add(item.code);
    if (Array.isArray(item?.codes)) item.codes.forEach(add);
  };
  if (Array.isArray(codes)) codes.forEach(add);
  else add(codes);
  return out.size ? out : undefined;
}

/**
 * The code values of a resource's code element, or undefined when the element is absent (then any
 * retrieve by code may still want it: cql-execution decides). Text-only concepts give no values.
 */
function codesAt(resource: Resource, property: string): string[] | undefined {
  const json = resource as unknown as Record<string, unknown>;
  const element = json[property] ?? json[`${property}CodeableConcept`] ?? json[`${property}Coding`];
  if (element === undefined) return undefined;
  if (element === null || typeof element !== 'object') return [];
  const concept = element as { coding?: { code?: unknown }[]; code?: unknown };
  const codes = Array.isArray(concept.coding) ? concept.coding.map((c) => c?.code) : [concept.code];
  return codes.filter((c): c is string => typeof c === 'string');
}

/** A type's resources by code value at one property, plus those without the element; bundle order kept. */
interface CodeIndex {
  byCode: Map<string, number[]>;
  uncoded: number[];
}

/** When an Observation applies, as LoopCommon."Effective Time" reads it; NaN when unknown. */
function effectiveMs(resource: Resource): number {
  const o = resource as {
    effectiveDateTime?: string;
    effectiveInstant?: string;
    effectivePeriod?: { start?: string; end?: string };
    issued?: string;
  };
  const at =
    o.effectiveDateTime ??
    o.effectiveInstant ??
    o.effectivePeriod?.end ??
    o.effectivePeriod?.start ??
    o.issued;
  return typeof at === 'string' ? Date.parse(at) : Number.NaN;
}

const DAY_MS = 86_400_000;

export class BundlePatient implements PatientObject {
  private readonly byType = new Map<string, Resource[]>();
  private readonly wrapped = new Map<Resource, RecordObject>();
  private readonly indexes = new Map<string, CodeIndex>();
  private readonly record: RecordObject;

  /** Throws when the bundle has no Patient. */
  constructor(
    bundle: Bundle,
    private readonly wrapper: RecordWrapper,
    private readonly now: Date = new Date(0),
  ) {
    for (const entry of bundle.entry ?? []) {
      const r = entry.resource;
      if (!r) continue;
      const list = this.byType.get(r.resourceType);
      if (list) list.push(r);
      else this.byType.set(r.resourceType, [r]);
    }
    const patient = this.byType.get('Patient')?.[0];
    if (!patient) throw new Error('the data has no Patient resource');
    this.record = this.wrap(patient, 'Patient');
  }

  private wrap(resource: Resource, type: string): RecordObject {
    let record = this.wrapped.get(resource);
    if (!record) this.wrapped.set(resource, (record = this.wrapper.wrap(resource, type)));
    return record;
  }

  private index(type: string, property: string): CodeIndex {
    const key = `${type}.${property}`;
    let index = this.indexes.get(key);
    if (index) return index;
    index = { byCode: new Map(), uncoded: [] };
    (this.byType.get(type) ?? []).forEach((r, i) => {
      const codes = codesAt(r, property);
      if (!codes) index?.uncoded.push(i);
      for (const code of new Set(codes)) {
        const list = index?.byCode.get(code);
        if (list) list.push(i);
        else index?.byCode.set(code, [i]);
      }
    });
    this.indexes.set(key, index);
    return index;
  }

  /** The type's resources that may have one of the codes (by code value), in bundle order. */
  private candidates(type: string, property: string, wanted: Set<string> | undefined): Resource[] {
    const all = this.byType.get(type) ?? [];
    if (!wanted || !property) return all;
    const index = this.index(type, property);
    const positions = new Set(index.uncoded);
    for (const code of wanted) for (const i of index.byCode.get(code) ?? []) positions.add(i);
    return [...positions].sort((a, b) => a - b).flatMap((i) => all[i] ?? []);
  }

  findRecords(profile: string | null, details?: RetrieveDetails): RecordObject[] {
    const type = typeName(details?.datatype ?? profile ?? '');
    const wanted = details?.codeProperty ? codeValues(details.codes) : undefined;
    const hints = new URLSearchParams(/#(.*)$/.exec(details?.templateId ?? profile ?? '')?.[1] ?? '');
    const since = this.since(hints.get('since'));
    const statuses = hints.get('status')?.split(',');
    return this.candidates(type, details?.codeProperty ?? '', wanted)
      .filter((r) => since === undefined || !(effectiveMs(r) < since - DAY_MS))
      .filter((r) => !statuses || statuses.includes(String((r as { status?: unknown }).status)))
      .map((r) => this.wrap(r, type));
  }

  /** The start of a `<value>-<unit>` look-back, as epoch ms. */
  private since(tag: string | null): number | undefined {
    const [, value, unit] = /^(\d+(?:\.\d+)?)-(\w+)$/.exec(tag ?? '') ?? [];
    const lookback = { value: Number(value), unit: unit as LookbackUnit };
    return value && unit ? since({ path: 'effective', lookback }, this.now).getTime() : undefined;
  }

  get(field: string): unknown {
    return this.record.get(field);
  }
  getId(): unknown {
    return this.record.getId();
  }
  getCode(field: string): unknown {
    return this.record.getCode(field);
  }
  getDate(field: string): unknown {
    return this.record.getDate(field);
  }
  getDateOrInterval(field: string): unknown {
    return this.record.getDateOrInterval(field);
  }
}
