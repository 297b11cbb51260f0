/**
 * Drafted orders: what a suggestion may draft (whatever a rule pack or a remote CDS service wrote),
 * how a draft reads to the clinician before they accept it, and which drafts of ours still await
 * signature when the panel opens again.
 */
import type { Resource } from '@medplum/fhirtypes';
import type { Suggestion } from '../cds/cards';
import { searchValue } from '../fhir/search';
import { searchAll } from '../fhir/search-all';
import type { FhirRequester } from '../fhir/requester';
import { SUGGESTION_IDENTIFIER_SYSTEM } from './suggestion-identifier';

export { SUGGESTION_IDENTIFIER_SYSTEM };

/** The resource types a suggestion may draft unless the config says otherwise. */
export const DEFAULT_DRAFT_TYPES: readonly string[] = ['MedicationRequest', 'ServiceRequest'];

/** FHIR's own pattern for a resource type name: nothing else may become a path the token goes to. */
const RESOURCE_TYPE = /^[A-Z][A-Za-z]{1,63}$/;

export interface DraftRules {
  patientId: string;
  /** Resource types a suggestion may draft. */
  allowedTypes: readonly string[];
  /** The signed-in clinician (`Practitioner/…`), who will sign the draft; unset when unknown. */
  requester?: string;
  encounterId?: string;
  /** When the clinician accepted: the draft's `authoredOn`. */
  now: Date;
}

/**
 * The rules a suggestion is drafted by, for the launched patient, clinician and encounter, as of `now`.
 *
 * @example draftRulesFor({ patientId: 'p1', practitioner: 'Practitioner/d1' }, {}, ['MedicationRequest'], new Date())
 */
export function draftRulesFor(
  launched: { patientId: string; practitioner?: string } | undefined,
  placement: { encounterId?: string },
  allowedTypes: readonly string[],
  now: Date,
): DraftRules {
  return {
    patientId: launched?.patientId ?? '',
    allowedTypes,
    now,
    ...(launched?.practitioner ? { requester: launched.practitioner } : {}),
    ...(placement.encounterId ? { encounterId: placement.encounterId } : {}),
  };
}

/**
 * A suggestion's resource as the app will write it: only an allowed type; always a `draft` for the
 * clinician to sign in the EHR; for the launched patient (and encounter) whatever it said; the
 * requester the signed-in clinician, authored now; no id of its own. Throws, naming the problem, for
 * anything else.
 *
 * @example
 * safeDraft(remoteResource, { patientId: 'p-1', allowedTypes: DEFAULT_DRAFT_TYPES, requester: 'Practitioner/pr-1', now });
 */
export function safeDraft(resource: unknown, rules: DraftRules): Resource {
  const type = (resource as { resourceType?: unknown } | undefined)?.resourceType;
  if (typeof type !== 'string' || !RESOURCE_TYPE.test(type))
    throw new Error(
      `it drafts something that is not a FHIR resource (${JSON.stringify(type)?.slice(0, 60)})`,
    );
  if (!rules.allowedTypes.includes(type))
    throw new Error(`it drafts a ${type}; only ${rules.allowedTypes.join(' and ')} may be drafted here`);
  const { id: _id, meta: _meta, requester: _requester, ...rest } = resource as Record<string, unknown>;
  return {
    ...rest,
    resourceType: type,
    status: 'draft',
    subject: { reference: `Patient/${rules.patientId}` },
    authoredOn: rules.now.toISOString(),
    ...(rules.encounterId
      ? { encounter: { reference: `Encounter/${rules.encounterId}` } }
      : { encounter: undefined }),
    ...(rules.requester ? { requester: { reference: rules.requester } } : {}),
  } as Resource;
}

/**
 * What a drafted resource is, in a line a clinician can check before accepting: the medication or
 * service, and the dose where there is one.
 *
 * @example
 * describeDraft(enoxaparinOrder);
 * // '0.4 ML enoxaparin sodium 100 MG/ML Prefilled Syringe (RxNorm 854235): enoxaparin 40 mg subcutaneously once daily'
 */
export function describeDraft(resource: Resource | undefined): string | undefined {
  if (!resource) return undefined;
  type Concept = { text?: string; coding?: { system?: string; display?: string; code?: string }[] };
  const r = resource as {
    medicationCodeableConcept?: Concept;
    code?: Concept;
    dosageInstruction?: { text?: string }[];
  };
  const concept = resource.resourceType === 'MedicationRequest' ? r.medicationCodeableConcept : r.code;
  // The coding is what the EHR will order: its name comes first, and its code is always shown, since
  // a remote card writes the name as freely as the text (apixaban over a warfarin code).
  const coding = concept?.coding?.find((c) => c.display && c.code) ?? concept?.coding?.find((c) => c.code);
  const what = coding?.display ?? concept?.text;
  if (!what) return undefined;
  const code = coding?.code ? ` (${CODE_SYSTEMS[coding.system ?? ''] ?? 'code'} ${coding.code})` : '';
  const dose = r.dosageInstruction?.map((d) => d.text).find(Boolean);
  return `${what}${code}${dose ? `: ${dose}` : ''}`;
}

/** Code systems a clinician may know by name. */
const CODE_SYSTEMS: Record<string, string> = {
  'http://www.nlm.nih.gov/research/umls/rxnorm': 'RxNorm',
  'http://snomed.info/sct': 'SNOMED CT',
  'http://loinc.org': 'LOINC',
};

/** The resources of a suggestion's `create` actions, with the identifier value each is drafted under. */
export function draftsOf(cardUuid: string, suggestion: Suggestion): { resource: unknown; value: string }[] {
  return (suggestion.actions ?? []).flatMap((action, i) => {
    if (action.type !== 'create' || !action.resource) return [];
    return [{ resource: action.resource, value: `${cardUuid}.${suggestion.uuid ?? i}.${i}` }];
  });
}

/** A draft of ours that no one has signed yet: which card it came from, since when, and what it is. */
export interface PendingDraft {
  cardUuid: string;
  since: string;
  what: string;
}

/**
 * Drafts this app wrote for the patient that still await signature, by the card they came from (the
 * identifier value starts with the card uuid). One search per draftable type, in parallel. An EHR
 * that cannot answer gives none (the cards then ask again, which is the safe side), with a warning.
 */
export async function pendingDrafts(
  request: FhirRequester,
  patientId: string,
  types: readonly string[],
): Promise<Map<string, PendingDraft>> {
  try {
    return await findDrafts(request, patientId, types);
  } catch (error) {
    console.warn('Learning Loop: drafts awaiting signature could not be read', error);
    return new Map();
  }
}

async function findDrafts(
  request: FhirRequester,
  patientId: string,
  types: readonly string[],
): Promise<Map<string, PendingDraft>> {
  const searches = types.map(
    (type) =>
      `${type}?patient=${searchValue(`Patient/${patientId}`)}&identifier=${searchValue(`${SUGGESTION_IDENTIFIER_SYSTEM}|`)}&status=draft&_count=100`,
  );
  const found = new Map<string, PendingDraft>();
  for (const resource of (await Promise.all(searches.map((s) => searchAll(request, s)))).flat()) {
    const r = resource as {
      identifier?: { system?: string; value?: string }[];
      authoredOn?: string;
      status?: string;
    };
    if (r.status !== 'draft') continue;
    const value = r.identifier?.find((i) => i.system === SUGGESTION_IDENTIFIER_SYSTEM)?.value;
    const cardUuid = value?.split('.')[0];
    if (!cardUuid) continue;
    found.set(cardUuid, {
      cardUuid,
      since: r.authoredOn ?? '',
      what: describeDraft(resource) ?? resource.resourceType,
    });
  }
  return found;
}
