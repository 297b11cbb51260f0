/*
 * Paging a search: every page once, each resource once, and anything that is not a whole searchset a
 * clear failure, never a silent cut. The server is a plain function of the path, so each case says
 * exactly what the EHR answered.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FhirRequestError, describeFhirError } from '../../../src/fhir/errors';
import { createRequester, onServer, type RequestOptions } from '../../../src/fhir/requester';
import { MAX_GET_URL, searchAll } from '../../../src/fhir/search-all';

const BASE = 'https://ehr.example.org/fhir/R4';
const obs = (id: string) => ({ resourceType: 'Observation', id, subject: { reference: 'Patient/p-1' } });
const bundle = (ids: string[], next?: unknown) => ({
  resourceType: 'Bundle',
  type: 'searchset',
  entry: ids.map((id) => ({ resource: obs(id) })),
  ...(next === undefined ? {} : { link: [{ relation: 'next', url: next }] }),
});

/** A requester answering from a table of path -> body, recording what was asked. */
function server(pages: Record<string, unknown>) {
  const asked: { path: string; options: RequestOptions | undefined }[] = [];
  const request = async (path: string, options?: RequestOptions) => {
    asked.push({ path, options });
    if (!(path in pages)) throw new FhirRequestError(404, path, `no ${path}`);
    return pages[path];
  };
  return { request, asked };
}

const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => assert.fail('expected a failure'),
    (e: unknown) => e,
  );
  return describeFhirError(error, 'the record the prompts need');
};

describe('searchAll', () => {
  it('follows next links and keeps each resource once', async () => {
    const { request } = server({
      'Observation?patient=p-1': bundle(['a', 'b'], `${BASE}/Observation?page=2`),
      [`${BASE}/Observation?page=2`]: bundle(['b', 'c']),
    });
    const got = await searchAll(request, 'Observation?patient=p-1');
    assert.deepEqual(
      got.map((r) => r.id),
      ['a', 'b', 'c'],
    );
  });

  it('keeps every resource without an id, and never lets one overwrite a resource whose id is a number', async () => {
    const noId = { resourceType: 'Observation', subject: { reference: 'Patient/p-1' } };
    const { request } = server({
      'Observation?patient=p-1': {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [{ resource: obs('1') }, { resource: noId }, { resource: { ...noId } }],
      },
    });
    const got = await searchAll(request, 'Observation?patient=p-1');
    assert.deepEqual(
      got.map((r) => r.id ?? 'none'),
      ['1', 'none', 'none'],
    );
  });

  it('stops at a next link it has followed before, without counting its entries twice', async () => {
    // The server that turned a 45 MME patient into "225 MME/day": page 1 links back to itself.
    const { request, asked } = server({
      'MedicationRequest?patient=p-1': bundle(['m1'], 'MedicationRequest?patient=p-1'),
    });
    const got = await searchAll(request, 'MedicationRequest?patient=p-1');
    assert.equal(got.length, 1);
    assert.equal(asked.length, 1);
  });

  it('refuses a record with more pages than it reads, rather than cutting it', async () => {
    const pages: Record<string, unknown> = {};
    for (let i = 0; i < 4; i++)
      pages[i ? `p${i}` : 'Observation?patient=p-1'] = bundle([`o${i}`], `p${i + 1}`);
    const problem = await failure(
      searchAll(server(pages).request, 'Observation?patient=p-1', { maxPages: 3 }),
    );
    assert.equal(problem.code, 'fhir-malformed');
    assert.match(problem.detail ?? '', /more than 3 pages/);
  });

  const malformed: [string, unknown, RegExp][] = [
    [
      'an OperationOutcome answered with a 200',
      { resourceType: 'OperationOutcome', issue: [{ diagnostics: 'too costly' }] },
      /OperationOutcome: too costly/,
    ],
    [
      'a Bundle that is not a searchset',
      { resourceType: 'Bundle', type: 'batch-response', entry: [] },
      /not a searchset/,
    ],
    [
      'entries that are not a list',
      { resourceType: 'Bundle', type: 'searchset', entry: { resource: obs('x') } },
      /not a list/,
    ],
    ['a numeric next link', bundle(['a'], 42), /next-page link that is not a URL/],
    ['null', null, /not FHIR JSON/],
    ['HTML from a proxy', '<html>Gateway</html>', /not FHIR JSON/],
  ];
  for (const [what, body, detail] of malformed)
    it(`says the EHR sent something unexpected for ${what}`, async () => {
      const problem = await failure(
        searchAll(server({ 'Observation?patient=p-1': body }).request, 'Observation?patient=p-1'),
      );
      assert.equal(problem.code, 'fhir-malformed');
      assert.match(problem.title, /The EHR sent something unexpected for the record the prompts need/);
      assert.match(problem.detail ?? '', detail);
    });

  it('posts a search too long for a URL as a form to [type]/_search', async () => {
    const codes = Array.from({ length: 120 }, (_, i) => `http%3A%2F%2Floinc.org%7C${10000 + i}-1`).join(',');
    const path = `Observation?patient=p-1&code=${codes}&_count=200`;
    assert.ok(path.length > MAX_GET_URL);
    const { request, asked } = server({ 'Observation/_search': bundle(['a']) });
    assert.equal((await searchAll(request, path)).length, 1);
    const [first] = asked;
    assert.equal(first?.options?.method, 'POST');
    assert.equal(first?.options?.form?.get('patient'), 'p-1');
    assert.equal(first?.options?.form?.get('code')?.split(',').length, 120);
    assert.equal(first?.options?.form?.get('code')?.split(',')[0], 'http://loinc.org|10000-1');
  });
});

describe('onServer: links are followed only on the FHIR server', () => {
  it('resolves relative paths and absolute links under the base', () => {
    assert.equal(onServer(BASE, 'Patient/p-1'), `${BASE}/Patient/p-1`);
    assert.equal(onServer(BASE, `${BASE}/Observation?page=2`), `${BASE}/Observation?page=2`);
    assert.equal(onServer(BASE, ''), BASE);
  });

  for (const link of [
    `${BASE}/../admin/users`,
    '../../other/Patient',
    'https://evil.example.org/fhir/R4/x',
    '//evil.example.org/x',
  ])
    it(`refuses ${link}`, () => {
      assert.throws(
        () => onServer(BASE, link),
        (e: unknown) => e instanceof FhirRequestError && /outside its FHIR server/.test(e.message),
      );
    });

  it('never sends the token off the server', async () => {
    const sent: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = async (input) => {
      sent.push(String(input));
      return new Response(JSON.stringify(bundle(['a'], `${BASE}/../secrets?page=2`)), { status: 200 });
    };
    try {
      const request = createRequester({ baseUrl: BASE, accessToken: () => 'token' });
      const problem = await failure(searchAll(request, 'Observation?patient=p-1'));
      assert.match(problem.detail ?? '', /outside its FHIR server/);
      assert.deepEqual(sent, [`${BASE}/Observation?patient=p-1`]);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
