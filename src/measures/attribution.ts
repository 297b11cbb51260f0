/**
 * Attribution: whose result is it? A patient's result on a measure belongs to clinicians (the
 * participants of the encounter the measure is about, or the requester of the order it is about), to
 * the ward the encounter was on (its `Encounter.location`, walked up `Location.partOf` to the Location
 * of physicalType `wa`), and through the clinicians' PractitionerRole codes to their peer groups. Which
 * source wins and which moment picks the ward are configured per measure (`attribution.json`).
 *
 * @example
 * const a = attribute(result, indexResources(bundle), directory, DEFAULT_ATTRIBUTION);
 * a.clinicians; // ['pr-001', 'pr-002']
 */
import type { Bundle, Encounter, Location, MedicationRequest, Reference, Resource } from '@medplum/fhirtypes';
import config from './attribution.json' with { type: 'json' };
import type { PatientMeasureResult } from './engine';
import type { Directory } from './input';

export type ClinicianSource = 'encounter-participants' | 'order-requester';
/** at-time: the ward at the result's moment; admitting / discharging: the first / last; all: every one. */
export type UnitRule = 'at-time' | 'admitting' | 'discharging' | 'all';

export interface AttributionRules {
  /** Tried in order; the first that names a clinician wins. */
  clinicians: ClinicianSource[];
  /** Encounter.participant.type codes to keep (e.g. ATND); empty keeps every participant. */
  participantTypes: string[];
  unit: UnitRule;
}

export interface AttributionConfig extends AttributionRules {
  /** PractitionerRole.code system whose codes make peer groups. */
  peerRoleSystem: string;
  measures: Record<string, Partial<AttributionRules>>;
}

export const DEFAULT_ATTRIBUTION = config as AttributionConfig;

export interface Attribution {
  clinicians: string[];
  units: string[];
  /** Why a clinician or a unit is missing, for the batch's report. */
  problems: string[];
}

/** Resources of one patient bundle by `Type/id`. */
export function indexResources(bundle: Bundle): Map<string, Resource> {
  const index = new Map<string, Resource>();
  for (const e of bundle.entry ?? [])
    if (e.resource) index.set(`${e.resource.resourceType}/${e.resource.id ?? ''}`, e.resource);
  return index;
}

/** The rules for one measure: its own entries over the defaults. */
export function rulesFor(measure: string, cfg: AttributionConfig = DEFAULT_ATTRIBUTION): AttributionRules {
  const own = cfg.measures[measure] ?? {};
  return {
    clinicians: own.clinicians ?? cfg.clinicians,
    participantTypes: own.participantTypes ?? cfg.participantTypes,
    unit: own.unit ?? cfg.unit,
  };
}

const refId = (ref: Reference | undefined, type: string): string | undefined => {
  const match = ref?.reference ? new RegExp(`(?:^|/)${type}/([^/]+)$`).exec(ref.reference) : null;
  return match?.[1];
};

/** A Practitioner reference, or a PractitionerRole reference resolved to its practitioner. */
function practitionerOf(ref: Reference | undefined, directory: Directory): string | undefined {
  const direct = refId(ref, 'Practitioner');
  if (direct) return direct;
  const roleId = refId(ref, 'PractitionerRole');
  const role = roleId ? directory.roles.find((r) => r.id === roleId) : undefined;
  return refId(role?.practitioner, 'Practitioner');
}

function participants(encounter: Encounter, rules: AttributionRules, directory: Directory): string[] {
  const keep = (types: string[]) =>
    !rules.participantTypes.length || types.some((t) => rules.participantTypes.includes(t));
  return (encounter.participant ?? [])
    .filter((p) => keep((p.type ?? []).flatMap((t) => (t.coding ?? []).map((c) => c.code ?? ''))))
    .map((p) => practitionerOf(p.individual, directory))
    .filter((id): id is string => id !== undefined);
}

/** The ward a Location is in: itself or the first ancestor of physicalType `wa` (cycles stop the walk). */
export function wardOf(locationId: string, directory: Directory): string | undefined {
  const seen = new Set<string>();
  let current: Location | undefined = directory.locations.get(locationId);
  while (current?.id && !seen.has(current.id)) {
    seen.add(current.id);
    if (current.physicalType?.coding?.some((c) => c.code === 'wa')) return current.id;
    const parent = refId(current.partOf, 'Location');
    current = parent ? directory.locations.get(parent) : undefined;
  }
  return undefined;
}

function wards(encounter: Encounter, rule: UnitRule, at: string | undefined, directory: Directory): string[] {
  const stays = (encounter.location ?? [])
    .map((l) => ({ ward: wardOf(refId(l.location, 'Location') ?? '', directory), period: l.period }))
    .filter((s): s is { ward: string; period: typeof s.period } => s.ward !== undefined)
    .sort((a, b) => (a.period?.start ?? '').localeCompare(b.period?.start ?? ''));
  if (!stays.length) return [];
  if (rule === 'all') return [...new Set(stays.map((s) => s.ward))];
  if (rule === 'admitting') return [stays[0]?.ward ?? ''];
  if (rule === 'discharging') return [stays[stays.length - 1]?.ward ?? ''];
  const time = at ? Date.parse(at) : NaN;
  const during = stays.find((s) => {
    const start = s.period?.start ? Date.parse(s.period.start) : -Infinity;
    const end = s.period?.end ? Date.parse(s.period.end) : Infinity;
    return time >= start && time <= end;
  });
  // No moment, or a moment outside every stay (an order written before the bed was assigned): the first.
  return [(during ?? stays[0])?.ward ?? ''];
}

/** Attributes one patient's result. Never throws: what cannot be attributed is said in `problems`. */
export function attribute(
  result: PatientMeasureResult,
  resources: Map<string, Resource>,
  directory: Directory,
  rules: AttributionRules,
): Attribution {
  const problems: string[] = [];
  const encounter = result.encounter ? (resources.get(result.encounter) as Encounter | undefined) : undefined;
  const order = result.order ? (resources.get(result.order) as MedicationRequest | undefined) : undefined;
  if (result.encounter && !encounter) problems.push(`${result.encounter} is not in the export`);
  let clinicians: string[] = [];
  for (const source of rules.clinicians) {
    if (source === 'order-requester') {
      const requester = order ? practitionerOf(order.requester, directory) : undefined;
      if (order && !requester) problems.push(`${result.order ?? 'the order'} has no requester`);
      if (requester) clinicians = [requester];
    } else if (encounter) {
      clinicians = participants(encounter, rules, directory);
      if (!clinicians.length) problems.push(`${result.encounter ?? 'the encounter'} has no participant`);
    }
    if (clinicians.length) break;
  }
  if (!clinicians.length && !encounter && !order) problems.push('no encounter or order to attribute to');
  const units = encounter ? wards(encounter, rules.unit, result.at, directory) : [];
  if (encounter && !units.length)
    problems.push(`${result.encounter ?? 'the encounter'} has no location on a ward`);
  if (!encounter) problems.push('no encounter: no unit');
  return { clinicians: [...new Set(clinicians)], units, problems };
}

/** Peer group ids (`peers-<role code>`) of a clinician, from their PractitionerRole codes. */
export function peerGroupsOf(
  practitioner: string,
  directory: Directory,
  cfg: AttributionConfig = DEFAULT_ATTRIBUTION,
): string[] {
  const codes = directory.roles
    .filter((r) => refId(r.practitioner, 'Practitioner') === practitioner && r.active !== false)
    .flatMap((r) => (r.code ?? []).flatMap((c) => c.coding ?? []))
    .filter((c) => c.system === cfg.peerRoleSystem && c.code)
    .map((c) => `peers-${c.code ?? ''}`);
  return [...new Set(codes)].sort();
}
