import { normaliseQuery } from '../fhir/search';
import type { PatientViewContext } from './types';

/**
 * What the app has already loaded, keyed by the relative FHIR query that would return it
 * (`Patient/123`, `Observation?patient=123&code=4548-4`): a resource, a searchset Bundle, or `null`
 * when the app asked and the server had nothing (which CDS Hooks sends as `null`, not as an empty Bundle).
 */
export type AvailableData = ReadonlyMap<string, unknown>;

export interface FilledPrefetch {
  /** Key → data, for the keys we could fill. */
  prefetch: Record<string, unknown>;
  /** Keys left out: a token we cannot resolve, or data the app has not loaded. */
  omitted: string[];
}

const USER_TOKENS: Record<string, string> = {
  userPractitionerId: 'Practitioner',
  userPractitionerRoleId: 'PractitionerRole',
  userPatientId: 'Patient',
  userRelatedPersonId: 'RelatedPerson',
};

/**
 * Replaces the prefetch tokens of one template (`{{context.patientId}}`, `{{context.encounterId}}`,
 * `{{context.userId}}`, `{{userPractitionerId}}` and the other user tokens of CDS Hooks 2.0).
 * Returns undefined when a token has no value here (say `{{context.encounterId}}` outside an encounter,
 * or `{{userPatientId}}` for a clinician), so the key is left out rather than sent with a wrong query.
 */
export function resolveTemplate(template: string, context: PatientViewContext): string | undefined {
  let unresolved = false;
  const query = template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, token: string) => {
    const value = tokenValue(token, context);
    if (value === undefined) unresolved = true;
    return value ?? '';
  });
  return unresolved ? undefined : query;
}

function tokenValue(token: string, context: PatientViewContext): string | undefined {
  if (token.startsWith('context.')) {
    const field = token.slice('context.'.length);
    if (field === 'userId' || field === 'patientId' || field === 'encounterId') {
      const value = context[field];
      return value ? value : undefined;
    }
    return undefined;
  }
  const type = USER_TOKENS[token];
  if (!type) return undefined;
  const [userType, userId] = context.userId.split('/');
  return userType === type && userId ? userId : undefined;
}

/**
 * Fills a service's prefetch from data already loaded; pure. Per CDS Hooks 2.0 a client MUST NOT send a
 * key it does not satisfy, so every key we cannot fill from `available` is omitted (never fetched here:
 * prefetch must not delay the call, and the service may fetch the rest itself when, and only when, the
 * deployment opts in to sharing the FHIR token). Queries match whatever the order of their parameters.
 */
export function fillPrefetch(
  templates: Readonly<Record<string, string>>,
  context: PatientViewContext,
  available: AvailableData,
): FilledPrefetch {
  const index = new Map<string, unknown>();
  for (const [query, data] of available) index.set(normaliseQuery(query), data);
  const prefetch: Record<string, unknown> = {};
  const omitted: string[] = [];
  for (const [key, template] of Object.entries(templates)) {
    const query = resolveTemplate(template, context);
    const normalised = query === undefined ? undefined : normaliseQuery(query);
    if (normalised !== undefined && index.has(normalised)) prefetch[key] = index.get(normalised) ?? null;
    else omitted.push(key);
  }
  return { prefetch, omitted };
}
