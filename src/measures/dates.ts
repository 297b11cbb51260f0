/**
 * Dates the measures read, checked as the input is read: a date that is not a FHIR date or dateTime
 * ("yesterday", "19xx-01-01") reads as absent in CQL, so the record silently drops out of a measure
 * (an HbA1c never measured counts as poor control). Each one is reported with its place instead.
 */
import type { Resource } from '@medplum/fhirtypes';
import { printable } from '../core/printable';

/**
 * FHIR's own patterns for date and dateTime (R4 datatypes), except that the time zone is optional. FHIR
 * says a time SHALL have one, but exports omit it and cql-execution reads `2026-01-05T10:00:00` as that
 * time in the run's local zone: flagging it would make `--strict` fail data the measures read well.
 */
const DATE_TIME =
  /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?)?)?)?$/;

/** The date fields the starter measures read, by path (a period's start and end included). */
const FIELDS = [
  'birthDate',
  'effectiveDateTime',
  'issued',
  'onsetDateTime',
  'abatementDateTime',
  'recordedDate',
  'authoredOn',
  'occurrenceDateTime',
  'period.start',
  'period.end',
  'effectivePeriod.start',
  'effectivePeriod.end',
  'onsetPeriod.start',
  'abatementPeriod.end',
];

/** A FHIR date or dateTime that names a real day. */
function isFhirDate(value: string): boolean {
  if (!DATE_TIME.test(value)) return false;
  if (value.length < 10) return true;
  const day = new Date(`${value.slice(0, 10)}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value.slice(0, 10);
}

/**
 * What is wrong with a resource's dates, one message per bad field; empty when nothing is.
 *
 * @example badDates({ resourceType: 'Observation', id: 'o1', effectiveDateTime: 'yesterday' })
 * // ['Observation/o1 effectiveDateTime "yesterday" is not a FHIR date: read as absent']
 */
export function badDates(resource: Resource): string[] {
  const problems: string[] = [];
  for (const path of FIELDS) {
    let value: unknown = resource;
    for (const step of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[step];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || !isFhirDate(value))
      problems.push(
        `${printable(`${resource.resourceType}/${resource.id ?? ''}`)} ${path} ${printable(JSON.stringify(value).slice(0, 40))} is not a FHIR date: read as absent`,
      );
  }
  return problems;
}
