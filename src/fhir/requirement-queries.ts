/**
 * Data requirements -> FHIR searches for one patient, relative to the server base. Requirements of
 * one resource type are merged: one search per date window, each code asked for once (in the widest
 * window that needs it); a requirement without codes makes it one search for the whole type.
 * Medications, outside the patient compartment, come with the MedicationRequests (`_include`).
 *
 * @example
 * queriesFor(packDataRequirements(pack), 'p-013', now);
 * // ['Observation?patient=p-013&code=http://loinc.org|2160-0,...&date=ge2026-01-08&_count=200', ...]
 */
import { since, type DataRequirement, type RequirementCode } from './data-requirement';
import { searchValue as encode } from './search';

/**
 * Search parameters for a resource type's code and date elements (FHIR R4). Windows on other
 * elements (a Condition's onset, often absent; the CQL then falls back to recordedDate) are not
 * sent to the server: it would drop resources the rule still reads.
 */
const CODE_PARAM: Record<string, string> = { Encounter: 'type' };
const DATE_PARAM: Record<string, Record<string, string>> = {
  Observation: { effective: 'date' },
  Encounter: { period: 'date' },
  Procedure: { performed: 'date' },
};
const PAGE = '_count=200';

/** Types outside the patient compartment, fetched with the resources that point at them. */
const INCLUDED_WITH: Record<string, { resourceType: string; include: string }> = {
  Medication: { resourceType: 'MedicationRequest', include: 'MedicationRequest:medication' },
};

const token = (c: RequirementCode) => `${c.system}|${c.code}`;

interface Window {
  /** `ge` bound (YYYY-MM-DD, the day the window starts) or undefined for all time. */
  from: string | undefined;
  param: string | undefined;
}

function windowOf(r: DataRequirement, now: Date): Window {
  const param = r.dateFilter ? DATE_PARAM[r.resourceType]?.[r.dateFilter.path] : undefined;
  if (!r.dateFilter || !param) return { from: undefined, param: undefined };
  return { from: since(r.dateFilter, now).toISOString().slice(0, 10), param };
}

/** Widest first: all time, then the oldest start. */
const wider = (a: Window, b: Window) =>
  a.from === b.from ? 0 : a.from === undefined ? -1 : b.from === undefined ? 1 : a.from < b.from ? -1 : 1;

/** `patient=Patient/<id>`: the spec allows a bare id too, but some servers (Medplum) match only Type/id. */
function search(type: string, patient: string, params: string[]): string {
  return `${type}?patient=${encode(`Patient/${patient}`)}${params.map((p) => `&${p}`).join('')}&${PAGE}`;
}

/** `status=` when every requirement of the type keeps only some statuses (their union). */
function statusParam(list: DataRequirement[]): string[] {
  const reqs = list.filter((r) => !r.include || r.codeFilter || r.dateFilter || r.statusFilter);
  if (!reqs.length || !reqs.every((r) => r.statusFilter)) return [];
  return [`status=${[...new Set(reqs.flatMap((r) => r.statusFilter ?? []))].map(encode).join(',')}`];
}

function queriesForType(type: string, list: DataRequirement[], patient: string, now: Date): string[] {
  const includes = [
    ...statusParam(list),
    ...[...new Set(list.flatMap((r) => r.include ?? []))].map((i) => `_include=${encode(i)}`),
  ];
  const reqs = list.filter((r) => !r.include || r.codeFilter || r.dateFilter || r.statusFilter);
  if (!reqs.length || reqs.some((r) => !r.codeFilter)) {
    const windows = reqs.map((r) => windowOf(r, now)).sort(wider);
    const all = !reqs.length || reqs.some((r) => !r.codeFilter) ? windows[0] : undefined;
    const date = all?.from && all.param ? [`${all.param}=ge${all.from}`] : [];
    return [search(type, patient, [...date, ...includes])];
  }
  const byWindow = new Map<
    string,
    { window: Window; codes: Map<string, RequirementCode>; valueSets: Set<string> }
  >();
  for (const r of reqs) {
    const window = windowOf(r, now);
    const key = `${window.param ?? ''}|${window.from ?? ''}`;
    const group = byWindow.get(key) ?? { window, codes: new Map(), valueSets: new Set<string>() };
    for (const c of r.codeFilter?.codes ?? []) group.codes.set(token(c), c);
    if (!r.codeFilter?.codes.length && r.codeFilter?.valueSet) group.valueSets.add(r.codeFilter.valueSet);
    byWindow.set(key, group);
  }
  const asked = new Set<string>();
  const param = CODE_PARAM[type] ?? 'code';
  return [...byWindow.values()]
    .sort((a, b) => wider(a.window, b.window))
    .flatMap(({ window, codes, valueSets }) => {
      const date = window.from && window.param ? [`${window.param}=ge${window.from}`] : [];
      const fresh = [...codes.keys()].filter((t) => !asked.has(t));
      fresh.forEach((t) => asked.add(t));
      const out = fresh.length
        ? [search(type, patient, [`${param}=${fresh.map(encode).join(',')}`, ...date, ...includes])]
        : [];
      for (const vs of valueSets)
        out.push(search(type, patient, [`${param}:in=${encode(vs)}`, ...date, ...includes]));
      return out;
    });
}

/** The searches that fetch what `requirements` need for `patientId`, as of `now`. */
export function queriesFor(requirements: readonly DataRequirement[], patientId: string, now: Date): string[] {
  const byType = new Map<string, DataRequirement[]>();
  for (const requirement of requirements) {
    const via = INCLUDED_WITH[requirement.resourceType];
    const r: DataRequirement = via ? { resourceType: via.resourceType, include: [via.include] } : requirement;
    const list = byType.get(r.resourceType);
    if (list) list.push(r);
    else byType.set(r.resourceType, [r]);
  }
  const out: string[] = [];
  for (const [type, list] of byType) {
    if (type === 'Patient') out.push(`Patient?_id=${encode(patientId)}`);
    else out.push(...queriesForType(type, list, patientId, now));
  }
  return out;
}
