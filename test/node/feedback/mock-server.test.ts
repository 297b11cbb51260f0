import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setupServer } from 'msw/node';
import type { Bundle, MeasureReport, Resource } from '@medplum/fhirtypes';
import { createMockEhr } from '../../../mocks/handlers';
import { feedbackSeed, shiftMonths } from '../../../mocks/fhir/feedback-seed';
import { SIM_ISS, encodeHandle, type SimToken } from '../../../mocks/sim-constants';
import { BASE, measure, summary } from './factories';

/** What the mock EHR must support for the feedback: chained search, Period and canonical searches. */
const server = setupServer();
const bearer = encodeHandle({
  kind: 'access',
  scope: 'user/*.rs',
  exp: Date.now() + 600_000,
  generation: 1,
  launch: { patient: 'p-1', practitioner: 'pr-1', error: 'none', needPatientBanner: false },
} satisfies SimToken);

async function search(path: string): Promise<{ status: number; ids: string[] }> {
  const response = await fetch(`${SIM_ISS}/${path}`, { headers: { Authorization: `Bearer ${bearer}` } });
  const body = (await response.json()) as Bundle;
  return { status: response.status, ids: (body.entry ?? []).map((e) => String(e.resource?.id)).sort() };
}

const seed: Resource[] = [
  measure('vte', 'increase'),
  {
    resourceType: 'Group',
    id: 'g-a',
    type: 'practitioner',
    actual: true,
    member: [{ entity: { reference: 'Practitioner/pr-1' } }],
  },
  {
    resourceType: 'Group',
    id: 'g-b',
    type: 'practitioner',
    actual: true,
    member: [{ entity: { reference: 'Practitioner/pr-2' } }],
  },
  summary({ id: 'a-11', key: 'vte', subject: 'Group/g-a', month: '2025-11' }),
  summary({ id: 'a-12', key: 'vte', subject: 'Group/g-a', month: '2025-12' }),
  summary({ id: 'b-12', key: 'vte', subject: 'Group/g-b', month: '2025-12' }),
  summary({ id: 'me-12', key: 'vte', subject: 'Practitioner/pr-1', month: '2025-12' }),
  summary({ id: 'other-12', key: 'other', subject: 'Practitioner/pr-1', month: '2025-12' }),
];

describe('mock FHIR server: the searches of the feedback', () => {
  before(async () => {
    const { handlers } = await createMockEhr(seed, {
      authorizeUrl: 'https://a.example/x',
      now: Date.now,
      flags: () => ({}),
    });
    server.listen({ onUnhandledRequest: 'error' });
    server.resetHandlers(...handlers);
  });
  after(() => server.close());

  it('answers a chained search through Group.member', async () => {
    assert.deepEqual(await search('MeasureReport?subject:Group.member=Practitioner%2Fpr-1&type=summary'), {
      status: 200,
      ids: ['a-11', 'a-12'],
    });
    assert.equal((await search('MeasureReport?subject:Group.nope=x')).status, 400);
  });

  it('reads period bounds as ranges, so monthly windows split cleanly', async () => {
    const window = (q: string) => search(`MeasureReport?subject=Group%2Fg-a&${q}`).then((r) => r.ids);
    assert.deepEqual(await window('period=ge2025-11-01&period=lt2025-12-01'), ['a-11']);
    assert.deepEqual(await window('period=ge2025-12-01'), ['a-12']);
    assert.deepEqual(await window('period=2025-11-15'), ['a-11']);
  });

  it('matches a canonical with or without its version', async () => {
    assert.deepEqual(
      (await search(`MeasureReport?measure=${encodeURIComponent(`${BASE}/vte`)}&subject=Practitioner%2Fpr-1`))
        .ids,
      ['me-12'],
    );
    assert.deepEqual(
      (
        await search(
          `MeasureReport?measure=${encodeURIComponent(`${BASE}/vte|1.0.0`)}&subject=Practitioner%2Fpr-1`,
        )
      ).ids,
      ['me-12'],
    );
    assert.deepEqual((await search(`MeasureReport?measure=${encodeURIComponent(`${BASE}/vte|2`)}`)).ids, []);
    assert.deepEqual((await search('Group?member=Practitioner%2Fpr-2')).ids, ['g-b']);
  });
});

describe('the simulator feedback data, moved to the simulator now', () => {
  it("ends with the month before now, each report's period, date and identifier moved together", () => {
    const moved = feedbackSeed(seed, new Date('2026-06-10T00:00:00Z')) as MeasureReport[];
    const report = moved.find((r) => r.id === 'a-12');
    assert.deepEqual(report?.period, { start: '2026-05-01T00:00:00.000Z', end: '2026-05-31T23:59:59.999Z' });
    assert.equal(report?.date, '2026-05-28T06:00:00.000Z');
    assert.equal(moved.find((r) => r.id === 'a-11')?.period?.start, '2026-04-01T00:00:00.000Z');
    assert.equal(shiftMonths('2025-01-31T06:00:00Z', 1), '2025-02-28T06:00:00.000Z');
  });
});
