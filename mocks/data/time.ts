/*
 * Date helpers: every clinical date is an offset from the `now` the caller passes in, so the generator
 * has no clock of its own (STYLE.md habit 4).
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The instant `hours` before `now`, as an RFC 3339 UTC string. */
export function hoursBefore(now: Date, hours: number): string {
  return new Date(now.getTime() - hours * HOUR_MS).toISOString();
}

/** The instant `days` before `now`, as an RFC 3339 UTC string. */
export function daysBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString();
}

/**
 * A birth date (YYYY-MM-DD) giving exactly `age` completed years on `now`: the birthday fell
 * `daysSinceBirthday` days before `now` (1 to 360), so the age cannot round either way.
 */
export function birthDateForAge(now: Date, age: number, daysSinceBirthday: number): string {
  const anniversary = Date.UTC(now.getUTCFullYear() - age, now.getUTCMonth(), now.getUTCDate());
  const offset = Math.min(Math.max(daysSinceBirthday, 1), 360);
  return new Date(anniversary - offset * DAY_MS).toISOString().slice(0, 10);
}
