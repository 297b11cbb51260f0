/**
 * Input of the measures batch: the NDJSON files of a FHIR Bulk Data `$export`, streamed line by line
 * and grouped per patient. Clinical resources (Patient, Encounter, Condition, Observation,
 * MedicationRequest, ServiceRequest) go to their patient's bundle; Practitioner, PractitionerRole and
 * Location make the directory attribution reads; a Medication (an EHR's formulary entry, which Bulk
 * exports list apart) joins the bundle of every patient with an order that points at it, so the
 * measures read the order's code from it. A line that is not JSON, not a resource, of a type the
 * batch does not read, or about no patient is counted and reported with its file and line number; it
 * never stops the batch.
 *
 * The seam for a FHIR base URL (the analytics engineer's Bulk client) is `PopulationSource`: anything
 * that yields `{ resource, file, line }` feeds the same grouping.
 *
 * @example
 * const population = await readPopulation(ndjsonFiles(['export/']));
 */
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { badDates } from './dates';
import { printable } from '../core/printable';
import type {
  Bundle,
  Location,
  Medication,
  MedicationRequest,
  Practitioner,
  PractitionerRole,
  Resource,
} from '@medplum/fhirtypes';

export const CLINICAL_TYPES = [
  'Patient',
  'Encounter',
  'Condition',
  'Observation',
  'MedicationRequest',
  'ServiceRequest',
] as const;
export const DIRECTORY_TYPES = ['Practitioner', 'PractitionerRole', 'Location'] as const;
/** Shared resources an order points at, added to the bundle of each patient whose order does. */
export const SHARED_TYPES = ['Medication'] as const;

/** A line that was left out, and why. */
export interface InputProblem {
  file: string;
  /** 1-based line number. */
  line: number;
  message: string;
}

/** One resource read from a source, with where it came from. */
export interface SourcedResource {
  resource: unknown;
  file: string;
  line: number;
}

/** Anything that yields resources: NDJSON files today, a Bulk client later. */
export type PopulationSource = AsyncIterable<SourcedResource | InputProblem>;

export interface Directory {
  practitioners: Map<string, Practitioner>;
  roles: PractitionerRole[];
  locations: Map<string, Location>;
}

export interface Population {
  /** One collection bundle per patient, its Patient first. */
  patients: Bundle[];
  directory: Directory;
  problems: InputProblem[];
  /** Resource types the measures do not read (an export of everything has many): how many, first where. */
  unread: Map<string, { count: number; file: string; line: number }>;
  /** Lines read, resources kept. */
  lines: number;
  resources: number;
}

/**
 * `.ndjson` files of the given paths (a directory: its `.ndjson` files, any case, sorted); a directory
 * with none is an error, not an empty population.
 */
export function ndjsonFiles(paths: string[]): string[] {
  return paths.flatMap((p) => {
    if (!statSync(p).isDirectory()) return [p];
    const files = readdirSync(p)
      .filter((f) => /\.ndjson$/i.test(f))
      .sort()
      .map((f) => join(p, f));
    if (!files.length)
      throw new Error(`${p} holds no .ndjson file (a Bulk export's NDJSON files, one per type)`);
    return files;
  });
}

/** Streams each file's lines as parsed JSON, or a problem for a line that is not JSON. */
export async function* readNdjson(files: string[]): PopulationSource {
  for (const file of files) {
    const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
    let line = 0;
    let read = 0;
    for await (const raw of lines) {
      line++;
      // A byte order mark before the first line is the file's, not the resource's.
      const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (!text.trim()) continue;
      read++;
      try {
        yield { resource: JSON.parse(text) as unknown, file, line };
      } catch (err) {
        yield { file, line, message: `not JSON: ${(err as Error).message}` };
      }
    }
    // An empty file is a problem to report (a failed or cut download), not an empty population.
    if (!read) yield { file, line: 0, message: 'empty file: no resource in it' };
  }
}

const isProblem = (x: SourcedResource | InputProblem): x is InputProblem => 'message' in x;

/** The patient a clinical resource is about (`Patient/<id>` -> id), or undefined. */
export function patientOf(resource: Resource): string | undefined {
  if (resource.resourceType === 'Patient') return resource.id;
  const ref = (resource as { subject?: { reference?: string } }).subject?.reference;
  const match = ref ? /(?:^|\/)Patient\/([^/]+)$/.exec(ref) : null;
  return match?.[1];
}

function isResource(x: unknown): x is Resource {
  return (
    x !== null &&
    typeof x === 'object' &&
    typeof (x as { resourceType?: unknown }).resourceType === 'string' &&
    typeof (x as { id?: unknown }).id === 'string'
  );
}

/** The id of the Medication resource an order points at (`Medication/<id>`, relative or absolute). */
export function medicationId(order: MedicationRequest): string | undefined {
  const ref = order.medicationReference?.reference;
  return ref ? /(?:^|\/)Medication\/([^/]+)$/.exec(ref)?.[1] : undefined;
}

/**
 * An order that points at a Medication it contains (`#<id>`) carries that Medication's code as its own:
 * the measures' CQL cannot read a contained resource (cql-exec-fhir types it as Resource only).
 */
export function withContainedCode(order: MedicationRequest): MedicationRequest {
  const ref = order.medicationReference?.reference;
  if (!ref?.startsWith('#')) return order;
  const contained = order.contained?.find((c) => c.resourceType === 'Medication' && `#${c.id ?? ''}` === ref);
  const code = contained?.resourceType === 'Medication' ? contained.code : undefined;
  if (!code) return order;
  const rest: MedicationRequest = { ...order, medicationCodeableConcept: code };
  delete rest.medicationReference;
  return rest;
}

/** The Medications a patient's orders point at, each once; an order pointing at none read is a problem. */
function referencedMedications(
  list: Resource[],
  medications: Map<string, Medication>,
  pointing: Map<Resource, { file: string; line: number }>,
  problems: InputProblem[],
): Medication[] {
  const found = new Map<string, Medication>();
  for (const r of list) {
    const at = pointing.get(r);
    const id = r.resourceType === 'MedicationRequest' ? medicationId(r) : undefined;
    if (!at || id === undefined) continue;
    const medication = medications.get(id);
    if (medication) found.set(id, medication);
    else
      problems.push({
        ...at,
        message: `MedicationRequest/${printable(r.id ?? '')} points at Medication/${printable(id)}, which is not in the export (its code cannot be read)`,
      });
  }
  return [...found.values()];
}

/** Reads a whole source and groups it per patient; patients without a Patient resource are problems. */
export async function readPopulation(source: PopulationSource): Promise<Population> {
  const byPatient = new Map<string, Resource[]>();
  const firstSeen = new Map<string, { file: string; line: number }>();
  const directory: Directory = { practitioners: new Map(), roles: [], locations: new Map() };
  const problems: InputProblem[] = [];
  const unread: Population['unread'] = new Map();
  /** Clinical resources read, by `type/id`: a second copy (two exports concatenated) is left out. */
  const seen = new Set<string>();
  const medications = new Map<string, Medication>();
  /** Orders that point at a Medication resource, and where each was read. */
  const pointing = new Map<Resource, { file: string; line: number }>();
  let lines = 0;
  let resources = 0;
  for await (const item of source) {
    lines++;
    if (isProblem(item)) {
      problems.push(item);
      continue;
    }
    const { file, line } = item;
    const resource =
      isResource(item.resource) && item.resource.resourceType === 'MedicationRequest'
        ? withContainedCode(item.resource)
        : item.resource;
    if (!isResource(resource)) {
      problems.push({ file, line, message: 'not a FHIR resource with a resourceType and an id' });
      continue;
    }
    const type = resource.resourceType;
    if (type === 'Practitioner') directory.practitioners.set(resource.id ?? '', resource);
    else if (type === 'PractitionerRole') directory.roles.push(resource);
    else if (type === 'Location') directory.locations.set(resource.id ?? '', resource);
    else if (type === 'Medication') medications.set(resource.id ?? '', resource);
    else if ((CLINICAL_TYPES as readonly string[]).includes(type)) {
      const patient = patientOf(resource);
      // The id is the data's: shown escaped, never as the terminal's control sequences.
      const key = `${type}/${resource.id ?? ''}`;
      if (patient === undefined) {
        problems.push({ file, line, message: `${printable(key)} names no Patient subject` });
        continue;
      }
      if (seen.has(key)) {
        const message = `${printable(key)} was already read: this second copy is left out`;
        problems.push({ file, line, message });
        continue;
      }
      seen.add(key);
      for (const message of badDates(resource)) problems.push({ file, line, message });
      const list = byPatient.get(patient) ?? [];
      if (type === 'Patient') list.unshift(resource);
      else list.push(resource);
      if (type === 'MedicationRequest' && medicationId(resource) !== undefined)
        pointing.set(resource, { file, line });
      byPatient.set(patient, list);
      if (!firstSeen.has(patient)) firstSeen.set(patient, { file, line });
    } else {
      const counted = unread.get(type) ?? { count: 0, file, line };
      counted.count++;
      unread.set(type, counted);
      continue;
    }
    resources++;
  }
  const patients: Bundle[] = [];
  for (const [id, list] of byPatient) {
    if (list[0]?.resourceType !== 'Patient') {
      const at = firstSeen.get(id) ?? { file: '?', line: 0 };
      problems.push({ ...at, message: `resources about Patient/${printable(id)}, who is not in the export` });
      continue;
    }
    patients.push({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [...list, ...referencedMedications(list, medications, pointing, problems)].map((resource) => ({
        resource,
      })),
    });
  }
  return { patients, directory, problems, unread, lines, resources };
}
