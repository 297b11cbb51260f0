import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setupServer } from 'msw/node';
import type { Group, Resource } from '@medplum/fhirtypes';
import { createMockEhr } from '../../../mocks/handlers';
import { SIM_ISS, encodeHandle, type SimToken } from '../../../mocks/sim-constants';
import { FhirRequestError } from '../../../src/fhir/errors';
import { fetchRequester, type FhirRequester } from '../../../src/fhir/requester';
import { loadDrillDown, loadFeedback } from '../../../src/feedback/load';
import { feedbackView } from '../../../src/feedback/view';
import { BASE, measure, person, subjectList, summary } from './factories';

/** The feedback searches against the mock EHR (msw in Node), as the browser sends them. */
const server = setupServer();
const NOW = new Date('2026-01-15T10:00:00Z');
const ME = { practitionerId: 'pr-1', wardId: 'ward-1' };

function token(): string {
  const t: SimToken = {
    kind: 'access',
    scope: 'patient/*.rs user/*.rs',
    exp: Date.now() + 600_000,
    generation: 1,
    launch: { patient: 'p-1', practitioner: 'pr-1', error: 'none', needPatientBanner: false },
  };
  return encodeHandle(t);
}

const group = (id: string, members: string[]): Group => ({
  resourceType: 'Group',
  id,
  type: 'practitioner',
  actual: true,
  member: members.map((m) => ({ entity: { reference: `Practitioner/${m}` } })),
});

function seed(): Resource[] {
  const months = ['2024-12', '2025-06', '2025-12'];
  return [
    measure('vte', 'increase', 'VTE prophylaxis'),
    measure('hba1c', 'decrease', 'HbA1c above 9%'),
    group('peers-doctor', ['pr-1', 'pr-2']),
    group('peers-nurse', ['pr-3']),
    ...months.flatMap((month) => [
      summary({ key: 'vte', subject: 'Practitioner/pr-1', month, numerator: 8, denominator: 10 }),
      summary({ key: 'vte', subject: 'Practitioner/pr-2', month, numerator: 3, denominator: 10 }),
      summary({ key: 'vte', subject: 'Location/ward-1', month, numerator: 11, denominator: 20 }),
      summary({ key: 'vte', subject: 'Location/ward-2', month, numerator: 1, denominator: 20 }),
      summary({
        key: 'vte',
        subject: 'Group/peers-doctor',
        month,
        numerator: 11,
        denominator: 20,
        members: [
          ['Practitioner/pr-1', 8, 10],
          ['Practitioner/pr-2', 3, 10],
        ],
      }),
      summary({ key: 'vte', subject: 'Group/peers-nurse', month, numerator: 0, denominator: 10 }),
    ]),
    // Older than 24 months: not asked for.
    summary({ key: 'vte', subject: 'Practitioner/pr-1', month: '2023-11', numerator: 1, denominator: 10 }),
    summary({ key: 'hba1c', subject: 'Practitioner/pr-1', month: '2025-12', numerator: 2, denominator: 3 }),
    subjectList('vte', 'Practitioner/pr-1', '2025-12', {
      denominator: ['h-1', 'h-2', 'h-3'],
      numerator: ['h-2'],
    }),
    subjectList('vte', 'Practitioner/pr-1', '2025-11', { denominator: ['h-9'], numerator: [] }),
    person('h-1', 'Ng', 'MRN-1'),
    person('h-2', 'Ortiz', 'MRN-2'),
  ];
}

let request: FhirRequester;
const paths: string[] = [];
/** The requester, recording each path, with some searches answered by `fail` instead. */
const recording =
  (fail?: (path: string) => unknown): FhirRequester =>
  async (path, options) => {
    paths.push(path);
    const failure = fail?.(path);
    if (failure) throw failure;
    return request(path, options);
  };

describe('loading the feedback from a FHIR server', () => {
  before(async () => {
    const { handlers } = await createMockEhr(seed(), {
      authorizeUrl: 'https://app.example/ehr-authorize.html',
      now: Date.now,
      flags: () => ({}),
    });
    server.listen({ onUnhandledRequest: 'error' });
    server.resetHandlers(...handlers);
    request = fetchRequester(SIM_ISS, token());
  });
  after(() => server.close());

  it('reads measures, mine, my unit, my peers (by chained search) and my peer groups in one wave', async () => {
    paths.length = 0;
    const data = await loadFeedback(recording(), ME, NOW);
    assert.equal(data.waves, 1);
    assert.equal(paths.length, 8);
    assert.deepEqual(
      data.measures.map((m) => m.key),
      ['vte', 'hba1c'],
    );
    assert.equal(data.mine.length, 4, 'three VTE months and one HbA1c month, not the one 26 months ago');
    assert.deepEqual([...new Set(data.unit.map((p) => p.subject))], ['Location/ward-1']);
    assert.deepEqual([...new Set(data.peers.map((p) => p.subject))], ['Group/peers-doctor']);
    const view = feedbackView({ ...data, me: 'Practitioner/pr-1', ward: 'Location/ward-1', minCases: 5 });
    const vte = view.measures.find((m) => m.measure.key === 'vte');
    assert.equal(vte?.peers?.median, 0.55);
    assert.equal(view.measures.find((m) => m.measure.key === 'hba1c')?.mine.status, 'suppressed');
  });

  it("falls back to the peer Groups' reports when the server refuses chained search (two waves)", async () => {
    paths.length = 0;
    const refuse = (path: string) =>
      path.includes('Group.member') ? new FhirRequestError(400, path, 'Unknown parameter') : undefined;
    const data = await loadFeedback(recording(refuse), ME, NOW);
    assert.equal(data.waves, 2);
    assert.ok(paths.some((p) => p.startsWith('MeasureReport?subject=Group%2Fpeers-doctor&')));
    assert.deepEqual([...new Set(data.peers.map((p) => p.subject))], ['Group/peers-doctor']);
    assert.equal(data.peers.length, 3);
  });

  it('treats a server that ignored the chain (reports about anyone) as one that refused it', async () => {
    const ignore: FhirRequester = (path, options) =>
      request(path.replace(/subject:Group\.member=[^&]+&/, ''), options);
    const data = await loadFeedback(ignore, ME, NOW);
    assert.deepEqual([...new Set(data.peers.map((p) => p.subject))], ['Group/peers-doctor']);
    assert.equal(data.waves, 2);
    assert.deepEqual(data.peerGroups, [{ reference: 'Group/peers-doctor', name: 'Group peers-doctor' }]);
  });

  it("keeps my reports when the unit's fail, and says so", async () => {
    const down = (path: string) =>
      path.includes('Location') ? new FhirRequestError(503, path, 'Service Unavailable') : undefined;
    const data = await loadFeedback(recording(down), ME, NOW);
    assert.equal(data.mine.length, 4);
    assert.deepEqual(data.unit, []);
    assert.deepEqual(
      data.notices.map((n) => n.title),
      ["The EHR's FHIR server had an error while loading your unit's outcome reports."],
    );
  });

  it('gives an empty view for a clinician the server has no reports for', async () => {
    const data = await loadFeedback(request, { practitionerId: 'pr-9', wardId: 'ward-9' }, NOW);
    const view = feedbackView({ ...data, me: 'Practitioner/pr-9', ward: 'Location/ward-9', minCases: 5 });
    assert.equal(view.empty, true);
  });

  it('drills down to the right patients of the right month, names and MRNs in one wave', async () => {
    paths.length = 0;
    const target = {
      measureUrl: `${BASE}/vte`,
      measureKey: 'vte',
      subject: 'Practitioner/pr-1',
      month: '2025-12',
    };
    const result = await loadDrillDown(recording(), target, 'increase', NOW);
    assert.deepEqual(
      result.groups.map((g) => [g.label, g.patients.map((p) => `${p.name ?? p.id} ${p.mrn ?? ''}`.trim())]),
      [
        ['Not met', ['Alex Ng MRN-1', 'h-3']],
        ['Met', ['Alex Ortiz MRN-2']],
      ],
    );
    assert.equal(paths.length, 2, 'the subject list, then one search for every patient');
    assert.match(paths[1] ?? '', /^Patient\?_id=h-1,h-2,h-3&/);
  });
});
