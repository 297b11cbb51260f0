/**
 * `npm run analyze -- <inputs>`: the command line around analyze.ts (arguments, progress, exit codes).
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeFiles, type Analysis } from './analyze';
import type { Progress } from './load';
import { backendAuth, discoverTokenUrl } from './bulk/auth';
import { exportAuditEvents } from './bulk/export';
import { DEFAULT_REPORT, writeConformanceReport } from './conformance-report';
import { gapSummary } from './gaps';
import { writeOutputs, writeParquet } from './outputs';

const HELP = `Usage: npm run analyze -- [options] <input>...

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
  --kid KID            Bulk export: the key id in the server's JWKS; --alg RS384 (default) or ES384
  --token-url URL      Bulk export: the token endpoint (default: from .well-known/smart-configuration)
  --scope S            Bulk export: default system/AuditEvent.rs
  --since INSTANT      Bulk export: only events recorded since
  --conformance [DIR]  run the SQL on FHIR v2 suite instead (default test/node/analytics/sql-on-fhir-tests)
                       and write the result file to --out FILE (default ${DEFAULT_REPORT})
  -h, --help           this text

Exit codes:
  0  done, every line read (gaps the log itself records, events dropped before delivery, are
     reported on stderr and in log-gaps.csv, not by the exit code)
  1  usage error (unknown option, no input, bad value)
  2  an input could not be read (missing file, unreachable server, refused token, failed export)
  3  done, but some input was skipped (bad lines, listed with file and line number; a partial export)`;

const OPTIONS = {
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

class UsageError extends Error {}
const err = (text: string) => process.stderr.write(`${text}\n`);

/**
 * A progress line on stderr, only when it is a terminal: the stage (reading a file, with DuckDB's
 * own progress through it; finding skipped lines; removing duplicates; the metrics) and its share.
 */
function progress(): Progress | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = 0;
  let shown = '';
  return (stage, fraction) => {
    const now = Date.now();
    if (stage === shown && now - last < 200 && fraction < 1) return;
    if (stage !== shown && shown !== '') process.stderr.write('\n');
    last = now;
    shown = stage;
    const share = Math.round(Math.min(Math.max(fraction, 0), 1) * 100);
    const bar = '#'.repeat(Math.round(share / 4)).padEnd(25, '.');
    // A long path keeps the stage's verb and the file's name: "reading /home/…/AuditEvent-3.ndjson".
    const label = stage.length > 60 ? `${stage.slice(0, 24)}…${stage.slice(-35)}` : stage;
    process.stderr.write(`\r[${bar}] ${String(share).padStart(3)}% ${label}`);
    if (fraction >= 1 && stage === 'computing the metrics') process.stderr.write('\n');
  };
}

async function bulkInputs(base: string, values: Record<string, unknown>, dir: string) {
  const clientId = values['client-id'];
  const keyFile = values['private-key'];
  let auth;
  if (typeof clientId === 'string' && typeof keyFile === 'string') {
    const tokenUrl =
      typeof values['token-url'] === 'string' ? values['token-url'] : await discoverTokenUrl(base);
    auth = backendAuth({
      tokenUrl,
      clientId,
      privateKey: await readFile(keyFile, 'utf8'),
      ...(typeof values.kid === 'string' ? { kid: values.kid } : {}),
      ...(values.alg === 'ES384' ? { alg: 'ES384' as const } : {}),
      ...(typeof values.scope === 'string' ? { scope: values.scope } : {}),
    });
  } else if (clientId || keyFile) throw new UsageError('--client-id and --private-key go together');
  return exportAuditEvents(base, {
    dir,
    ...(auth ? { auth } : {}),
    ...(typeof values.since === 'string' ? { since: values.since } : {}),
    ...(process.stderr.isTTY ? { onStatus: (m: string) => err(m) } : {}),
  });
}

function report(analysis: Analysis, exportErrors: string[]): number {
  let skipped = 0;
  for (const file of analysis.files) {
    for (const s of file.skipped.slice(0, 20)) err(`${file.path}:${s.line}: skipped: ${s.reason}`);
    if (file.skipped.length > 20) err(`${file.path}: ... and ${file.skipped.length - 20} more skipped lines`);
    skipped += file.skipped.length;
  }
  for (const e of exportErrors) err(`export error: ${e}`);
  const loaded = analysis.files.reduce((n, f) => n + f.loaded, 0);
  err(
    `${loaded} lines read from ${analysis.files.length} file(s), ${skipped} skipped, ${analysis.duplicates} duplicate deliveries counted once`,
  );
  // Not an input error (the exit code stays): the log itself says what it lost before delivery.
  const gaps = gapSummary(analysis.gaps);
  if (gaps) err(`gaps in the log: ${gaps} By sink, month and reason: log-gaps.csv.`);
  return skipped > 0 || exportErrors.length > 0 || analysis.rolesSkipped.length > 0 ? 3 : 0;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (values.conformance) {
    const dir = positionals[0] ?? 'test/node/analytics/sql-on-fhir-tests';
    const { path, outcomes } = await writeConformanceReport(dir, values.out ?? DEFAULT_REPORT);
    const failed = outcomes.filter((o) => !o.passed && o.tags.includes('shareable'));
    err(`${outcomes.filter((o) => o.passed).length} of ${outcomes.length} tests passed; result file ${path}`);
    return failed.length ? 3 : 0;
  }
  const minN = Number(values['min-n']);
  if (!positionals.length) throw new UsageError('no input given');
  if (!Number.isInteger(minN) || minN < 1)
    throw new UsageError('--min-n must be a whole number of at least 1');
  if (values.format && values.format !== 'canonical' && values.format !== 'audit')
    throw new UsageError('--format must be canonical or audit');
  const out = values.out ?? 'analytics-out';
  const urls = positionals.filter((p) => /^https?:\/\//.test(p));
  const scratch = await mkdtemp(join(tmpdir(), 'learning-loop-export-'));
  try {
    let files = positionals.filter((p) => !/^https?:\/\//.test(p));
    const exportErrors: string[] = [];
    for (const url of urls) {
      const result = await bulkInputs(url, values, scratch);
      files = [...files, ...result.files];
      exportErrors.push(...result.errors);
    }
    const onProgress = progress();
    const analysis = await analyzeFiles(files, {
      minN,
      keepEngine: values.parquet === true,
      perClinician: values['by-clinician'] === true,
      ...(values.format ? { format: values.format as 'canonical' | 'audit' } : {}),
      ...(values.roles ? { roles: values.roles } : {}),
      ...(values['pseudonym-key'] ? { pseudonymKey: values['pseudonym-key'] } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
    await writeOutputs(out, analysis, {
      minN,
      generatedAt: new Date().toISOString(),
      byClinician: values['by-clinician'] === true,
    });
    if (analysis.engine) {
      await mkdir(out, { recursive: true });
      await writeParquet(analysis.engine, join(out, 'flat'));
      await analysis.engine.close();
    }
    err(
      `wrote ${out}/report.html, a CSV and a JSON file per metric, log-gaps.csv and .json, summary.json${values.parquet ? ', and flat/ as Parquet' : ''}`,
    );
    return report(analysis, exportErrors);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  const usage =
    error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  err(`${usage ? 'usage: ' : ''}${error instanceof Error ? error.message : String(error)}`);
  if (usage) err('\nnpm run analyze -- --help for the options');
  process.exitCode = usage ? 1 : 2;
}
