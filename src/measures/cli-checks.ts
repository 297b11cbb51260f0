/**
 * Checks of the measures command's values, made before any work: a typo is a usage error (exit 2)
 * saying what is expected, not a run on the wrong date or a failure after the export.
 */
import { statSync } from 'node:fs';

const AS_OF = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * `--as-of`: a date or a date-time with a zone, on a day the calendar has; as an RFC 3339 UTC instant.
 *
 * @example checkAsOf('2026-02-01') // '2026-02-01T00:00:00.000Z'
 */
export function checkAsOf(value: string): string {
  const m = AS_OF.exec(value);
  const [y, mo, d] = [m?.[1], m?.[2], m?.[3]].map(Number) as [number, number, number];
  const day = new Date(Date.UTC(2000, mo - 1, d));
  day.setUTCFullYear(y);
  const real = !!m && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
  if (!real || Number.isNaN(Date.parse(value)))
    throw new Error(
      `--as-of ${value}: a date (2026-02-01) or a date-time with a zone (2026-02-01T06:00:00Z)`,
    );
  return new Date(value).toISOString();
}

/**
 * `--threads`: digits only, 1 or more.
 *
 * @example checkThreads('4', 2) // 4
 */
export function checkThreads(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new Error(`--threads ${value}: a whole number of 1 or more`);
  return Number(value);
}

/**
 * `--reporter`: a FHIR reference such as Organization/org-001 (a type, a slash, an id).
 *
 * @example checkReporter('Organization/org-001')
 */
export function checkReporter(value: string | undefined): void {
  if (value !== undefined && !/^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(value))
    throw new Error(`--reporter ${value}: a reference such as Organization/org-001`);
}

/**
 * Files named by an option exist (a missing one is a usage error, not a failure halfway).
 *
 * @example checkFiles('--reduce', ['part-1.ndjson'])
 */
export function checkFiles(option: string, paths: readonly string[] | undefined): void {
  for (const path of paths ?? []) {
    const found = (() => {
      try {
        return statSync(path);
      } catch {
        return undefined;
      }
    })();
    if (!found) throw new Error(`${option} ${path}: no such file or directory`);
  }
}

/**
 * Options that would be silently ignored together are refused.
 *
 * @example checkConflicts({ 'dry-run': true, out: 'x.json' }) // throws
 */
export function checkConflicts(args: Record<string, unknown>): void {
  const pairs: [string, string, string?][] = [
    ['dry-run', 'out'],
    ['map', 'server'],
    ['map', 'out'],
    ['map', 'dry-run'],
    ['map', 'reduce'],
    // A map step writes results, not reports: the uptake reports --events adds would be dropped.
    ['map', 'events', ': a map step writes no reports (give --events to the --reduce step)'],
  ];
  for (const [a, b, why] of pairs)
    if (args[a] !== undefined && args[b] !== undefined && args[a] !== false && args[b] !== false)
      throw new Error(`--${a} and --${b} do not go together${why ?? ''}`);
}

const SOURCES = ['encounter-participants', 'order-requester'];
const UNITS = ['at-time', 'admitting', 'discharging', 'all'];

/** What is wrong with one set of attribution rules (the defaults or a measure's own), if anything. */
function rulesProblem(rules: Record<string, unknown>, where: string): string | undefined {
  const { clinicians, participantTypes, unit } = rules;
  if (
    clinicians !== undefined &&
    !(Array.isArray(clinicians) && clinicians.every((c) => SOURCES.includes(c as string)))
  )
    return `${where}clinicians: a list of ${SOURCES.join(', ')}`;
  if (
    participantTypes !== undefined &&
    !(Array.isArray(participantTypes) && participantTypes.every((t) => typeof t === 'string'))
  )
    return `${where}participantTypes: a list of codes`;
  if (unit !== undefined && !UNITS.includes(unit as string))
    return `${where}unit: one of ${UNITS.join(', ')}`;
  const unknown = Object.keys(rules).filter(
    (k) => !['clinicians', 'participantTypes', 'unit', 'peerRoleSystem', 'measures'].includes(k),
  );
  return unknown.length ? `${where}unknown field(s) ${unknown.join(', ')}` : undefined;
}

/**
 * `--config`: attribution rules as attribution.json has them; an unknown field or value is an error
 * (a typo would otherwise fall back to the default without a word).
 *
 * @example checkConfig('{"unit": "admitting"}', 'rules.json', ['vte-prophylaxis'])
 */
export function checkConfig(
  text: string,
  path: string,
  measures: readonly string[],
): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`--config ${path}: not JSON (${(error as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Error(`--config ${path}: not a JSON object`);
  const config = value as Record<string, unknown>;
  let problem = rulesProblem(config, '');
  if (config.peerRoleSystem !== undefined && typeof config.peerRoleSystem !== 'string')
    problem ??= 'peerRoleSystem: a URI';
  const own = config.measures ?? {};
  if (typeof own !== 'object' || own === null || Array.isArray(own))
    problem ??= 'measures: an object by measure id';
  else
    for (const [id, rules] of Object.entries(own)) {
      if (!measures.includes(id)) problem ??= `measures: ${id} is not a measure (${measures.join(', ')})`;
      else if (typeof rules !== 'object' || rules === null) problem ??= `measures.${id}: an object`;
      else problem ??= rulesProblem(rules as Record<string, unknown>, `measures.${id}.`);
    }
  if (problem) throw new Error(`--config ${path}: ${problem}`);
  return config;
}
