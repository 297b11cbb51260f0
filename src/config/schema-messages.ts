/** Pieces every part of the config schema builds on: messages an informatics analyst can act on. */
import * as v from 'valibot';

/** One message for an object's own problems: an unknown field, a missing one, or not an object at all. */
export function objectMessage(fields: string) {
  return (issue: v.BaseIssue<unknown>) => {
    if (issue.expected === 'never') return `unknown field ${issue.received}: expected only ${fields}`;
    if (issue.received === 'undefined' && issue.expected?.startsWith('"'))
      return `required field missing: expected ${issue.expected}`;
    return `expected an object with ${fields}`;
  };
}

/** valibot's object schemas take an array for an empty object; a config that says `[]` meant something else. */
export function plainObject<T extends v.GenericSchema>(schema: T, message: string) {
  return v.pipe(
    v.custom<unknown>((x) => typeof x === 'object' && x !== null && !Array.isArray(x), message),
    schema,
  );
}

/** A whole number of milliseconds (or a count), at least `min`. */
export const ms = (min: number) => v.pipe(v.number('expected a whole number'), v.integer(), v.minValue(min));

/** A field that no longer exists, with what to do instead. */
export const retired = (message: string) => v.optional(v.never(message));
