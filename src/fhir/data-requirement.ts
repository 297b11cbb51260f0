/**
 * What a feature needs from the FHIR server, as plain data: a resource type, the codes it looks for,
 * a look-back window and the statuses it keeps. The rules derive these from their ELM at build time
 * (`rules/engine/data-requirements.ts`); `requirement-queries.ts` turns them into searches. Plain data,
 * so requirements cross a worker boundary and are computed ahead of time.
 */

export type LookbackUnit = 'year' | 'month' | 'week' | 'day' | 'hour' | 'minute';

/** A window that ends now and starts `value` `unit`s earlier. */
export interface Lookback {
  value: number;
  unit: LookbackUnit;
}

/** One code a requirement looks for (a value set member, or a code the CQL names directly). */
export interface RequirementCode {
  system: string;
  code: string;
  display?: string;
}

export interface DataRequirement {
  resourceType: string;
  /** Codes at `path` (a FHIR element); `valueSet` is set when the codes come from one. */
  codeFilter?: { path: string; codes: RequirementCode[]; valueSet?: string };
  /** Only resources whose `path` falls within `lookback` of now. */
  dateFilter?: { path: string; lookback: Lookback };
  /** Only resources with one of these statuses. */
  statusFilter?: string[];
  /** `_include` targets, e.g. `MedicationRequest:medication` when codes may sit on a Medication. */
  include?: string[];
}

/**
 * The first moment a date filter keeps, as of `now` (calendar years and months in UTC).
 *
 * @example
 * since({ path: 'effective', lookback: { value: 7, unit: 'day' } }, new Date('2026-01-08T00:00:00Z'));
 * // 2026-01-01T00:00:00Z
 */
export function since(filter: NonNullable<DataRequirement['dateFilter']>, now: Date): Date {
  const d = new Date(now.getTime());
  const { value, unit } = filter.lookback;
  if (unit === 'year') d.setUTCFullYear(d.getUTCFullYear() - value);
  else if (unit === 'month') d.setUTCMonth(d.getUTCMonth() - value);
  else
    d.setTime(
      d.getTime() - value * { week: 604_800_000, day: 86_400_000, hour: 3_600_000, minute: 60_000 }[unit],
    );
  return d;
}
