import type { Resource } from '@medplum/fhirtypes';
import { FhirRequestError } from './errors';
import type { FhirRequester } from './requester';
import { isResource } from './resource-index';

/** Longer search URLs go as `POST [type]/_search` (servers and proxies cap URLs near 2,000 characters). */
export const MAX_GET_URL = 1800;

export interface SearchOptions {
  /** Pages to follow at most; a search with more is refused, never cut short. */
  maxPages?: number;
  signal?: AbortSignal;
}

/** The answer was not the searchset Bundle a search must return. */
function unexpected(path: string, what: string): FhirRequestError {
  return new FhirRequestError(200, path, `The answer to ${path.slice(0, 200)} ${what}`);
}

/** The OperationOutcome's own words, when a server answers a search with one and a 200. */
function outcomeWords(page: Record<string, unknown>): string {
  const issues = Array.isArray(page.issue)
    ? (page.issue as { diagnostics?: unknown; details?: { text?: unknown } }[])
    : [];
  const words = issues.map((i) => i?.diagnostics ?? i?.details?.text).filter((w) => typeof w === 'string');
  return words.length ? `: ${words.join('; ').slice(0, 300)}` : '';
}

/** The first request of a search: GET, or a form POST to `[type]/_search` when the URL is too long. */
function firstRequest(request: FhirRequester, path: string, signal: AbortSignal | undefined) {
  const mark = path.indexOf('?');
  if (path.length <= MAX_GET_URL || mark < 0) return request(path, signal ? { signal } : {});
  const form = new URLSearchParams(path.slice(mark + 1));
  return request(`${path.slice(0, mark)}/_search`, { method: 'POST', form, ...(signal ? { signal } : {}) });
}

/**
 * Every resource of a search, each once (by type and id), following `next` links on the same server.
 * What is not a whole, readable answer is a failure with a clear message, never a silent cut: an
 * answer that is not a searchset Bundle (an OperationOutcome with a 200 included), entries that are
 * not a list, a `next` link that is not a string or leads off the server, and more pages than
 * `maxPages`. A `next` link seen before ends the paging (a server looping on itself).
 *
 * @example
 * const resources = await searchAll(request, 'Observation?patient=p-1&code=http%3A%2F%2Floinc.org%7C4548-4');
 */
export async function searchAll(
  request: FhirRequester,
  path: string,
  options: SearchOptions = {},
): Promise<Resource[]> {
  const { maxPages = 20, signal } = options;
  const byKey = new Map<string, Resource>();
  const visited = new Set<string>();
  let next: string | undefined = path;
  for (let page = 0; next !== undefined; page++) {
    if (page === maxPages)
      throw unexpected(path, `has more than ${maxPages} pages; Learning Loop reads no part of a record`);
    visited.add(next);
    const answer = await (page === 0
      ? firstRequest(request, next, signal)
      : request(next, signal ? { signal } : {}));
    if (!isResource(answer)) throw unexpected(path, 'is not FHIR JSON');
    const bundle = answer as unknown as Record<string, unknown>;
    if (answer.resourceType === 'OperationOutcome')
      throw unexpected(path, `is an OperationOutcome${outcomeWords(bundle)}`);
    if (answer.resourceType !== 'Bundle' || bundle.type !== 'searchset')
      throw unexpected(
        path,
        `is a ${answer.resourceType} ${String(bundle.type ?? '')}, not a searchset Bundle`.trim(),
      );
    if (bundle.entry !== undefined && !Array.isArray(bundle.entry))
      throw unexpected(path, 'has entries that are not a list');
    for (const entry of (bundle.entry ?? []) as { resource?: unknown }[]) {
      const resource = entry?.resource;
      // One per id (a page repeated); one each without one.
      if (isResource(resource)) byKey.set(resourceKey(resource, byKey.size), resource);
    }
    next = nextLink(path, bundle.link);
    if (next !== undefined && visited.has(next)) next = undefined;
  }
  return [...byKey.values()];
}

/**
 * A resource's key for keeping one of each: its type and id, or for one without an id, `#n` (no FHIR
 * id has a `#`), so it never overwrites a resource whose id is a number. `n` must differ for each.
 *
 * @example resourceKey({ resourceType: 'Observation' }, 3) // 'Observation/#3'
 */
export const resourceKey = (resource: Resource, n: number) =>
  `${resource.resourceType}/${resource.id ?? `#${n}`}`;

function nextLink(path: string, links: unknown): string | undefined {
  if (links === undefined) return undefined;
  if (!Array.isArray(links)) throw unexpected(path, 'has links that are not a list');
  const next = (links as { relation?: unknown; url?: unknown }[]).find((l) => l?.relation === 'next');
  if (next === undefined) return undefined;
  if (typeof next.url !== 'string' || !next.url)
    throw unexpected(path, 'has a next-page link that is not a URL');
  return next.url;
}
