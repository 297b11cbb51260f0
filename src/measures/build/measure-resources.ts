/**
 * FHIR resources of the measure build: a `Library` per CQL library (CQL and ELM as base64 content, its
 * includes and value sets as `depends-on` with their pinned versions) and a `Measure` per catalog entry.
 * Pure: the caller reads the files and writes the bundles.
 *
 * @example
 * const measure = measureResource(outcomeMeasure('vte-prophylaxis'));
 */
import type { Bundle, Coding, Library, Measure, RelatedArtifact, ValueSet } from '@medplum/fhirtypes';
import { MEASURE_BASE, MEASURE_VERSION, POPULATION_CRITERIA, measureUrl } from '../catalog';
import type { OutcomeMeasure } from '../catalog';
import { pinOf } from '../terminology';

export interface CompiledLibrary {
  name: string;
  version: string;
  cql: string;
  elm: ElmLibrary;
}

/** The parts of an ELM library the build reads. */
export interface ElmLibrary {
  library: {
    identifier: { id: string; version?: string };
    includes?: { def?: { path: string; version?: string }[] };
    valueSets?: { def?: { id: string; name: string }[] };
  };
}

export const libraryUrl = (name: string): string => `${MEASURE_BASE}/Library/${name}`;

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** The value-set URLs an ELM library declares. */
export function valueSetUrls(elm: ElmLibrary): string[] {
  return (elm.library.valueSets?.def ?? []).map((d) => d.id);
}

/** `url|version` of every value set the bundle's libraries pin, for loadValueSets. */
export function valueSetPins(bundle: Bundle): string[] {
  return (bundle.entry ?? []).flatMap((e) =>
    e.resource?.resourceType === 'Library'
      ? (e.resource.relatedArtifact ?? [])
          .filter((r) => r.type === 'depends-on' && r.resource && !r.resource.includes('/Library/'))
          .map((r) => `${r.resource ?? ''}|${r.label ?? ''}`)
      : [],
  );
}

/** Names of the libraries an ELM library includes. */
export function includedNames(elm: ElmLibrary): string[] {
  return (elm.library.includes?.def ?? []).map((d) => d.path);
}

export function libraryResource(lib: CompiledLibrary, valueSets: Map<string, ValueSet>): Library {
  const includes: RelatedArtifact[] = (lib.elm.library.includes?.def ?? []).map((d) => ({
    type: 'depends-on',
    display: `Library ${d.path}`,
    resource: `${libraryUrl(d.path)}${d.version ? `|${d.version}` : ''}`,
  }));
  const sets: RelatedArtifact[] = valueSetUrls(lib.elm).map((url) => {
    const set = valueSets.get(url);
    if (!set) throw new Error(`${lib.name}: value set ${url} not loaded`);
    // fqm-execution 1.8.6 matches `resource` against ValueSet.url only, so `url|version` would never
    // match: the pinned version goes in `label`, which valueSetPins() reads back.
    return {
      type: 'depends-on',
      label: pinOf(set),
      display: `Value set ${set.title ?? set.name ?? url}${set.version ? '' : ` (expansion of ${pinOf(set)})`}`,
      resource: url,
    };
  });
  return {
    resourceType: 'Library',
    id: lib.name,
    url: libraryUrl(lib.name),
    version: lib.version,
    name: lib.name,
    status: 'active',
    experimental: false,
    type: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/library-type', code: 'logic-library' }],
    },
    relatedArtifact: [...includes, ...sets],
    content: [
      { contentType: 'text/cql', data: b64(lib.cql) },
      { contentType: 'application/elm+json', data: b64(JSON.stringify(lib.elm)) },
    ],
  };
}

const coding = (system: string, code: string, display?: string): Coding =>
  display === undefined ? { system, code } : { system, code, display };

const TYPE_DISPLAY = { process: 'Process', outcome: 'Outcome', PRO: 'Patient Reported Outcome' } as const;

/**
 * The Measure: proportion scoring, patient-based (population basis boolean), one group, and the
 * attribution statements as supplemental data the batch reads (never reported to the patient's chart).
 */
export function measureResource(m: OutcomeMeasure): Measure {
  return {
    resourceType: 'Measure',
    id: m.id,
    extension: [
      {
        url: 'http://hl7.org/fhir/us/cqfmeasures/StructureDefinition/cqfm-populationBasis',
        valueCode: 'boolean',
      },
    ],
    url: measureUrl(m.id),
    version: MEASURE_VERSION,
    name: m.library,
    title: m.title,
    status: 'active',
    experimental: true,
    publisher: 'Learning Loop',
    description: m.description,
    library: [libraryUrl(m.library)],
    scoring: {
      coding: [coding('http://terminology.hl7.org/CodeSystem/measure-scoring', 'proportion', 'Proportion')],
    },
    type: [
      {
        coding: [coding('http://terminology.hl7.org/CodeSystem/measure-type', m.type, TYPE_DISPLAY[m.type])],
      },
    ],
    rationale: m.rationale,
    improvementNotation: {
      coding: [
        coding(
          'http://terminology.hl7.org/CodeSystem/measure-improvement-notation',
          m.improvementNotation,
          m.improvementNotation === 'increase'
            ? 'Increased score indicates improvement'
            : 'Decreased score indicates improvement',
        ),
      ],
    },
    guidance: m.guideline,
    relatedArtifact: m.citations.map((c) => ({
      type: 'citation',
      label: c.label,
      citation: c.citation,
      url: c.url,
    })),
    group: [
      {
        id: 'main',
        population: m.populations.map((code) => ({
          id: code,
          code: { coding: [coding('http://terminology.hl7.org/CodeSystem/measure-population', code)] },
          criteria: { language: 'text/cql', expression: POPULATION_CRITERIA[code] },
        })),
      },
    ],
    supplementalData: ATTRIBUTION_STATEMENTS.map((expression) => ({
      id: expression.toLowerCase().replace(/ /g, '-'),
      usage: [
        { coding: [coding('http://terminology.hl7.org/CodeSystem/measure-data-usage', 'supplemental-data')] },
      ],
      description: 'Read by the measures batch to attribute the result; see src/measures/README.md.',
      criteria: { language: 'text/cql', expression },
    })),
  };
}

/** Statements every measure library defines for attribution. */
export const ATTRIBUTION_STATEMENTS = [
  'Attributed Encounter',
  'Attributed Order',
  'Attribution Time',
] as const;

/** The measure bundle fqm-execution takes, less the value sets (added when loaded, from the pins). */
export function measureBundle(measure: Measure, libraries: Library[]): Bundle {
  return {
    resourceType: 'Bundle',
    id: measure.id,
    type: 'collection',
    entry: [measure, ...libraries].map((resource) => ({
      fullUrl: `${MEASURE_BASE}/${resource.resourceType}/${resource.id ?? ''}`,
      resource,
    })),
  };
}
