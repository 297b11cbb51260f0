import { CdsError } from './errors';
import { isObject, isText, requestJson, servicesUrl, type FetchLike } from './http';
import type { CdsService } from './types';

/**
 * The `patient-view` services a CDS provider offers, from `GET {base}/cds-services`
 * (https://cds-hooks.hl7.org/2.0/#discovery). Services for other hooks are ignored; a service entry
 * without the required `id` and `description` is skipped; a prefetch template that is not a string is
 * skipped. Rejects with a CdsError (`malformed` when the answer has no `services` array).
 */
export async function discoverServices(
  baseUrl: string,
  fetchImpl?: FetchLike,
  timeoutMs = 1000,
  signal?: AbortSignal,
): Promise<CdsService[]> {
  const base = baseUrl.replace(/\/+$/, '');
  const url = servicesUrl(base);
  const body = await requestJson(url, { method: 'GET', timeoutMs, signal, fetchImpl });
  if (!isObject(body) || !Array.isArray(body.services)) {
    throw new CdsError('malformed', url, `${url} did not answer with a CDS Hooks discovery document`);
  }
  const services: CdsService[] = [];
  for (const entry of body.services as unknown[]) {
    if (!isObject(entry) || entry.hook !== 'patient-view') continue;
    if (!isText(entry.id) || typeof entry.description !== 'string') continue;
    services.push({
      base,
      id: entry.id,
      hook: 'patient-view',
      ...(isText(entry.title) ? { title: entry.title } : {}),
      description: entry.description,
      prefetch: templates(entry.prefetch),
    });
  }
  return services;
}

function templates(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(value)) return out;
  for (const [key, template] of Object.entries(value)) {
    if (typeof template === 'string' && template.trim() !== '') out[key] = template;
  }
  return out;
}
