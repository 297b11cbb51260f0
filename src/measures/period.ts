/**
 * Measurement periods: a calendar month (`2026-10`) or a year (`2025`), in UTC. Reports name their
 * period by this label, so a rerun of the same label replaces the reports it wrote before.
 *
 * @example
 * parsePeriod('2026-10'); // { label: '2026-10', start: '2026-10-01T00:00:00.000Z', end: '2026-10-31T23:59:59.999Z' }
 */

export interface MeasurePeriod {
  /** `YYYY-MM` or `YYYY`. */
  label: string;
  /** First instant, RFC 3339 UTC. */
  start: string;
  /** Last millisecond, RFC 3339 UTC. */
  end: string;
}

/** The period a label names; throws a RangeError saying what is expected. */
export function parsePeriod(label: string): MeasurePeriod {
  const match = /^(\d{4})(?:-(0[1-9]|1[0-2]))?$/.exec(label);
  if (!match)
    throw new RangeError(`period '${label}': expected a month such as 2026-10 or a year such as 2025`);
  const year = Number(match[1]);
  // Date.UTC reads years 0-99 as 1900-1999: no measurement period is that old anyway.
  if (year < 1900) throw new RangeError(`period '${label}': a year from 1900`);
  const month = match[2] === undefined ? undefined : Number(match[2]) - 1;
  const start = Date.UTC(year, month ?? 0, 1);
  const next = month === undefined ? Date.UTC(year + 1, 0, 1) : Date.UTC(year, month + 1, 1);
  return { label, start: new Date(start).toISOString(), end: new Date(next - 1).toISOString() };
}

/** The `count` months that end with `last` (inclusive), oldest first. */
export function monthsEndingWith(last: string, count: number): MeasurePeriod[] {
  const end = parsePeriod(last);
  if (end.label.length !== 7) throw new RangeError(`period '${last}': expected a month`);
  const [y, m] = end.label.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - (count - 1 - i), 1));
    return parsePeriod(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  });
}
