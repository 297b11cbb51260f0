import type { Resource } from '@medplum/fhirtypes';
import type { UserFacingError } from '../core/status';
import { describeFhirError } from '../fhir/errors';
import { parseReference } from '../fhir/reference';
import type { FhirRequester } from '../fhir/requester';
import { resourceKey, searchAll } from '../fhir/search-all';

/** Types that belong to one patient: one without a reference to the patient cannot be trusted as theirs. */
const PATIENT_COMPARTMENT = new Set([
  'AllergyIntolerance',
  'Condition',
  'Encounter',
  'MedicationAdministration',
  'MedicationRequest',
  'MedicationStatement',
  'Observation',
  'Procedure',
  'ServiceRequest',
]);

/**
 * Whether a resource is the launched patient's: the Patient itself, or one whose `subject` or
 * `patient` names them. Resources outside the patient compartment (a Medication an order includes)
 * are kept; one of the compartment that names nobody, or another patient, is not.
 */
export function belongsTo(resource: Resource, patientId: string): boolean {
  if (resource.resourceType === 'Patient') return resource.id === patientId;
  const fields = resource as { subject?: { reference?: unknown }; patient?: { reference?: unknown } };
  const named = [fields.subject?.reference, fields.patient?.reference]
    .map((r) => parseReference(r))
    .filter((r) => r?.type === 'Patient');
  if (named.length) return named.some((r) => r?.id === patientId);
  return !PATIENT_COMPARTMENT.has(resource.resourceType);
}

/**
 * The record the rules need: every page of every search, all at once, each resource once (by type
 * and id) and only the launched patient's. If any search fails, or its answer is not a whole
 * searchset, the record is refused with what a clinician reads: a rule run on part of a record could
 * miss what should trigger it, so no rule runs.
 *
 * @example
 * const record = await fetchRecord(request, runner.queries(patientId, now), patientId);
 * if ('error' in record) show(record.error); else run(record.resources);
 */
export async function fetchRecord(
  request: FhirRequester,
  queries: readonly string[],
  patientId: string,
): Promise<{ resources: Resource[] } | { error: UserFacingError }> {
  const answers = await Promise.allSettled(queries.map((q) => searchAll(request, q)));
  const failed = answers.find((a): a is PromiseRejectedResult => a.status === 'rejected');
  if (failed) return { error: describeFhirError(failed.reason, 'the record the prompts need') };
  const byKey = new Map<string, Resource>();
  let foreign = 0;
  for (const resource of answers.flatMap((a) => (a.status === 'fulfilled' ? a.value : []))) {
    if (!belongsTo(resource, patientId)) foreign++;
    else byKey.set(resourceKey(resource, byKey.size), resource);
  }
  if (foreign)
    console.warn(
      `Learning Loop: the EHR answered the prompts' searches with ${foreign} resource(s) not of the launched patient; they were left out`,
    );
  return { resources: [...byKey.values()] };
}
