import * as v from 'valibot';
import { configSchema, normalIss, type EhrConfig, type FeatureId, type LoopConfig } from './schema';

/** The config file was missing, not JSON, or not valid: each problem names its field. */
export class ConfigError extends Error {
  constructor(
    readonly problems: string[],
    readonly source: string,
  ) {
    super(`Invalid config ${source}:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates a parsed config object. Throws a ConfigError listing every problem at once. */
export function parseConfig(input: unknown, source = 'learning-loop.config.json'): LoopConfig {
  const result = v.safeParse(configSchema, input, { abortPipeEarly: true });
  if (result.success) return result.output;
  const problems = result.issues.map((issue) => {
    const path = v.getDotPath(issue) ?? '(top level)';
    return `${path}: ${issue.message}`;
  });
  throw new ConfigError(problems, source);
}

/** Fetches and validates the config next to the page. */
export async function loadConfig(url: string | URL): Promise<LoopConfig> {
  const source = String(url);
  let response: Response;
  try {
    response = await fetch(url, { cache: 'no-cache' });
  } catch {
    throw new ConfigError(['the file could not be fetched (network error)'], source);
  }
  if (!response.ok)
    throw new ConfigError([`the file could not be fetched (HTTP ${response.status})`], source);
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new ConfigError(['the file is not valid JSON'], source);
  }
  return parseConfig(json, source);
}

/** The EHR entry for an iss, compared in their normal form (see normalIss). */
export function findEhr(config: LoopConfig, iss: string): EhrConfig | undefined {
  const wanted = normalIss(iss);
  return config.ehrs.find((e) => e.iss === wanted);
}

/** Features switched on for an EHR: the deployment's switches, overridden per EHR. */
export function enabledFeatures(config: LoopConfig, ehr: EhrConfig): FeatureId[] {
  const switches = {
    encounter: true,
    clinician: true,
    unit: true,
    prompts: true,
    orders: true,
    // Writing AuditEvents is asked for only where the interaction log goes to the FHIR server.
    events: config.telemetry.sinks.some((s) => s.type === 'fhir'),
    feedback: true,
    ...config.features,
    ...ehr.features,
  };
  const optional = (
    ['encounter', 'clinician', 'unit', 'prompts', 'orders', 'events', 'feedback'] as const
  ).filter((f) => switches[f]);
  return ['patient', ...optional];
}
