import type { Resource } from '@medplum/fhirtypes';
import type { FhirStore } from './store';

/** Reference search parameters the mock supports, as paths into the resource. */
const REFERENCE_PARAMS: Record<string, Record<string, string>> = {
  Encounter: {
    patient: 'subject',
    subject: 'subject',
    location: 'location.location',
    practitioner: 'participant.individual',
  },
  Location: { partof: 'partOf', organization: 'managingOrganization' },
  PractitionerRole: { practitioner: 'practitioner', location: 'location', organization: 'organization' },
  Observation: { patient: 'subject', subject: 'subject', encounter: 'encounter' },
  Condition: { patient: 'subject', subject: 'subject', encounter: 'encounter' },
  MedicationRequest: {
    patient: 'subject',
    subject: 'subject',
    encounter: 'encounter',
    requester: 'requester',
    medication: 'medicationReference',
  },
  ServiceRequest: { patient: 'subject', subject: 'subject', encounter: 'encounter' },
  Procedure: { patient: 'subject', subject: 'subject', encounter: 'encounter' },
  AuditEvent: { agent: 'agent.who', entity: 'entity.what', patient: 'entity.what' },
  MeasureReport: { subject: 'subject', patient: 'subject', reporter: 'reporter' },
  Group: { member: 'member.entity' },
};
/** Canonical search parameters: `url` matches any version, `url|version` only that one. */
const CANONICAL_PARAMS: Record<string, Record<string, string>> = {
  MeasureReport: { measure: 'measure' },
  Measure: { url: 'url' },
};
const TOKEN_PARAMS: Record<string, string> = {
  code: 'code',
  status: 'status',
  category: 'category',
  'clinical-status': 'clinicalStatus',
  'physical-type': 'physicalType',
  identifier: 'identifier',
  type: 'type',
  'entity-type': 'entity.type',
  _tag: 'meta.tag',
};
/** Date paths; `a|b` searches several (performed[x]: a dateTime, or a period's start and end). */
const DATE_PARAMS: Record<string, Record<string, string>> = {
  Observation: { date: 'effectiveDateTime' },
  Encounter: { date: 'period.start' },
  MedicationRequest: { authoredon: 'authoredOn' },
  Condition: { 'onset-date': 'onsetDateTime' },
  // With ge and le applied one after the other, start and end together give period overlap.
  Procedure: { date: 'performedDateTime|performedPeriod.start|performedPeriod.end' },
  AuditEvent: { date: 'recorded' },
  MeasureReport: { date: 'date', period: 'period' },
};
const CONTROL = new Set(['_count', '_offset', '_include', '_include:iterate', '_sort', '_format', '_total']);

export class SearchError extends Error {}

/** Every value at a dotted path, flattening arrays on the way. */
export function valuesAt(value: unknown, path: string): unknown[] {
  let current: unknown[] = [value];
  for (const key of path.split('.')) {
    current = current.flatMap((v) => {
      const next = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined;
      return Array.isArray(next) ? next : next === undefined ? [] : [next];
    });
  }
  return current;
}

function matchesToken(value: unknown, wanted: string): boolean {
  const [system, code] = wanted.includes('|') ? wanted.split('|', 2) : [undefined, wanted];
  const codings: unknown[] =
    typeof value === 'string' ? [{ code: value }] : [value, ...valuesAt(value, 'coding')];
  return codings.some((c) => {
    const cs = c as { system?: string; code?: string; value?: string };
    const candidate = cs.code ?? cs.value;
    return (system === undefined || system === '' || cs.system === system) && (!code || candidate === code);
  });
}

/**
 * A Period against a date prefix, as FHIR reads ranges: `ge` holds when the period reaches the bound,
 * `lt` when it starts before it (so monthly reports split cleanly into windows), `eq` when it holds it.
 */
function matchesPeriod(value: { start?: unknown; end?: unknown }, prefix: string, bound: number): boolean {
  const start = typeof value.start === 'string' ? Date.parse(value.start) : -Infinity;
  const end = typeof value.end === 'string' ? Date.parse(value.end) : Infinity;
  if (Number.isNaN(start) || Number.isNaN(end)) return false;
  switch (prefix) {
    case 'gt':
      return end > bound;
    case 'ge':
      return end >= bound;
    case 'lt':
      return start < bound;
    case 'le':
      return start <= bound;
    case 'ne':
      return !(start <= bound && bound <= end);
    default:
      return start <= bound && bound <= end;
  }
}

function matchesDate(value: unknown, wanted: string): boolean {
  const m = /^(eq|ne|gt|lt|ge|le)?(.+)$/.exec(wanted);
  const bound = Date.parse(m?.[2] ?? '');
  if (typeof value === 'object' && value !== null && !Number.isNaN(bound))
    return matchesPeriod(value as { start?: unknown; end?: unknown }, m?.[1] ?? 'eq', bound);
  const at = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(at) || Number.isNaN(bound)) return false;
  switch (m?.[1] ?? 'eq') {
    case 'gt':
      return at > bound;
    case 'lt':
      return at < bound;
    case 'ge':
      return at >= bound;
    case 'le':
      return at <= bound;
    case 'ne':
      return at !== bound;
    default:
      return at === bound;
  }
}

function matchesCanonical(value: unknown, wanted: string): boolean {
  if (typeof value !== 'string') return false;
  return wanted.includes('|') ? value === wanted : value.split('|')[0] === wanted;
}

function matchesReference(value: unknown, wanted: string): boolean {
  const ref = (value as { reference?: string } | undefined)?.reference;
  if (typeof ref !== 'string') return false;
  return ref === wanted || ref.endsWith(`/${wanted}`);
}

/** Every value at any of the `|`-separated dotted paths. */
const datesAt = (value: unknown, paths: string): unknown[] =>
  paths.split('|').flatMap((p) => valuesAt(value, p));

/** Resources of `type` matching every filter; throws SearchError on an unsupported parameter. */
export function filterResources(store: FhirStore, type: string, params: URLSearchParams): Resource[] {
  let results = store.all(type);
  for (const [rawName, value] of params) {
    const name = rawName.split(':')[0] ?? rawName;
    if (CONTROL.has(rawName)) continue;
    const alternatives = value.split(',');
    const any = (test: (v: string) => boolean) => alternatives.some(test);
    if (name === '_has') {
      results = results.filter((r) =>
        reverseChainTargets(store, type, rawName, value).has(`${type}/${r.id}`),
      );
    } else if (rawName.includes('.') && REFERENCE_PARAMS[type]?.[name]) {
      const targets = chainTargets(store, type, rawName, value);
      const path = REFERENCE_PARAMS[type]?.[name] ?? '';
      results = results.filter((r) =>
        valuesAt(r, path).some((ref) => targets.has(String((ref as { reference?: string })?.reference))),
      );
    } else if (CANONICAL_PARAMS[type]?.[name]) {
      const path = CANONICAL_PARAMS[type]?.[name] ?? '';
      results = results.filter((r) => valuesAt(r, path).some((c) => any((v) => matchesCanonical(c, v))));
    } else if (name === '_id') {
      results = results.filter((r) => any((v) => r.id === v));
    } else if (REFERENCE_PARAMS[type]?.[name]) {
      const path = REFERENCE_PARAMS[type]?.[name] ?? '';
      results = results.filter((r) => valuesAt(r, path).some((ref) => any((v) => matchesReference(ref, v))));
    } else if (TOKEN_PARAMS[name]) {
      const path = TOKEN_PARAMS[name] ?? '';
      results = results.filter((r) => valuesAt(r, path).some((x) => any((v) => matchesToken(x, v))));
    } else if (DATE_PARAMS[type]?.[name]) {
      const path = DATE_PARAMS[type]?.[name] ?? '';
      // Repeated date params (ge and le) must all hold: each pass of the loop narrows further.
      results = results.filter((r) => datesAt(r, path).some((x) => matchesDate(x, value)));
    } else {
      throw new SearchError(`Unknown search parameter "${rawName}" for ${type}`);
    }
  }
  const sort = params.get('_sort');
  const dateParam = Object.values(DATE_PARAMS[type] ?? {})[0];
  if (sort && dateParam && /^-?date$/.test(sort)) {
    const key = (r: Resource) => String(datesAt(r, dateParam)[0] ?? '');
    results.sort((a, b) =>
      sort.startsWith('-') ? key(b).localeCompare(key(a)) : key(a).localeCompare(key(b)),
    );
  }
  return results;
}

/**
 * A forward chain, `param:Target.inner=value` (e.g. `subject:Group.member=Practitioner/1`): the
 * `Target/id` keys of the Target resources that match `inner=value`.
 */
function chainTargets(store: FhirStore, type: string, rawName: string, value: string): Set<string> {
  const m = /^[a-z-]+:([A-Z][A-Za-z]+)\.([a-z-]+)$/.exec(rawName);
  const [, target = '', inner = ''] = m ?? [];
  if (!m || !REFERENCE_PARAMS[target]?.[inner])
    throw new SearchError(`Unsupported chained search "${rawName}" for ${type}`);
  const matches = filterResources(store, target, new URLSearchParams([[inner, value]]));
  return new Set(matches.map((r) => `${target}/${r.id}`));
}

/** `_has:Source:param:inner=value`: keys of the `type` resources that some matching Source points to. */
function reverseChainTargets(store: FhirStore, type: string, rawName: string, value: string): Set<string> {
  const [, sourceType = '', param = '', ...inner] = rawName.split(':');
  const path = REFERENCE_PARAMS[sourceType]?.[param];
  if (!path || !inner.length) throw new SearchError(`Unsupported reverse chain "${rawName}" for ${type}`);
  const sources = filterResources(store, sourceType, new URLSearchParams([[inner.join(':'), value]]));
  return new Set(
    sources
      .flatMap((s) => valuesAt(s, path))
      .map((ref) => String((ref as { reference?: string })?.reference)),
  );
}

/** Resources named by `_include` (and `_include:iterate`, repeated until nothing new). */
export function includedResources(
  store: FhirStore,
  matches: Resource[],
  params: URLSearchParams,
): Resource[] {
  const once = params.getAll('_include');
  const iterate = params.getAll('_include:iterate');
  const seen = new Set(matches.map((r) => `${r.resourceType}/${r.id}`));
  const included: Resource[] = [];
  let frontier = matches;
  let specs = [...once, ...iterate];
  for (let round = 0; round < 10 && frontier.length && specs.length; round++) {
    const next: Resource[] = [];
    for (const spec of specs) {
      const [sourceType, param] = spec.split(':');
      const path = sourceType && param ? REFERENCE_PARAMS[sourceType]?.[param] : undefined;
      if (!path) throw new SearchError(`Unknown _include "${spec}"`);
      for (const r of frontier.filter((x) => x.resourceType === sourceType)) {
        for (const ref of valuesAt(r, path)) {
          const [t, id] = String((ref as { reference?: string })?.reference ?? '')
            .split('/')
            .slice(-2);
          const target = t && id ? store.read(t, id) : undefined;
          if (target && !seen.has(`${t}/${id}`)) {
            seen.add(`${t}/${id}`);
            next.push(target);
          }
        }
      }
    }
    included.push(...next);
    frontier = next;
    specs = iterate;
  }
  return included;
}
