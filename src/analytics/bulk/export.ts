/**
 * A FHIR Bulk Data Access 2.0 client, for the AuditEvents by default (any `types`: the measures batch
 * asks for its clinical types): kick-off (`$export?_type=AuditEvent` with
 * `Prefer: respond-async`), status polling that honours `Retry-After` and otherwise backs off, 429 and
 * 5xx retried, a 401 answered by one fresh token, the manifest read, every NDJSON file downloaded to
 * disk as a stream. A failed job (an OperationOutcome) and a partial manifest (its `error` files) are
 * reported, not hidden.
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { namedFetch } from '../../core/errors';
import type { BackendAuth, Fetch } from './auth';

export interface ExportOptions {
  auth?: BackendAuth;
  fetch?: Fetch;
  /** Where the NDJSON files go. */
  dir: string;
  /** `_since`, an instant: only AuditEvents recorded since. */
  since?: string;
  /** Resource types to export (`_type`), each downloaded to `<type>-<n>.ndjson`; default AuditEvent. */
  types?: readonly string[];
  /** Waits; replaced in tests to check the delays without spending them. */
  sleep?: (ms: number) => Promise<void>;
  /** Gives up after this long (default one hour). */
  timeoutMs?: number;
  onStatus?: (message: string) => void;
}

export interface ExportResult {
  files: string[];
  /** The URL each file was downloaded from, in the same order. */
  sources: string[];
  /** Problems the server listed in the manifest's `error` files (a partial export). */
  errors: string[];
  transactionTime?: string;
}

export class ExportError extends Error {
  override name = 'ExportError';
}

interface Manifest {
  transactionTime?: string;
  requiresAccessToken?: boolean;
  output?: { type?: string; url?: string }[];
  error?: { type?: string; url?: string }[];
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Seconds or an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

async function outcomeText(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const outcome = JSON.parse(text) as {
      issue?: { severity?: string; diagnostics?: string; details?: { text?: string } }[];
    };
    const issues = (outcome.issue ?? []).map(
      (i) => `${i.severity ?? 'error'}: ${i.diagnostics ?? i.details?.text ?? ''}`,
    );
    if (issues.length) return issues.join('; ');
  } catch {
    // not JSON: the body as it is
  }
  return text.slice(0, 300) || `HTTP ${response.status}`;
}

/**
 * Runs one export of the AuditEvents of a FHIR server into `dir`.
 *
 * @example const { files } = await exportAuditEvents('https://ehr.example.org/fhir', { dir: 'export', auth })
 */
export async function exportAuditEvents(base: string, options: ExportOptions): Promise<ExportResult> {
  const doFetch = options.fetch ?? namedFetch;
  const sleep = options.sleep ?? realSleep;
  const deadline = Date.now() + (options.timeoutMs ?? 3_600_000);
  const say = options.onStatus ?? (() => undefined);

  /** A request with the token, one re-authorization on 401, and waits on 429 and 5xx. */
  const request = async (url: string, init: RequestInit, withToken = true): Promise<Response> => {
    let reauthorized = false;
    let backoff = 1000;
    for (;;) {
      const headers = new Headers(init.headers);
      if (withToken && options.auth) headers.set('authorization', `Bearer ${await options.auth.token()}`);
      const response = await doFetch(url, { ...init, headers });
      if (response.status === 401 && options.auth && !reauthorized) {
        say('the access token was refused (401): asking for a new one');
        options.auth.invalidate();
        reauthorized = true;
        continue;
      }
      if (response.status !== 429 && response.status < 500) return response;
      // A 5xx carrying an OperationOutcome is the server's answer (a failed job), not a hiccup.
      if (response.status >= 500 && (await response.clone().text()).includes('"OperationOutcome"'))
        return response;
      const wait = retryAfterMs(response.headers.get('retry-after')) ?? backoff;
      backoff = Math.min(backoff * 2, 60_000);
      if (Date.now() + wait > deadline)
        throw new ExportError(`${url}: still ${response.status} at the time limit`);
      say(`${response.status} from the server: waiting ${Math.round(wait / 1000)} s`);
      await sleep(wait);
    }
  };

  const root = base.replace(/\/$/, '');
  const types = options.types?.length ? options.types : ['AuditEvent'];
  const query = new URLSearchParams({
    _type: types.join(','),
    ...(options.since ? { _since: options.since } : {}),
  });
  const kickoff = await request(`${root}/$export?${query.toString()}`, {
    headers: { accept: 'application/fhir+json', prefer: 'respond-async' },
  });
  if (kickoff.status !== 202)
    throw new ExportError(`the export was not started (${kickoff.status}): ${await outcomeText(kickoff)}`);
  const status = kickoff.headers.get('content-location');
  if (!status) throw new ExportError('the server accepted the export but gave no Content-Location to poll');
  say(`export started: polling ${status}`);

  let interval = 1000;
  let manifest: Manifest;
  for (;;) {
    const response = await request(status, { headers: { accept: 'application/json' } });
    if (response.status === 200) {
      manifest = (await response.json()) as Manifest;
      break;
    }
    if (response.status !== 202)
      throw new ExportError(`the export failed (${response.status}): ${await outcomeText(response)}`);
    const wait = retryAfterMs(response.headers.get('retry-after')) ?? interval;
    interval = Math.min(interval * 1.5, 60_000);
    if (Date.now() + wait > deadline)
      throw new ExportError('the export did not finish within the time limit');
    say(
      `export in progress${response.headers.get('x-progress') ? ` (${response.headers.get('x-progress')})` : ''}`,
    );
    await sleep(wait);
  }

  const errors: string[] = [];
  for (const entry of manifest.error ?? []) {
    if (!entry.url) continue;
    const response = await request(
      entry.url,
      { headers: { accept: 'application/fhir+ndjson' } },
      manifest.requiresAccessToken !== false,
    );
    const text = await response.text();
    for (const line of text.split('\n').filter((l) => l.trim()))
      errors.push(await outcomeText(new Response(line, { status: response.status })));
  }
  const files: string[] = [];
  const sources: string[] = [];
  const outputs = (manifest.output ?? []).filter((o) => !!o.type && types.includes(o.type) && o.url);
  for (const [i, entry] of outputs.entries()) {
    const response = await request(
      entry.url ?? '',
      { headers: { accept: 'application/fhir+ndjson' } },
      manifest.requiresAccessToken !== false,
    );
    if (!response.ok || !response.body) {
      errors.push(`${entry.url}: download failed (${response.status})`);
      continue;
    }
    const path = join(options.dir, `${entry.type ?? ''}-${i + 1}.ndjson`);
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(path));
    files.push(path);
    sources.push(entry.url ?? path);
  }
  return {
    files,
    sources,
    errors,
    ...(manifest.transactionTime ? { transactionTime: manifest.transactionTime } : {}),
  };
}
