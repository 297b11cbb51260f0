/**
 * The analyze command's options: the help text, the parser's table, and every value checked before
 * any work starts, so a typo is a usage error (exit 1) at once, not a surprise after a long run.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where --conformance writes the suite's result file unless --out says otherwise. */
export const DEFAULT_REPORT = join(tmpdir(), 'learning-loop-sql-on-fhir-results.json');

export const HELP = `Usage: npm run analyze -- [options] <input>...

Computes the uptake metrics of the interaction log and writes CSV, JSON and an HTML report.

Inputs: NDJSON files of canonical events (the NDJSON sink) or FHIR AuditEvents (the FHIR sink, a Bulk
export), detected per file; or one FHIR base URL (http:// or https://) to run a Bulk Data $export of
AuditEvent with SMART Backend Services authorization.

  --out DIR            where to write (default: analytics-out)
  --format F           canonical or audit for every file, instead of detecting
  --roles FILE         PractitionerRole NDJSON: the role dimension (else every role is "unknown")
  --pseudonym-key K    the sink's key, when events are pseudonymised, so the roles still match
  --min-n N            suppress cells whose denominator is under N (default 5)
  --parquet            also write the flat table as Parquet under DIR/flat/month=YYYY-MM/
  --by-clinician       also write by-clinician.csv and .json: acceptance, override (with the reason
                       mix) and ignore per clinician and month, overall and by rule
  --client-id ID       Bulk export: the registered client id
  --private-key FILE   Bulk export: the client's private key (JWK JSON or PKCS#8 PEM)
  --kid KID            Bulk export: the key id in the server's JWKS
  --alg A              Bulk export: the key's algorithm, RS384 (default) or ES384
  --token-url URL      Bulk export: the token endpoint (default: from .well-known/smart-configuration)
  --scope S            Bulk export: default system/AuditEvent.rs
  --since INSTANT      Bulk export: only events recorded since (YYYY-MM-DDThh:mm:ss[.sss]Z or ±hh:mm)
  --conformance [DIR]  run the SQL on FHIR v2 suite instead (default test/node/analytics/sql-on-fhir-tests)
                       and write the result file to --out FILE (default ${DEFAULT_REPORT})
  -h, --help           this text

Exit codes:
  0  done, every line read (gaps the log itself records, events dropped before delivery, are
     reported on stderr and in log-gaps.csv, not by the exit code)
  1  usage error (unknown option, no input, bad value, an input that is a directory)
  2  an input could not be read (missing file, unreachable server, refused token, failed export)
     or an output could not be written (--out not writable)
  3  done, but some input was skipped or not read whole (bad lines of an input or of --roles, events
     with a field read as empty, each listed with file and line number; a partial export)`;

export const OPTIONS = {
  out: { type: 'string' },
  format: { type: 'string' },
  roles: { type: 'string' },
  'pseudonym-key': { type: 'string' },
  'min-n': { type: 'string', default: '5' },
  parquet: { type: 'boolean' },
  'by-clinician': { type: 'boolean' },
  'client-id': { type: 'string' },
  'private-key': { type: 'string' },
  kid: { type: 'string' },
  alg: { type: 'string' },
  'token-url': { type: 'string' },
  scope: { type: 'string' },
  since: { type: 'string' },
  conformance: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export class UsageError extends Error {}

/** A FHIR instant (`_since` takes nothing less): a full time with seconds and a zone. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const BULK_ONLY = ['client-id', 'private-key', 'kid', 'alg', 'token-url', 'scope', 'since'] as const;

export const isUrl = (input: string) => /^https?:\/\//.test(input);

/**
 * Checks every value and every input file; returns the minimum cell size.
 *
 * @example await checkOptions(values, ['events.ndjson']) // 5
 */
export async function checkOptions(
  values: Partial<Record<keyof typeof OPTIONS, string | boolean>>,
  inputs: readonly string[],
): Promise<number> {
  if (!inputs.length) throw new UsageError('no input given');
  const minN = String(values['min-n'] ?? '5');
  if (!/^\d+$/.test(minN) || Number(minN) < 1)
    throw new UsageError(`--min-n must be a whole number of at least 1, not "${minN}"`);
  if (values.format !== undefined && values.format !== 'canonical' && values.format !== 'audit')
    throw new UsageError('--format must be canonical or audit');
  if (values.alg !== undefined && values.alg !== 'RS384' && values.alg !== 'ES384')
    throw new UsageError(`--alg must be RS384 or ES384, not "${String(values.alg)}"`);
  if (values.since !== undefined && !INSTANT.test(String(values.since)))
    throw new UsageError(
      `--since must be a FHIR instant such as 2026-01-01T00:00:00Z, not "${String(values.since)}"`,
    );
  const given = BULK_ONLY.filter((o) => values[o] !== undefined);
  if (given.length && !inputs.some(isUrl))
    throw new UsageError(`--${given.join(', --')} only apply to a Bulk export (a FHIR base URL input)`);
  if ((values['client-id'] === undefined) !== (values['private-key'] === undefined))
    throw new UsageError('--client-id and --private-key go together (SMART Backend Services)');
  const key = values['private-key'];
  if (typeof key === 'string') {
    await access(key, constants.R_OK).catch((error: unknown) => {
      throw new UsageError(
        `--private-key ${key} cannot be read (${(error as { code?: string }).code ?? 'error'})`,
      );
    });
    if (!(await stat(key)).isFile()) throw new UsageError(`--private-key ${key} is not a file`);
  }
  for (const input of inputs.filter((i) => !isUrl(i))) {
    const found = await stat(input).catch(() => undefined);
    if (found?.isDirectory())
      throw new UsageError(`${input} is a directory: give the NDJSON files in it (${input}/*.ndjson)`);
  }
  return Number(minN);
}
