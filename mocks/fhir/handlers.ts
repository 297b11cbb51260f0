import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { delay, http, type HttpHandler } from 'msw';
import { SIM_ISS } from '../sim-constants';
import type { MockServerOptions } from '../server-options';
import { authorizeRequest } from './auth';
import { fhirJson, outcome } from './responses';
import { SearchError, filterResources, includedResources } from './search';
import type { FhirStore } from './store';
import { capabilityStatement } from './capability';

const MAX_COUNT = 200;

/** The FHIR R4 server: read, search (paging, _include), create (conditional), update, batch/transaction. */
export function fhirHandlers(store: FhirStore, options: MockServerOptions): HttpHandler[] {
  const guard = async (request: Request, type: string, write: boolean) => {
    const latency = options.flags().latencyMs;
    if (latency) await delay(latency);
    const result = authorizeRequest(request, type, write, options.now());
    return result instanceof Response ? result : undefined;
  };
  return [
    http.get(`${SIM_ISS}/metadata`, () => fhirJson(capabilityStatement())),
    http.get(`${SIM_ISS}/:type/:id`, async ({ request, params }) => {
      const type = String(params.type);
      const denied = await guard(request, type, false);
      return denied ?? read(store, type, String(params.id));
    }),
    http.get(`${SIM_ISS}/:type`, async ({ request, params }) => {
      const type = String(params.type);
      const denied = await guard(request, type, false);
      if (denied) return denied;
      const body = search(store, type, new URL(request.url).searchParams, options);
      return fhirJson(body, body.resourceType === 'OperationOutcome' ? 400 : 200);
    }),
    // A search posted as a form (FHIR's `POST [type]/_search`), for searches too long for a URL.
    http.post(`${SIM_ISS}/:type/_search`, async ({ request, params }) => {
      const type = String(params.type);
      const denied = await guard(request, type, false);
      if (denied) return denied;
      if (!request.headers.get('content-type')?.startsWith('application/x-www-form-urlencoded'))
        return outcome(415, 'not-supported', 'POST _search takes application/x-www-form-urlencoded');
      const form = new URLSearchParams(await request.text());
      for (const [key, value] of new URL(request.url).searchParams) form.append(key, value);
      const body = search(store, type, form, options);
      return fhirJson(body, body.resourceType === 'OperationOutcome' ? 400 : 200);
    }),
    http.post(`${SIM_ISS}/:type`, async ({ request, params }) => {
      const type = String(params.type);
      const denied = await guard(request, type, true);
      if (denied) return denied;
      const body = await readBody(request);
      if (!body || body.resourceType !== type)
        return outcome(400, 'invalid', `Body must be a ${type} resource`);
      const result = await create(store, body, request.headers.get('If-None-Exist'));
      return fhirJson(result.resource, result.status, {
        Location: `${SIM_ISS}/${type}/${result.resource.id}`,
      });
    }),
    http.put(`${SIM_ISS}/:type/:id`, async ({ request, params }) => {
      const type = String(params.type);
      const denied = await guard(request, type, true);
      if (denied) return denied;
      const body = await readBody(request);
      if (!body || body.resourceType !== type || body.id !== params.id)
        return outcome(400, 'invalid', 'Body type and id must match the URL');
      return fhirJson(await store.write(body, String(params.id)));
    }),
    http.post(SIM_ISS, async ({ request }) => {
      const denied = await guard(request, 'Bundle', false);
      if (denied) return denied;
      const body = (await readBody(request)) as Bundle | undefined;
      if (body?.resourceType !== 'Bundle' || (body.type !== 'batch' && body.type !== 'transaction')) {
        return outcome(400, 'invalid', 'POST to the base takes a batch or transaction Bundle');
      }
      return fhirJson(await batch(store, body, request, options));
    }),
  ];
}

function read(store: FhirStore, type: string, id: string) {
  const resource = store.read(type, id);
  return resource ? fhirJson(resource) : outcome(404, 'not-found', `${type}/${id} is not known`);
}

function search(
  store: FhirStore,
  type: string,
  params: URLSearchParams,
  options: MockServerOptions,
): Bundle | Resource {
  try {
    if (options.flags().noReverseChain && [...params.keys()].some((k) => k.startsWith('_has:'))) {
      throw new SearchError('This server does not support _has');
    }
    const matches = filterResources(store, type, params);
    const count = Math.min(Math.max(Number(params.get('_count') ?? 50) || 50, 1), MAX_COUNT);
    const offset = Math.max(Number(params.get('_offset') ?? 0) || 0, 0);
    const page = matches.slice(offset, offset + count);
    const includes = options.flags().noInclude ? [] : includedResources(store, page, params);
    const link = (at: number) => {
      const next = new URLSearchParams(params);
      next.set('_offset', String(at));
      return `${SIM_ISS}/${type}?${next}`;
    };
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      total: matches.length,
      link: [
        { relation: 'self', url: link(offset) },
        ...(offset + count < matches.length ? [{ relation: 'next', url: link(offset + count) }] : []),
      ],
      entry: [...page.map((r) => entry(r, 'match')), ...includes.map((r) => entry(r, 'include'))],
    };
  } catch (error) {
    if (error instanceof SearchError) {
      return {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'not-supported', diagnostics: error.message }],
      };
    }
    throw error;
  }
}

function entry(resource: Resource, mode: 'match' | 'include'): BundleEntry {
  return { fullUrl: `${SIM_ISS}/${resource.resourceType}/${resource.id}`, resource, search: { mode } };
}

async function create(store: FhirStore, body: Resource, ifNoneExist: string | null) {
  if (ifNoneExist) {
    const existing = filterResources(store, body.resourceType, new URLSearchParams(ifNoneExist));
    if (existing.length > 1) throw new SearchError('If-None-Exist matched more than one resource');
    const [first] = existing;
    if (first) return { resource: first, status: 200 };
  }
  return { resource: await store.write(body), status: 201 };
}

async function batch(
  store: FhirStore,
  bundle: Bundle,
  request: Request,
  options: MockServerOptions,
): Promise<Bundle> {
  const entries: BundleEntry[] = [];
  for (const item of bundle.entry ?? []) {
    const method = item.request?.method;
    const url = item.request?.url ?? '';
    const [path = '', query = ''] = url.split('?');
    const [type = '', id] = path.split('/');
    const denied = authorizeRequest(request, type, method !== 'GET', options.now());
    if (denied instanceof Response) {
      entries.push({ response: { status: String(denied.status) } });
      continue;
    }
    try {
      if (method === 'GET' && id) {
        const found = store.read(type, id);
        entries.push(
          found ? { resource: found, response: { status: '200' } } : { response: { status: '404' } },
        );
      } else if (method === 'GET') {
        const result = search(store, type, new URLSearchParams(query), options);
        entries.push({
          resource: result,
          response: { status: result.resourceType === 'OperationOutcome' ? '400' : '200' },
        });
      } else if (method === 'POST' && item.resource) {
        const result = await create(store, item.resource, item.request?.ifNoneExist ?? null);
        entries.push({
          resource: result.resource,
          response: { status: String(result.status), location: `${type}/${result.resource.id}` },
        });
      } else if (method === 'PUT' && item.resource && id) {
        entries.push({ resource: await store.write(item.resource, id), response: { status: '200' } });
      } else {
        entries.push({ response: { status: '400' } });
      }
    } catch (error) {
      entries.push({
        response: {
          status: '400',
          outcome: {
            resourceType: 'OperationOutcome',
            issue: [{ severity: 'error', code: 'invalid', diagnostics: String(error) }],
          },
        },
      });
    }
  }
  return {
    resourceType: 'Bundle',
    type: bundle.type === 'batch' ? 'batch-response' : 'transaction-response',
    entry: entries,
  };
}

async function readBody(request: Request): Promise<Resource | undefined> {
  try {
    return (await request.json()) as Resource;
  } catch {
    return undefined;
  }
}
