/**
 * Write-back: one FHIR transaction per run. Each MeasureReport is a conditional update on its
 * identifier (`PUT MeasureReport?identifier=system|value`): the server creates it the first time and
 * replaces it on a rerun of the same period, so a rerun never adds a report. Peer Groups are updated by
 * id. A dry run asks the server (one batch of searches) what exists and says what would change.
 *
 * @example
 * const tx = transaction([...out.groups, ...out.reports]);
 * const outcome = await postTransaction('https://fhir.example.org/r4', tx);
 */
import type { Bundle, BundleEntry, Group, MeasureReport } from '@medplum/fhirtypes';
import { namedFetch } from '../core/errors';
import { REPORT_IDENTIFIER_SYSTEM } from './reports';

export type Writable = MeasureReport | Group;

/** Search values are percent-encoded whole, `/` and `|` included (some proxies collapse `//`). */
export function identifierQuery(value: string): string {
  return `identifier=${encodeURIComponent(`${REPORT_IDENTIFIER_SYSTEM}|${value}`)}`;
}

function keyOf(r: Writable): string {
  if (r.resourceType === 'Group') return `Group/${r.id ?? ''}`;
  return r.identifier?.find((i) => i.system === REPORT_IDENTIFIER_SYSTEM)?.value ?? '';
}

function requestUrl(r: Writable): string {
  return r.resourceType === 'Group' ? `Group/${r.id ?? ''}` : `MeasureReport?${identifierQuery(keyOf(r))}`;
}

/**
 * The transaction Bundle. MeasureReports go without their id: on a conditional update the server
 * keeps the id of the report it finds (ids assigned elsewhere would clash).
 */
export function transaction(resources: Writable[]): Bundle {
  const entry: BundleEntry[] = resources.map((r) => {
    const resource = r.resourceType === 'MeasureReport' ? { ...r, id: undefined } : r;
    if (resource.id === undefined) delete resource.id;
    return { resource, request: { method: 'PUT', url: requestUrl(r) } };
  });
  return { resourceType: 'Bundle', type: 'transaction', entry };
}

export interface WriteOutcome {
  created: number;
  updated: number;
  /** Entries the server answered with something other than 200 or 201. */
  failed: { url: string; status: string }[];
}

type Fetch = typeof fetch;

async function send(
  base: string,
  body: Bundle,
  headers: Record<string, string>,
  fetcher: Fetch,
): Promise<Bundle> {
  const response = await fetcher(base.replace(/\/$/, ''), {
    method: 'POST',
    headers: { 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`the FHIR server answered ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as Bundle;
}

/** Posts the transaction; counts what the server created and updated. Throws if it refused the whole. */
export async function postTransaction(
  base: string,
  tx: Bundle,
  headers: Record<string, string> = {},
  fetcher: Fetch = namedFetch,
): Promise<WriteOutcome> {
  const answer = await send(base, tx, headers, fetcher);
  const outcome: WriteOutcome = { created: 0, updated: 0, failed: [] };
  (answer.entry ?? []).forEach((e, i) => {
    const status = e.response?.status ?? '';
    if (status.startsWith('201')) outcome.created++;
    else if (status.startsWith('200')) outcome.updated++;
    else outcome.failed.push({ url: tx.entry?.[i]?.request?.url ?? '?', status });
  });
  return outcome;
}

export interface PlannedChange {
  action: 'create' | 'update' | 'unchanged';
  key: string;
  /** For reports: `numerator/denominator` new, and old when it changes. */
  detail: string;
}

/** The parts of a report whose change matters to a reader: counts and score. */
function gist(r: Writable): string {
  if (r.resourceType === 'Group') return (r.member ?? []).map((m) => m.entity.reference ?? '').join(',');
  return JSON.stringify(
    (r.group ?? []).map((g) => [g.population?.map((p) => p.count), g.measureScore?.value]),
  );
}

function counts(r: Writable): string {
  if (r.resourceType === 'Group') return `${r.member?.length ?? 0} members`;
  const pop = (code: string) =>
    r.group?.[0]?.population?.find((p) => p.code?.coding?.[0]?.code === code)?.count ?? 0;
  return `${pop('numerator')}/${pop('denominator')}`;
}

/** What a transaction would change on the server: one batch of searches, nothing written. */
export async function planChanges(
  base: string,
  resources: Writable[],
  headers: Record<string, string> = {},
  fetcher: Fetch = namedFetch,
): Promise<PlannedChange[]> {
  const batch: Bundle = {
    resourceType: 'Bundle',
    type: 'batch',
    entry: resources.map((r) => ({ request: { method: 'GET', url: requestUrl(r) } })),
  };
  const answer = await send(base, batch, headers, fetcher);
  return resources.map((r, i) => {
    const found = answer.entry?.[i]?.resource;
    const existing =
      found?.resourceType === 'Bundle'
        ? (found.entry?.[0]?.resource as Writable | undefined)
        : (found as Writable | undefined);
    const key = keyOf(r);
    if (!existing || existing.resourceType !== r.resourceType)
      return { action: 'create', key, detail: counts(r) };
    if (gist(existing) === gist(r)) return { action: 'unchanged', key, detail: counts(r) };
    return { action: 'update', key, detail: `${counts(existing)} -> ${counts(r)}` };
  });
}
