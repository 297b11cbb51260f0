import { SIM_ERRORS, SIM_ISS, encodeHandle, type SimError, type SimLaunch } from '../../mocks/sim-constants';
import type { ServerFlags } from '../../mocks/server-options';
import type { CdsFailure, CdsFlags } from '../../mocks/cds/options';

/** How the simulated remote CDS Hooks service behaves. */
export type CdsBehaviour = 'normal' | CdsFailure;
export const CDS_BEHAVIOURS: Record<CdsBehaviour, string> = {
  normal: 'Answers with its card',
  hang: 'Never answers (times out)',
  'error-500': 'Answers 500',
  malformed: 'Answers with a body that is not JSON',
  'wrong-shape': 'Answers JSON without cards',
  hostile: 'Adds cards with script, event handlers and javascript: links',
  'invalid-cards': 'Adds cards that break the spec',
};

export type LaunchType = 'ehr' | 'standalone' | 'direct' | 'untrusted-iss';
export const LAUNCH_TYPES: Record<LaunchType, string> = {
  ehr: 'EHR launch (from the chart)',
  standalone: 'Standalone launch (app picks the patient)',
  direct: 'App opened directly (no launch)',
  'untrusted-iss': 'EHR launch from an iss not in the allow-list',
};

/** Everything the simulator's form chooses; also its URL parameters, so any state is a link. */
export interface SimulatorChoice {
  practitioner: string;
  patient: string;
  /** An encounter id, or '' for a launch without encounter. */
  encounter: string;
  launchType: LaunchType;
  error: SimError;
  banner: boolean;
  /** A Location id sent as fhirContext, or ''. */
  fhirContextLocation: string;
  absoluteFhirUser: boolean;
  noInclude: boolean;
  /** The FHIR server refuses `_has` reverse chaining. */
  noReverseChain: boolean;
  latencyMs: number;
  /** The simulated remote CDS service. */
  cds: CdsBehaviour;
  /** The EHR offers SMART Web Messaging: accepted orders go to its scratchpad. */
  messaging: boolean;
}

export interface ChoiceDefaults {
  practitioner: string;
  patient: string;
  encounterOf: (patient: string) => string | undefined;
}

const bool = (v: string | null) => v === '1' || v === 'true';

/** Reads a choice from the page's URL, defaulting what is missing or unknown. */
export function parseChoice(params: URLSearchParams, defaults: ChoiceDefaults): SimulatorChoice {
  const patient = params.get('patient') ?? defaults.patient;
  const encounterParam = params.get('encounter');
  const launchType = params.get('launch') ?? 'ehr';
  const error = params.get('error') ?? 'none';
  const cds = params.get('cds') ?? 'normal';
  return {
    practitioner: params.get('practitioner') ?? defaults.practitioner,
    patient,
    encounter:
      encounterParam === null
        ? (defaults.encounterOf(patient) ?? '')
        : encounterParam === 'none'
          ? ''
          : encounterParam,
    launchType: launchType in LAUNCH_TYPES ? (launchType as LaunchType) : 'ehr',
    error: error in SIM_ERRORS ? (error as SimError) : 'none',
    banner: params.has('banner') ? bool(params.get('banner')) : true,
    fhirContextLocation: params.get('fhirContext') ?? '',
    absoluteFhirUser: bool(params.get('absoluteUser')),
    noInclude: bool(params.get('noInclude')),
    noReverseChain: bool(params.get('noHas')),
    latencyMs: Math.min(Math.max(Number(params.get('latency') ?? 0) || 0, 0), 5000),
    cds: cds in CDS_BEHAVIOURS ? (cds as CdsBehaviour) : 'normal',
    messaging: bool(params.get('messaging')),
  };
}

/** The choice as URL parameters (the inverse of parseChoice). */
export function choiceParams(choice: SimulatorChoice): URLSearchParams {
  const params = new URLSearchParams({
    practitioner: choice.practitioner,
    patient: choice.patient,
    encounter: choice.encounter || 'none',
    launch: choice.launchType,
    error: choice.error,
    banner: choice.banner ? '1' : '0',
  });
  if (choice.fhirContextLocation) params.set('fhirContext', choice.fhirContextLocation);
  if (choice.absoluteFhirUser) params.set('absoluteUser', '1');
  if (choice.noInclude) params.set('noInclude', '1');
  if (choice.noReverseChain) params.set('noHas', '1');
  if (choice.latencyMs) params.set('latency', String(choice.latencyMs));
  if (choice.cds !== 'normal') params.set('cds', choice.cds);
  if (choice.messaging) params.set('messaging', '1');
  return params;
}

export function simLaunch(choice: SimulatorChoice): SimLaunch {
  return {
    patient: choice.patient,
    encounter: choice.encounter || undefined,
    practitioner: choice.practitioner,
    error: choice.error,
    needPatientBanner: choice.banner,
    fhirContextLocation: choice.fhirContextLocation || undefined,
    absoluteFhirUser: choice.absoluteFhirUser,
    webMessaging: choice.messaging,
  };
}

/** What to load in the frame, and what the mock EHR must know first. */
export function plannedFrame(
  choice: SimulatorChoice,
  page: URL,
): { url: string; flags: ServerFlags; cdsFlags: CdsFlags; standalonePick?: string } {
  const flags: ServerFlags = {
    noPkce: choice.error === 'no-pkce',
    noInclude: choice.noInclude,
    noReverseChain: choice.noReverseChain,
    latencyMs: choice.latencyMs,
  };
  const cdsFlags: CdsFlags = {
    latencyMs: choice.latencyMs,
    ...(choice.cds === 'normal' ? {} : { failure: choice.cds }),
  };

  const launchUrl = new URL('launch.html', page);
  switch (choice.launchType) {
    case 'direct':
      return { url: new URL('app.html', page).href, flags, cdsFlags };
    case 'standalone':
      return { url: launchUrl.href, flags, cdsFlags, standalonePick: encodeHandle(simLaunch(choice)) };
    case 'untrusted-iss':
      launchUrl.searchParams.set('iss', 'https://untrusted.example.org/fhir');
      launchUrl.searchParams.set('launch', 'x');
      return { url: launchUrl.href, flags, cdsFlags };
    default:
      launchUrl.searchParams.set('iss', SIM_ISS);
      launchUrl.searchParams.set('launch', encodeHandle(simLaunch(choice)));
      return { url: launchUrl.href, flags, cdsFlags };
  }
}
