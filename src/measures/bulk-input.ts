/**
 * A FHIR base URL as the batch's input: a Bulk Data `$export` of the resource types the measures read,
 * through the analytics' Bulk client (`src/analytics/bulk/`: kick-off, polling with Retry-After, SMART
 * Backend Services with a signed client assertion, one re-authorization on 401), downloaded as NDJSON to a
 * folder the batch then reads like any export.
 *
 * @example
 * const { files, errors } = await exportForMeasures('https://ehr.example.org/fhir', { dir, clientId: 'measures', privateKey: pem });
 */
import { backendAuth, discoverTokenUrl } from '../analytics/bulk/auth';
import { exportAuditEvents } from '../analytics/bulk/export';
import type { ExportResult } from '../analytics/bulk/export';
import { CLINICAL_TYPES, DIRECTORY_TYPES, SHARED_TYPES } from './input';

/** Every type the batch reads: the patients' records, the directory, the Medications orders point at. */
export const EXPORT_TYPES: readonly string[] = [...CLINICAL_TYPES, ...DIRECTORY_TYPES, ...SHARED_TYPES];

export interface BulkInputOptions {
  /** Where the NDJSON files go. */
  dir: string;
  /** Backend Services client; without it the export is asked for with no token (an open test server). */
  clientId?: string;
  /** The client's private key: a JWK (JSON text) or PKCS#8 PEM. */
  privateKey?: string;
  kid?: string;
  alg?: 'RS384' | 'ES384';
  /** Default: from the server's .well-known/smart-configuration. */
  tokenUrl?: string;
  /** Default: `system/<type>.rs` for every exported type. */
  scope?: string;
  onStatus?: (message: string) => void;
}

/** The SMART v2 system scopes the export needs: read and search of each type. */
export const exportScope = (types: readonly string[] = EXPORT_TYPES): string =>
  types.map((t) => `system/${t}.rs`).join(' ');

/**
 * Runs the export; resolves to the files written and the problems the server listed (a partial export).
 * Rejects (ExportError, AuthError) when the export cannot be had.
 *
 * @example
 * const { files } = await exportForMeasures(base, { dir: 'export', clientId: 'measures', privateKey, kid: 'k1' });
 */
export async function exportForMeasures(base: string, options: BulkInputOptions): Promise<ExportResult> {
  const auth =
    options.clientId && options.privateKey
      ? backendAuth({
          tokenUrl: options.tokenUrl ?? (await discoverTokenUrl(base)),
          clientId: options.clientId,
          privateKey: options.privateKey,
          scope: options.scope ?? exportScope(),
          ...(options.kid ? { kid: options.kid } : {}),
          ...(options.alg ? { alg: options.alg } : {}),
        })
      : undefined;
  return exportAuditEvents(base, {
    dir: options.dir,
    types: EXPORT_TYPES,
    ...(auth ? { auth } : {}),
    ...(options.onStatus ? { onStatus: options.onStatus } : {}),
  });
}
