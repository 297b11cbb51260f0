import type { Coding } from '@medplum/fhirtypes';

/** One CDS service from a discovery answer, with the base it lives under. */
export interface CdsService {
  /** Base URL, ending before `/cds-services`. */
  base: string;
  id: string;
  hook: string;
  title?: string;
  description: string;
  /** Prefetch key → FHIR query template (may be empty). */
  prefetch: Record<string, string>;
}

/** The `patient-view` hook context (https://cds-hooks.org/hooks/patient-view/). */
export interface PatientViewContext {
  /** `Practitioner/abc`, `PractitionerRole/x`, `Patient/1` or `RelatedPerson/2`: relative, never absolute. */
  userId: string;
  patientId: string;
  encounterId?: string;
}

/** CDS Hooks `fhirAuthorization`: a bearer token the service may use on `fhirServer`. */
export interface FhirAuthorization {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  /** The OAuth client id of the CDS service, as registered with the EHR's authorization server. */
  subject: string;
}

/** The body POSTed to `{base}/cds-services/{id}`. */
export interface CdsHookRequest {
  hook: 'patient-view';
  hookInstance: string;
  context: PatientViewContext;
  prefetch?: Record<string, unknown>;
  fhirServer?: string;
  fhirAuthorization?: FhirAuthorization;
}

/** The EHR's FHIR server and token, offered to services only where the config opts in. */
export interface FhirAccess {
  fhirServer: string;
  /** Read when a call is made (tokens are refreshed). */
  authorization?: () => FhirAuthorization | undefined;
}

/** One entry of the CDS Hooks feedback body (https://cds-hooks.hl7.org/2.0/#feedback). */
export interface CdsFeedbackEntry {
  /** The card's `uuid`, not the card. */
  card: string;
  outcome: 'accepted' | 'overridden';
  /** Required when accepted. */
  acceptedSuggestions?: { id: string }[];
  overrideReason?: { reason?: Coding; userComment?: string };
  /** ISO 8601 UTC. */
  outcomeTimestamp: string;
}

/** The body POSTed to `{base}/cds-services/{id}/feedback`. */
export interface CdsFeedbackBody {
  feedback: CdsFeedbackEntry[];
}
