import { ConfigError } from '../config/load';
import type { UserFacingError } from '../core/status';
import { messageOf } from '../core/errors';

export type LaunchErrorCode =
  | 'no-state'
  | 'authorize-denied'
  | 'token-failed'
  | 'iss-not-allowed'
  | 'no-iss'
  | 'fhir-unreachable'
  | 'discovery-failed'
  | 'pkce-unsupported'
  | 'patient-missing'
  | 'scope-missing'
  | 'config-invalid'
  | 'launch-tampered'
  | 'unknown';

/** A launch failure with the words a clinician sees and the detail an informatics team needs. */
export class LaunchError extends Error implements UserFacingError {
  constructor(
    readonly code: LaunchErrorCode,
    readonly title: string,
    readonly action: string,
    readonly detail?: string,
  ) {
    super(`${title} ${detail ?? ''}`.trim());
    this.name = 'LaunchError';
  }
}

const RELAUNCH = 'Close this panel and open Learning Loop again from the patient chart.';

/** Turns what fhirclient or the network threw into a LaunchError a clinician can act on. */
export function classifyLaunchError(error: unknown, phase: 'authorize' | 'ready'): LaunchError {
  if (error instanceof LaunchError) return error;
  const message = messageOf(error);
  if (/No 'state' parameter found|No state found/i.test(message)) {
    return new LaunchError(
      'no-state',
      'Learning Loop was opened directly, not launched from the EHR.',
      `${RELAUNCH} If it is already embedded, the browser may be blocking its storage in the EHR frame: allow site data for this app.`,
      message,
    );
  }
  if (/PKCE|code challenge/i.test(message)) {
    return new LaunchError(
      'pkce-unsupported',
      'The EHR does not offer PKCE with S256, which Learning Loop requires to sign in safely.',
      'Ask your EHR administrator to enable PKCE (S256) for this app.',
      message,
    );
  }
  if (/well-known|conformance|Invalid wellKnownJson/i.test(message)) {
    return new LaunchError(
      'discovery-failed',
      "The EHR's sign-in settings could not be read, so Learning Loop could not sign in.",
      `Try again in a minute. If it keeps failing, tell your EHR support team that ${'.well-known/smart-configuration'} is unavailable.`,
      message,
    );
  }
  if (
    phase === 'ready' &&
    /^(access_denied|invalid_scope|unauthorized_client|invalid_request|server_error|temporarily_unavailable)/.test(
      message,
    )
  ) {
    const denied = message.startsWith('access_denied');
    return new LaunchError(
      'authorize-denied',
      denied ? 'Sign-in to Learning Loop was declined.' : 'The EHR refused to sign Learning Loop in.',
      denied
        ? `${RELAUNCH} and approve access when asked.`
        : `${RELAUNCH} If it happens again, give your EHR support team the detail below.`,
      message,
    );
  }
  if (/token/i.test(message) || /invalid_grant|invalid_client/.test(message)) {
    return new LaunchError(
      'token-failed',
      'The EHR did not issue an access token, so Learning Loop cannot read the chart.',
      `${RELAUNCH} If it happens again, give your EHR support team the detail below.`,
      message,
    );
  }
  if (error instanceof TypeError || /Failed to fetch|NetworkError|network/i.test(message)) {
    return new LaunchError(
      'fhir-unreachable',
      "The EHR's FHIR server could not be reached.",
      'Check the network connection and try again; if other EHR functions work, tell your EHR support team.',
      message,
    );
  }
  return new LaunchError(
    'unknown',
    'Learning Loop could not start.',
    `${RELAUNCH} If it happens again, give your EHR support team the detail below.`,
    message,
  );
}

/** The iss is not on the config's allow-list: said the same way on the launch and the redirect page. */
export function issNotAllowed(iss: string): LaunchError {
  return new LaunchError(
    'iss-not-allowed',
    'This EHR is not one Learning Loop is configured to trust, so it did not sign in.',
    'Ask your informatics team to add this EHR to the Learning Loop configuration.',
    `iss ${JSON.stringify(iss.slice(0, 200))} is not in learning-loop.config.json (ehrs[].iss).`,
  );
}

/** Any failure before the panel has a session (config, launch, anything else), as a clinician reads it. */
export function startupProblem(error: unknown): UserFacingError {
  if (error instanceof LaunchError) return error;
  if (error instanceof ConfigError) {
    return {
      code: 'config-invalid',
      title: 'Learning Loop is not configured correctly, so it cannot start.',
      action: 'Tell your informatics team; the detail below names each field to fix.',
      detail: error.message,
    };
  }
  return {
    code: 'unknown',
    title: 'Learning Loop could not start.',
    action: 'Close this panel and open it again from the patient chart.',
    detail: messageOf(error),
  };
}
