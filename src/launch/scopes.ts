/**
 * The scopes Learning Loop asks for, grouped by the feature that needs them (each one's reason is in
 * scope-reasons.ts, out of the browser bundle). Least privilege: read and search only, nothing the
 * enabled features do not use.
 */

import type { FeatureId } from '../config/schema';

export type ScopeSyntax = 'v2' | 'v1';

/** One FHIR resource access a feature needs. `context` is the SMART scope context we request. */
export interface ResourceNeed {
  context: 'patient' | 'user';
  resource: string;
  /** `read` (read and search, the default) or `create`. */
  access?: 'read' | 'create';
}

export interface FeatureScopes {
  label: string;
  /** A required feature cannot be switched off and, if not granted, stops the launch. */
  required: boolean;
  resources: ResourceNeed[];
  /** Non-resource scopes such as `openid`. */
  plain: string[];
}

export const FEATURE_SCOPES: Record<FeatureId, FeatureScopes> = {
  patient: {
    label: 'Patient context',
    required: true,
    resources: [{ context: 'patient', resource: 'Patient' }],
    plain: [],
  },
  encounter: {
    label: 'Encounter',
    required: false,
    resources: [{ context: 'patient', resource: 'Encounter' }],
    plain: [],
  },
  clinician: {
    label: 'Clinician identity',
    required: false,
    resources: [
      { context: 'user', resource: 'Practitioner' },
      { context: 'user', resource: 'PractitionerRole' },
    ],
    plain: ['openid', 'fhirUser'],
  },
  unit: {
    label: 'Unit (ward) context',
    required: false,
    resources: [
      { context: 'patient', resource: 'Encounter' },
      { context: 'user', resource: 'Location' },
      { context: 'user', resource: 'PractitionerRole' },
    ],
    plain: [],
  },
  prompts: {
    label: 'Prompts',
    required: false,
    resources: [
      { context: 'patient', resource: 'Observation' },
      { context: 'patient', resource: 'Condition' },
      { context: 'patient', resource: 'MedicationRequest' },
      { context: 'patient', resource: 'Procedure' },
    ],
    plain: [],
  },
  orders: {
    label: 'Placing suggested orders',
    required: false,
    resources: [
      { context: 'patient', resource: 'MedicationRequest', access: 'create' },
      { context: 'patient', resource: 'ServiceRequest', access: 'create' },
      { context: 'patient', resource: 'ServiceRequest' },
    ],
    plain: [],
  },
  events: {
    label: 'Interaction log on the FHIR server',
    required: false,
    resources: [{ context: 'user', resource: 'AuditEvent', access: 'create' }],
    plain: [],
  },
  // About the clinician, not the patient in context: every read is in user context (reasons in scope-reasons.ts).
  feedback: {
    label: 'Your outcome feedback',
    required: false,
    resources: [
      { context: 'user', resource: 'MeasureReport' },
      { context: 'user', resource: 'Measure' },
      { context: 'user', resource: 'Group' },
      { context: 'user', resource: 'Patient' },
    ],
    plain: ['openid', 'fhirUser'],
  },
};

/** Launch-mode scopes: the EHR's launch handle, or patient selection in a standalone launch. */
export const LAUNCH_SCOPES = {
  ehr: ['launch', 'online_access'],
  standalone: ['launch/patient', 'online_access'],
} as const;

/** The scope string for one resource need, in the EHR's syntax. */
export function resourceScope(need: ResourceNeed, syntax: ScopeSyntax): string {
  const create = need.access === 'create';
  const perms = syntax === 'v2' ? (create ? 'c' : 'rs') : create ? 'write' : 'read';
  return `${need.context}/${need.resource}.${perms}`;
}

/** Every scope to request, de-duplicated, in a stable order. */
export function requestedScopes(
  features: readonly FeatureId[],
  mode: 'ehr' | 'standalone',
  syntax: ScopeSyntax,
): string[] {
  const scopes = new Set<string>(LAUNCH_SCOPES[mode]);
  for (const id of features) {
    const feature = FEATURE_SCOPES[id];
    for (const p of feature.plain) scopes.add(p);
    for (const r of feature.resources) scopes.add(resourceScope(r, syntax));
  }
  return [...scopes];
}

const RESOURCE_SCOPE = /^(patient|user|system)\/(\*|[A-Za-z]+)\.(read|write|\*|[cruds]+)(\?.*)?$/;

const readable = (perms: string) => perms === 'read' || (perms.includes('r') && perms.includes('s'));
const creatable = (perms: string) => perms === 'write' || (perms !== 'read' && perms.includes('c'));

/**
 * Whether the granted scopes let us read and search `resource`. Accepts v1 and v2 syntax and
 * wildcards. For what we need in patient context, a patient or a user grant (a user-level grant covers
 * the current patient); for what we need in user context (the clinician's own patients, other than the
 * one in context), only a user grant: a patient grant does not reach them. A v2 scope with
 * query parameters (`patient/Observation.rs?category=laboratory`) counts here, as the restriction it
 * is: `restrictedScopes` says what the feature will then not see.
 */
export function canRead(
  granted: readonly string[],
  resource: string,
  context: ResourceNeed['context'] = 'patient',
): boolean {
  return matching(granted, resource, readable, context).length > 0;
}

/** Whether the granted scopes let us create `resource` (v1 `.write`, v2 `c`, or a wildcard). */
export function canCreate(
  granted: readonly string[],
  resource: string,
  context: ResourceNeed['context'] = 'patient',
): boolean {
  return matching(granted, resource, creatable, context).length > 0;
}

/** The granted scopes that allow `resource` with these permissions, each with its query ('' for none). */
function matching(
  granted: readonly string[],
  resource: string,
  allows: (perms: string) => boolean,
  context: ResourceNeed['context'],
) {
  return granted.flatMap((scope) => {
    const m = RESOURCE_SCOPE.exec(scope);
    if (!m || m[1] === 'system' || (context === 'user' && m[1] !== 'user')) return [];
    const [, , type, perms = '', query = ''] = m;
    if (type !== '*' && type !== resource) return [];
    return perms === '*' || allows(perms) ? [{ scope, query }] : [];
  });
}

/**
 * The granted scopes that let a feature reach a resource it needs only through a query (the server then
 * filters: `patient/Observation.rs?category=laboratory` hides vital signs from a rule that reads them):
 * what the feature will not fully see. Empty when every resource it needs is granted without a query.
 *
 * @example restrictedScopes(['patient/Observation.rs?category=laboratory'], 'prompts')
 * // ['patient/Observation.rs?category=laboratory'] (with Condition and MedicationRequest missing)
 */
export function restrictedScopes(granted: readonly string[], feature: FeatureId): string[] {
  const out = new Set<string>();
  for (const need of FEATURE_SCOPES[feature].resources) {
    const found = matching(
      granted,
      need.resource,
      need.access === 'create' ? creatable : readable,
      need.context,
    );
    if (found.length && found.every((f) => f.query)) found.forEach((f) => out.add(f.scope));
  }
  return [...out];
}

/** A feature on and granted, but only through scopes with a query: it sees part of what it needs. */
export interface FeatureRestricted {
  feature: FeatureId;
  label: string;
  scopes: string[];
}

/** The scopes a feature needs that were not granted, in the syntax requested. */
export function missingScopes(granted: readonly string[], feature: FeatureId, syntax: ScopeSyntax): string[] {
  const spec = FEATURE_SCOPES[feature];
  const missing = spec.resources
    .filter((r) => !(r.access === 'create' ? canCreate : canRead)(granted, r.resource, r.context))
    .map((r) => resourceScope(r, syntax));
  for (const p of spec.plain) if (!granted.includes(p)) missing.push(p);
  return [...new Set(missing)];
}
