import { findEhr, enabledFeatures } from '../config/load';
import type { EhrConfig, FeatureId, LoopConfig } from '../config/schema';
import { LaunchError, issNotAllowed } from './errors';
import { requestedScopes } from './scopes';

/** What the launch page is about to do, decided before any redirect. */
export interface LaunchPlan {
  mode: 'ehr' | 'standalone';
  iss: string;
  launch: string | undefined;
  ehr: EhrConfig;
  features: FeatureId[];
  scopes: string[];
}

/**
 * Decides the launch from the launch URL's parameters. An EHR launch carries `iss` and `launch`; `iss`
 * alone is a standalone launch against that server; neither uses the EHR marked `standalone`. The `iss`
 * must be on the config's allow-list before anything is fetched from it or any redirect happens.
 */
export function planLaunch(config: LoopConfig, params: URLSearchParams): LaunchPlan {
  const iss = params.get('iss') ?? params.get('fhirServiceUrl') ?? undefined;
  const launch = params.get('launch') ?? undefined;
  let ehr: EhrConfig | undefined;
  if (iss) {
    ehr = findEhr(config, iss);
    if (!ehr) {
      throw issNotAllowed(iss);
    }
  } else if (launch) {
    throw new LaunchError(
      'no-iss',
      'The EHR launched Learning Loop without saying which server it is.',
      'Ask your EHR administrator to check the launch URL registered for Learning Loop (it must pass iss).',
      'The launch URL had a launch parameter but no iss.',
    );
  } else {
    ehr = config.ehrs.find((e) => e.standalone);
    if (!ehr) {
      throw new LaunchError(
        'no-iss',
        'Learning Loop must be opened from an EHR.',
        'Open a patient chart in the EHR and start Learning Loop from there.',
        'No iss or launch parameter, and no EHR in the config has "standalone": true.',
      );
    }
  }
  const mode = launch ? 'ehr' : 'standalone';
  const features = enabledFeatures(config, ehr);
  return {
    mode,
    iss: ehr.iss,
    launch,
    ehr,
    features,
    scopes: requestedScopes(features, mode, ehr.scopeSyntax),
  };
}
