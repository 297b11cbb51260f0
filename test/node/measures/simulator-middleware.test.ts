/*
 * The dev server's side of the simulator's "Re-run the measures" (smart-launch/simulator/
 * measures-plugin.ts), through Vite's own middleware stack as `npm start` mounts it: the batch runs in
 * a child process (mocks/feedback/rerun-cli.ts) and answers JSON; a bad dump is the caller's fault (400).
 * The browser side (the element, and what a static build says) is test/browser/e2e/loop-controls.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Resource } from '@medplum/fhirtypes';
import { createServer as createVite } from 'vite';
import type { ViteDevServer } from 'vite';
import { generateDataset } from '../../../mocks/data';
import { simulatorMeasures } from '../../../smart-launch/simulator/measures-plugin';
import { RERUN_PATH } from '../../../smart-launch/simulator/rerun-path';

let vite: ViteDevServer;
let http: Server;
let url = '';
let cacheDir = '';

before(async () => {
  // A cache of its own: this server's config differs from vite.config.ts, and Vite empties a shared
  // node_modules/.vite/deps whose config hash is not its own, under any dev server serving from it at
  // the time (the analyst's view and the simulator loop tests run one alongside).
  cacheDir = await mkdtemp(join(tmpdir(), 'loop-middleware-vite-'));
  vite = await createVite({
    configFile: false,
    cacheDir,
    logLevel: 'silent',
    plugins: [simulatorMeasures()],
    server: { middlewareMode: true, hmr: false, ws: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  http = createServer(vite.middlewares);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}${RERUN_PATH}`;
});
after(async () => {
  await new Promise((resolve) => http.close(resolve));
  await vite.close();
  await rm(cacheDir, { recursive: true, force: true });
});

test('POSTing the simulator EHR runs the batch and answers the reports as JSON', async () => {
  const now = '2026-12-14T09:00:00.000Z';
  // The directory alone keeps the batch short: the answer is last month's seeded reports, re-assembled.
  const resources = generateDataset({ now: new Date(now) }).resources.filter((r: Resource) =>
    ['Practitioner', 'PractitionerRole', 'Location'].includes(r.resourceType),
  );
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ now, resources }),
  });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /json/);
  const body = (await response.json()) as { periods: { period: string }[]; reports: unknown[] };
  assert.deepEqual(
    body.periods.map((p) => p.period),
    ['2026-11', '2026-12'],
  );
  assert.ok(body.reports.length > 50, `${body.reports.length} reports`);
});

test('a dump that is not the simulator EHR is refused with 400 and says why; GET is 405', async () => {
  const bad = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"resources": []}',
  });
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as { error: string }).error, /no "now" instant/);
  const get = await fetch(url);
  assert.equal(get.status, 405);
  await get.body?.cancel();
});

test('only the simulator page may ask: another origin is 403, a body that is not JSON 415', async () => {
  const body = JSON.stringify({ now: '2026-12-14T09:00:00.000Z', resources: [] });
  const json = { 'content-type': 'application/json' };
  const crossSite = await fetch(url, {
    method: 'POST',
    headers: { ...json, origin: 'https://attacker.example' },
    body,
  });
  assert.equal(crossSite.status, 403);
  await crossSite.body?.cancel();
  const opaque = await fetch(url, { method: 'POST', headers: { ...json, origin: 'null' }, body });
  assert.equal(opaque.status, 403, 'a sandboxed or file: page (Origin: null) is refused too');
  await opaque.body?.cancel();
  const plain = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
  assert.equal(plain.status, 415);
  await plain.body?.cancel();
});

test('one re-run at a time: a second while the first runs is 409', async () => {
  const post = () =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ now: '2026-12-14T09:00:00.000Z', resources: [] }),
    });
  const first = post();
  await new Promise((r) => setTimeout(r, 50));
  const second = await post();
  assert.equal(second.status, 409);
  await second.body?.cancel();
  const done = await first;
  assert.equal(done.status, 200);
  await done.body?.cancel();
});
