/*
 * cql-exec-fhir builds a new wrapper each time the CQL reads a FHIR element, so a record's dateTime
 * string is parsed again on every read, and cql-execution validates each string with luxon's
 * `fromFormat`, which tokenises its format anew on every call: on a patient with many results this
 * was a third of a rule's time. The parse of a string is kept for the run and each caller gets a
 * copy: some callers do change the value they get (cql-exec-fhir clears the offset of a FHIR time;
 * interval Start/End adjust a boundary's offset), and a copy is cheap next to the parse. Each run starts empty (so a repeated
 * run on one patient is not measured faster than a first one), and a run that reads more than MAX
 * distinct timestamps starts over.
 */
import cql from 'cql-execution';

const MAX = 20_000;
let installed = false;
let cache = new Map<string, unknown>();

/** Empties the cache: called at the start of each run. */
export function resetDateTimeCache(): void {
  cache = new Map();
}

export function cacheDateTimeParsing(): void {
  if (installed) return;
  installed = true;
  const parse = cql.DateTime.parse.bind(cql.DateTime);
  cql.DateTime.parse = (text: string) => {
    let value = cache.get(text);
    if (value === undefined && !cache.has(text)) {
      if (cache.size >= MAX) cache = new Map();
      value = parse(text);
      cache.set(text, value);
    }
    const parsed = value as ReturnType<typeof parse>;
    return parsed ? parsed.copy() : parsed;
  };
}
