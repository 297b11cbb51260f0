import type { Resource } from '@medplum/fhirtypes';
import type { UserFacingError } from '../core/status';
import { describeFhirError } from '../fhir/errors';
import { searchAll, type FhirRequester } from '../fhir/requester';

/**
 * The record the rules need: every page of every search, all at once. If any search fails, the whole
 * record is refused with what a clinician reads: a rule run on part of a record could miss what should
 * trigger it, so no rule runs.
 *
 * @example
 * const record = await fetchRecord(request, runner.queries(patientId, now));
 * if ('error' in record) show(record.error); else run(record.resources);
 */
export async function fetchRecord(
  request: FhirRequester,
  queries: readonly string[],
): Promise<{ resources: Resource[] } | { error: UserFacingError }> {
  const answers = await Promise.allSettled(queries.map((q) => searchAll(request, q)));
  const failed = answers.find((a): a is PromiseRejectedResult => a.status === 'rejected');
  if (failed) return { error: describeFhirError(failed.reason, 'the record the prompts need') };
  return { resources: answers.flatMap((a) => (a.status === 'fulfilled' ? (a.value as Resource[]) : [])) };
}
