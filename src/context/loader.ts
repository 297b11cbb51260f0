import type { Encounter, Patient, Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import type { UserFacingError } from '../core/status';
import { describeFhirError } from '../fhir/errors';
import type { FhirRequester } from '../fhir/requester';
import { parseReference } from '../fhir/reference';
import { ResourceIndex, isResource } from '../fhir/resource-index';
import type { FeatureId } from '../config/schema';
import {
  firstWave,
  fhirContextLocationIds,
  locationWave,
  type ContextPart,
  type LaunchContext,
} from '../fhir/context-queries';
import {
  summariseClinician,
  summariseEncounter,
  summarisePatient,
  type ClinicianSummary,
  type EncounterSummary,
  type PatientSummary,
} from './summaries';
import { missingLocations, resolveUnit, type UnitInputs, type UnitResolution } from './unit';

/** Everything the panel knows about where and for whom it was launched. */
export interface ContextSnapshot {
  patient: PatientSummary;
  /** `undefined`: no encounter in the launch, or it could not be read (see notices). */
  encounter: EncounterSummary | undefined;
  /** `undefined`: no fhirUser, the feature is off, or the Practitioner could not be read. */
  clinician: ClinicianSummary | undefined;
  /** `undefined` when the unit feature is off. */
  unit: UnitResolution | undefined;
  /** Parts that failed without stopping the panel, each with what to do. */
  notices: UserFacingError[];
  /** Sequential rounds of requests it took. */
  waves: number;
  /** All fetched resources, for the features that build on the context. */
  index: ResourceIndex;
}

/** The patient itself could not be loaded: nothing else can be shown. */
export class ContextError extends Error {
  constructor(readonly problem: UserFacingError) {
    super(problem.title);
    this.name = 'ContextError';
  }
}

const MAX_LOCATION_WAVES = 4;
const PART_LABEL: Record<ContextPart, string> = {
  patient: "the patient's record",
  encounter: 'the current encounter',
  practitioner: 'your clinician record',
  roles: 'your roles and unit',
  fhirContextLocation: 'the unit the EHR named',
};

/** Loads patient, encounter, clinician and unit in as few request waves as the server allows. */
export async function loadContext(
  request: FhirRequester,
  launch: LaunchContext,
  features: readonly FeatureId[],
  now: Date,
  signal?: AbortSignal,
): Promise<ContextSnapshot> {
  const index = new ResourceIndex();
  const notices: UserFacingError[] = [];
  const options = signal ? { signal } : {};
  const queries = firstWave(launch, features);
  const results = await Promise.allSettled(queries.map((q) => request(q.path, options)));
  let waves = 1;
  results.forEach((result, i) => {
    const part = queries[i]?.part ?? 'patient';
    if (result.status === 'fulfilled') index.add(result.value);
    else if (part !== 'patient') notices.push(describeFhirError(result.reason, PART_LABEL[part]));
  });

  const patientResult = results[0];
  if (patientResult?.status === 'rejected')
    throw new ContextError(describeFhirError(patientResult.reason, PART_LABEL.patient));
  const patient = index.resolve<Patient>(`Patient/${launch.patientId}`, 'Patient');
  if (!patient) {
    const got = isResource(patientResult?.value)
      ? patientResult.value.resourceType
      : typeof patientResult?.value;
    throw new ContextError({
      code: 'patient-malformed',
      title: "The EHR's answer for this patient was not a patient record.",
      action: 'Launch Learning Loop again; if it keeps happening, tell your EHR support team.',
      detail: `Expected Patient/${launch.patientId}, got ${got}.`,
    });
  }

  const encounter = launch.encounterId
    ? index.resolve<Encounter>(`Encounter/${launch.encounterId}`, 'Encounter')
    : undefined;
  if (encounter && !belongsTo(encounter, launch.patientId)) {
    notices.push({
      code: 'encounter-other-patient',
      title: 'The encounter in the launch belongs to another patient, so it is not shown.',
      action: 'Relaunch Learning Loop from the patient chart, and report this to your EHR support team.',
      detail: `Encounter/${launch.encounterId} subject is ${encounter.subject?.reference ?? 'missing'}.`,
    });
  }
  const safeEncounter = encounter && belongsTo(encounter, launch.patientId) ? encounter : undefined;
  const user = parseReference(launch.fhirUser);
  const roles = index.all<PractitionerRole>('PractitionerRole').filter((r) => {
    const who = parseReference(r.practitioner?.reference);
    return user?.type === 'PractitionerRole' ? r.id === user.id : who?.id === user?.id;
  });

  let unit: UnitResolution | undefined;
  if (features.includes('unit')) {
    const inputs: UnitInputs = {
      fhirContextLocations: fhirContextLocationIds(launch).map((id) => `Location/${id}`),
      encounter: safeEncounter,
      roles,
    };
    for (let round = 0; round < MAX_LOCATION_WAVES; round++) {
      const missing = missingLocations(inputs, index);
      if (!missing.length) break;
      waves += 1;
      const wave = locationWave(missing);
      const answers = await Promise.allSettled(wave.map((q) => request(q.path, options)));
      answers.forEach((answer) => answer.status === 'fulfilled' && index.add(answer.value));
      const main = answers[0];
      if (main?.status === 'rejected') {
        notices.push(describeFhirError(main.reason, 'the unit'));
        break;
      }
      if (missing.every((key) => !index.has(key))) break; // the server has none of them: stop asking
    }
    unit = resolveUnit(inputs, index);
  }

  const practitionerId =
    user?.type === 'PractitionerRole' ? parseReference(roles[0]?.practitioner?.reference)?.id : user?.id;
  const practitioner = practitionerId
    ? index.resolve<Practitioner>(`Practitioner/${practitionerId}`, 'Practitioner')
    : undefined;
  const clinician =
    features.includes('clinician') && practitionerId
      ? summariseClinician(practitioner, practitionerId, roles)
      : undefined;

  return {
    patient: summarisePatient(patient, now),
    encounter:
      safeEncounter && features.includes('encounter') ? summariseEncounter(safeEncounter) : undefined,
    clinician,
    unit,
    notices,
    waves,
    index,
  };
}

function belongsTo(encounter: Encounter, patientId: string): boolean {
  const subject = parseReference(encounter.subject?.reference);
  return subject?.type === 'Patient' && subject.id === patientId;
}
