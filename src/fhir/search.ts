/**
 * Search paths: how a value goes into a FHIR search, and one canonical spelling of a query, so two
 * spellings of the same search (parameters in another order, a leading slash) compare equal.
 */

/**
 * A search value as it goes into the URL: everything percent-encoded but the `,` that separates the
 * values of one parameter. `/`, `:` and `|` too: some proxies in front of FHIR servers (the SMART
 * reference launcher's among them) collapse every `//` in a URL, query included, which turned
 * `http://loinc.org|4548-4` into `http:/loinc.org|4548-4` and every coded search into an empty one.
 * Servers decode a parameter before they read its `system|code`.
 *
 * @example
 * searchValue('http://loinc.org|4548-4'); // 'http%3A%2F%2Floinc.org%7C4548-4'
 */
export const searchValue = (value: string): string => encodeURIComponent(value).replace(/%2C/gi, ',');

/**
 * `Type/id` or `Type?b=2&a=1` in one canonical spelling: no leading slash, parameters sorted.
 *
 * @example
 * normaliseQuery('/Observation?patient=1&code=a'); // 'Observation?code=a&patient=1'
 */
export function normaliseQuery(query: string): string {
  const trimmed = query.trim().replace(/^\/+/, '');
  const mark = trimmed.indexOf('?');
  if (mark < 0) return trimmed;
  const params = [...new URLSearchParams(trimmed.slice(mark + 1))].sort(
    ([a, x], [b, y]) => compare(a, b) || compare(x, y),
  );
  const search = new URLSearchParams(params).toString();
  return search ? `${trimmed.slice(0, mark)}?${search}` : trimmed.slice(0, mark);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
