/**
 * What the simulator's loop controls do (loop-controls.ts renders them): sign Learning Loop's drafts as
 * a clinician signing in the EHR would, gather the simulator's EHR (its seed with every write the mock
 * server persisted), have the dev server run the measures batch over it (measures-plugin.ts), and store
 * the reports it gives as the mock server's own writes, so the next launch serves them. The writes go
 * straight to the mock server's persistence (mocks/fhir/idb-persistence.ts): its handlers live in the
 * app's page, not in this one.
 *
 * @example
 * const signed = await signDrafts(idbPersistence(), new Date());
 */
import type { Group, MeasureReport, Resource } from '@medplum/fhirtypes';
import type { StorePersistence } from '../../mocks/fhir/store';
import { SUGGESTION_IDENTIFIER_SYSTEM } from '../../src/prompts/suggestion-identifier';
import { RERUN_PATH } from './rerun-path';

/** What the dev server answers (mocks/feedback/rerun.ts, RerunOutput). */
export interface RerunAnswer {
  periods: { period: string; evaluated: number; cases: Record<string, number>; seeded: number }[];
  reports: MeasureReport[];
  groups: Group[];
  events: number;
  notes: string[];
}

const key = (r: Resource) => `${r.resourceType}/${r.id ?? ''}`;

/** A new version of a resource the mock server holds, as its own update would make it. */
function updated<T extends Resource>(resource: T, previous: Resource | undefined, now: Date): T {
  const version = previous ? Number(previous.meta?.versionId ?? 1) + 1 : 1;
  return {
    ...resource,
    meta: { ...resource.meta, versionId: String(version), lastUpdated: now.toISOString() },
  };
}

/**
 * An order Learning Loop drafted (its suggestion identifier) that still awaits signature.
 *
 * @example
 * isOurDraft({ resourceType: 'MedicationRequest', status: 'draft', identifier: [{ system: SUGGESTION_IDENTIFIER_SYSTEM }] } as Resource); // true
 */
export function isOurDraft(r: Resource): boolean {
  if (r.resourceType !== 'MedicationRequest' && r.resourceType !== 'ServiceRequest') return false;
  return r.status === 'draft' && !!r.identifier?.some((i) => i.system === SUGGESTION_IDENTIFIER_SYSTEM);
}

/**
 * Signs every draft of ours the EHR holds: `active` from now on, as when the requester signs it in the
 * EHR's orders (its requester and authoring time stay). Returns the signed orders.
 *
 * @example
 * (await signDrafts(persistence, new Date())).length; // 1
 */
export async function signDrafts(persistence: StorePersistence, now: Date): Promise<Resource[]> {
  const drafts = (await persistence.loadAll()).filter(isOurDraft);
  const signed = drafts.map((d) => updated({ ...d, status: 'active' } as Resource, d, now));
  for (const r of signed) await persistence.put(r);
  return signed;
}

/**
 * The simulator's EHR as the mock server serves it: the generated data with every persisted write
 * over it (by type and id), less earlier re-runs' reports, which the batch does not read.
 *
 * @example
 * const record = await simulatorRecord(dataset, idbPersistence()); // { now, resources }
 */
export async function simulatorRecord(
  seed: { now: string; resources: readonly Resource[] },
  persistence: StorePersistence,
): Promise<{ now: string; resources: Resource[] }> {
  const all = new Map(seed.resources.map((r) => [key(r), r]));
  for (const r of await persistence.loadAll()) all.set(key(r), r);
  return { now: seed.now, resources: [...all.values()].filter((r) => r.resourceType !== 'MeasureReport') };
}

/** What a simulator without the dev server (a build, a preview) says when asked to re-run. */
export const NO_DEV_SERVER =
  'this simulator is a static build, with no Node server to run the measures batch: run it with npm start (the feedback shown is the committed history)';

/** Why a re-run could not be had, in words for the simulator's user. */
export class RerunError extends Error {
  override name = 'RerunError';
}

/**
 * Posts the record to the dev server and returns its answer; rejects with a RerunError that says what
 * to do (no dev server, the batch failed).
 *
 * @example
 * const answer = await requestRerun(await simulatorRecord(dataset, persistence));
 */
export async function requestRerun(
  record: { now: string; resources: Resource[] },
  doFetch: typeof fetch = (input, init) => fetch(input, init),
): Promise<RerunAnswer> {
  let response: Response;
  try {
    response = await doFetch(new URL(RERUN_PATH, location.href).href, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(record),
    });
  } catch {
    throw new RerunError('the dev server did not answer: is npm start still running?');
  }
  // A built simulator (vite build, vite preview, any static host) has no middleware: it answers 404 or
  // 405, or an HTML page (a fallback) with 200. Only the middleware answers JSON.
  const json = /\bjson\b/.test(response.headers.get('content-type') ?? '');
  if (response.status === 404 || response.status === 405 || (response.ok && !json))
    throw new RerunError(NO_DEV_SERVER);
  const body = (await response.json().catch(() => ({}))) as Partial<RerunAnswer> & { error?: string };
  if (!response.ok || !Array.isArray(body.reports))
    throw new RerunError(`the batch failed: ${body.error ?? `HTTP ${response.status}`}`);
  return body as RerunAnswer;
}

/**
 * Stores the reports and peer Groups as the mock server's writes (an update where one is held).
 *
 * @example
 * await storeRerun(persistence, answer, new Date()); // answer.groups.length + answer.reports.length
 */
export async function storeRerun(
  persistence: StorePersistence,
  answer: RerunAnswer,
  now: Date,
): Promise<number> {
  const held = new Map((await persistence.loadAll()).map((r) => [key(r), r]));
  const written = [...answer.groups, ...answer.reports];
  for (const r of written) await persistence.put(updated(r, held.get(key(r)), now));
  return written.length;
}
