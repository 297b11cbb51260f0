/**
 * The scopes Learning Loop asks for, grouped by the feature that needs them, each with the one-line
 * reason that the registration kit shows. Least privilege: read and search only, nothing the enabled
 * features do not use.
 */

import type { FeatureId } from '../config/schema';

export type ScopeSyntax = 'v2' | 'v1';

/** One FHIR resource access a feature needs. `context` is the SMART scope context we request. */
export interface ResourceNeed {
  context: 'patient' | 'user';
  resource: string;
  /** `read` (read and search, the default) or `create`. */
  access?: 'read' | 'create';
  why: string;
}

export interface FeatureScopes {
  label: string;
  /** A required feature cannot be switched off and, if not granted, stops the launch. */
  required: boolean;
  resources: ResourceNeed[];
  /** Non-resource scopes such as `openid`. */
  plain: { scope: string; why: string }[];
}

export const FEATURE_SCOPES: Record<FeatureId, FeatureScopes> = {
  patient: {
    label: 'Patient context',
    required: true,
    resources: [
      {
        context: 'patient',
        resource: 'Patient',
        why: "Show the patient's name, age and sex, and confirm who the prompts are for.",
      },
    ],
    plain: [],
  },
  encounter: {
    label: 'Encounter',
    required: false,
    resources: [
      {
        context: 'patient',
        resource: 'Encounter',
        why: 'Know whether the patient is an inpatient, since when, and where they lie.',
      },
    ],
    plain: [],
  },
  clinician: {
    label: 'Clinician identity',
    required: false,
    resources: [
      {
        context: 'user',
        resource: 'Practitioner',
        why: "Show who is signed in and attribute feedback to the clinician's own patients.",
      },
    ],
    plain: [
      { scope: 'openid', why: 'Receive an id_token that names the signed-in clinician.' },
      { scope: 'fhirUser', why: "Put the clinician's FHIR resource (Practitioner) in the id_token." },
    ],
  },
  unit: {
    label: 'Unit (ward) context',
    required: false,
    resources: [
      {
        context: 'patient',
        resource: 'Encounter',
        why: "Find the bed or room the patient is in from the encounter's current location.",
      },
      {
        context: 'user',
        resource: 'Location',
        why: 'Walk from bed and room up to the ward, which unit-level rules and feedback use.',
      },
      {
        context: 'user',
        resource: 'PractitionerRole',
        why: "Fall back to the clinician's own unit when the encounter has no location.",
      },
    ],
    plain: [],
  },
  prompts: {
    label: 'Prompts',
    required: false,
    resources: [
      {
        context: 'patient',
        resource: 'Observation',
        why: 'Read the labs and vitals the rules use (HbA1c, creatinine, platelets, blood pressure, cholesterol).',
      },
      {
        context: 'patient',
        resource: 'Condition',
        why: 'Read the diagnoses the rules use (diabetes, cancer, heart failure).',
      },
      {
        context: 'patient',
        resource: 'MedicationRequest',
        why: 'Read current medications: anticoagulants, opioids and their doses, nephrotoxins, statins.',
      },
    ],
    plain: [],
  },
  orders: {
    label: 'Placing suggested orders',
    required: false,
    resources: [
      {
        context: 'patient',
        resource: 'MedicationRequest',
        access: 'create',
        why: 'Place the drafted medication order when the clinician accepts a suggestion (e.g. enoxaparin, naloxone).',
      },
      {
        context: 'patient',
        resource: 'ServiceRequest',
        access: 'create',
        why: 'Place the drafted test order when the clinician accepts a suggestion (e.g. an HbA1c test).',
      },
    ],
    plain: [],
  },
  events: {
    label: 'Interaction log on the FHIR server',
    required: false,
    resources: [
      {
        context: 'user',
        resource: 'AuditEvent',
        access: 'create',
        why: 'Record each interaction with a prompt as an AuditEvent (only with the "fhir" telemetry sink).',
      },
    ],
    plain: [],
  },
};

/** Launch-mode scopes: the EHR's launch handle, or patient selection in a standalone launch. */
export const LAUNCH_SCOPES = {
  ehr: [
    { scope: 'launch', why: "Receive the EHR's current patient and encounter." },
    {
      scope: 'online_access',
      why: 'Refresh the access token while the clinician is signed in, without a new launch.',
    },
  ],
  standalone: [
    {
      scope: 'launch/patient',
      why: 'Ask the EHR to let the clinician pick a patient when opened outside a chart.',
    },
    { scope: 'online_access', why: 'Refresh the access token while the clinician is signed in.' },
  ],
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
  const scopes = new Set<string>(LAUNCH_SCOPES[mode].map((s) => s.scope));
  for (const id of features) {
    const feature = FEATURE_SCOPES[id];
    for (const p of feature.plain) scopes.add(p.scope);
    for (const r of feature.resources) scopes.add(resourceScope(r, syntax));
  }
  return [...scopes];
}

const RESOURCE_SCOPE = /^(patient|user|system)\/(\*|[A-Za-z]+)\.(read|write|\*|[cruds]+)(\?.*)?$/;

/**
 * Whether the granted scopes let us read and search `resource`. Accepts v1 and v2 syntax, wildcards,
 * and either patient or user context (a user-level grant covers the current patient). A v2 scope with
 * query parameters (`patient/Observation.rs?category=laboratory`) counts: it narrows, not removes.
 */
export function canRead(granted: readonly string[], resource: string): boolean {
  return grants(
    granted,
    resource,
    (perms) => perms === 'read' || (perms.includes('r') && perms.includes('s')),
  );
}

/** Whether the granted scopes let us create `resource` (v1 `.write`, v2 `c`, or a wildcard). */
export function canCreate(granted: readonly string[], resource: string): boolean {
  return grants(granted, resource, (perms) => perms === 'write' || (perms !== 'read' && perms.includes('c')));
}

function grants(granted: readonly string[], resource: string, allows: (perms: string) => boolean): boolean {
  return granted.some((scope) => {
    const m = RESOURCE_SCOPE.exec(scope);
    if (!m || m[1] === 'system') return false;
    const [, , type, perms = ''] = m;
    if (type !== '*' && type !== resource) return false;
    return perms === '*' || allows(perms);
  });
}

/** The scopes a feature needs that were not granted, in the syntax requested. */
export function missingScopes(granted: readonly string[], feature: FeatureId, syntax: ScopeSyntax): string[] {
  const spec = FEATURE_SCOPES[feature];
  const missing = spec.resources
    .filter((r) => !(r.access === 'create' ? canCreate : canRead)(granted, r.resource))
    .map((r) => resourceScope(r, syntax));
  for (const p of spec.plain) if (!granted.includes(p.scope)) missing.push(p.scope);
  return [...new Set(missing)];
}
