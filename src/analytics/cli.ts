/**
 * `npm run analyze -- <inputs>`: the command line around analyze.ts (arguments, progress, exit codes).
 */
import { access, constants, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Analysis } from './analyze';
import type { Progress } from './load';
import { checkOptions, DEFAULT_REPORT, HELP, isUrl, OPTIONS, UsageError } from './cli-options';
import { withoutControls, withoutQuery } from '../core/printable';
import { gapSummary } from './gaps';

// DuckDB, the Bulk client, the view runner and the report writer are loaded once the options are
// checked: --help and a usage error answer at once rather than after a second of loading.
const analysisModules = () =>
  Promise.all([import('./analyze'), import('./outputs'), import('./bulk/auth'), import('./bulk/export')]);

/** Every line without controls (withoutControls): URLs, file names and a server's messages come from outside. */
const err = (text: string) => process.stderr.write(`${text.split('\n').map(withoutControls).join('\n')}\n`);

/**
 * A progress line on stderr, only when it is a terminal: the stage (reading a file, with DuckDB's
 * own progress through it, and again in JavaScript when DuckDB dropped a line; removing duplicates;
 * the metrics) and its share.
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
    const printed = withoutControls(stage); // the stage names an input file, whose name comes from outside
    const label = printed.length > 60 ? `${printed.slice(0, 24)}…${printed.slice(-35)}` : printed;
    process.stderr.write(`\r[${bar}] ${String(share).padStart(3)}% ${label}`);
    if (fraction >= 1 && stage === 'computing the metrics') process.stderr.write('\n');
  };
}

async function bulkInputs(base: string, values: Record<string, unknown>, dir: string) {
  const [, , { backendAuth, discoverTokenUrl }, { exportAuditEvents }] = await analysisModules();
  const clientId = values['client-id'];
  const keyFile = values['private-key'];
  let auth;
  // checkOptions has made sure both or neither are given, and that the key file can be read.
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
  }
  return exportAuditEvents(base, {
    dir,
    ...(auth ? { auth } : {}),
    ...(typeof values.since === 'string' ? { since: values.since } : {}),
    ...(process.stderr.isTTY ? { onStatus: (m: string) => err(m) } : {}),
  });
}

function report(analysis: Analysis, exportErrors: string[], roles: string | undefined): number {
  let skipped = 0;
  let unread = 0;
  const list = (path: string, lines: readonly { line: number; reason: string }[], what = 'skipped') => {
    for (const s of lines.slice(0, 20)) err(`${path}:${s.line}: ${what}: ${s.reason}`);
    if (lines.length > 20) err(`${path}: ... and ${lines.length - 20} more ${what} lines`);
  };
  for (const file of analysis.files) {
    list(file.path, file.skipped);
    list(file.path, file.unread, 'counted');
    if (file.unreadLines > file.unread.length)
      err(`${file.path}: ${file.unreadLines} lines counted with a field read as empty in all`);
    skipped += file.skipped.length;
    unread += file.unreadLines;
    // Not one line of a non-empty file was an event: say what the file should look like.
    if (file.loaded === 0 && file.skipped.length > 1)
      err(
        `${file.path}: no line was an event; the input is NDJSON, one JSON object per line (not a JSON array or pretty-printed JSON)`,
      );
  }
  if (roles) list(roles, analysis.rolesSkipped);
  for (const warning of analysis.warnings) err(`warning: ${warning}`);
  for (const e of exportErrors) err(`export error: ${e}`);
  const loaded = analysis.files.reduce((n, f) => n + f.loaded, 0);
  const rolesNote = analysis.rolesSkipped.length
    ? `, ${analysis.rolesSkipped.length} --roles line(s) skipped`
    : '';
  const unreadNote = unread ? `, ${unread} counted with a field read as empty` : '';
  err(
    `${loaded} lines read from ${analysis.files.length} file(s), ${skipped} skipped${unreadNote}, ${analysis.duplicates} duplicate deliveries counted once${rolesNote}`,
  );
  // Not an input error (the exit code stays): the log itself says what it lost before delivery.
  const gaps = gapSummary(analysis.gaps);
  if (gaps) err(`gaps in the log: ${gaps} By sink, month and reason: log-gaps.csv.`);
  return skipped + unread > 0 || exportErrors.length > 0 || analysis.rolesSkipped.length > 0 ? 3 : 0;
}

/** Fails now, not after the analysis, when the results could not be written. */
async function checkOut(out: string) {
  try {
    await mkdir(out, { recursive: true });
    await access(out, constants.W_OK);
  } catch (error) {
    throw new Error(
      `cannot write to --out ${out}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (values.conformance) {
    const { writeConformanceReport } = await import('./conformance-report');
    const dir = positionals[0] ?? 'test/node/analytics/sql-on-fhir-tests';
    const { path, outcomes } = await writeConformanceReport(dir, values.out ?? DEFAULT_REPORT);
    const failed = outcomes.filter((o) => !o.passed && o.tags.includes('shareable'));
    err(`${outcomes.filter((o) => o.passed).length} of ${outcomes.length} tests passed; result file ${path}`);
    return failed.length ? 3 : 0;
  }
  const minN = await checkOptions(values, positionals);
  const out = values.out ?? 'analytics-out';
  await checkOut(out);
  const [{ analyzeFiles }, { removeStaleParquet, writeOutputs, writeParquet }] = await analysisModules();
  const urls = positionals.filter(isUrl);
  const scratch = await mkdtemp(join(tmpdir(), 'learning-loop-export-'));
  try {
    let files = positionals.filter((p) => !isUrl(p));
    const exportErrors: string[] = [];
    // Exported files live in a scratch directory deleted at the end: reports name their URLs.
    const names = new Map<string, string>();
    for (const url of urls) {
      const result = await bulkInputs(url, values, scratch).catch((error: unknown) => {
        const cause = (error as { cause?: { message?: string } }).cause?.message;
        const text = error instanceof Error ? error.message : String(error);
        throw new Error(`Bulk export from ${url}: ${text}${cause ? ` (${cause})` : ''}`);
      });
      // A download named by its URL without the query, where a signed link's secret sits.
      result.files.forEach((f, i) => names.set(f, withoutQuery(result.sources[i] ?? '') || f));
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
    analysis.files = analysis.files.map((f) => ({ ...f, path: names.get(f.path) ?? f.path }));
    await writeOutputs(out, analysis, {
      minN,
      generatedAt: new Date().toISOString(),
      byClinician: values['by-clinician'] === true,
    });
    if (analysis.engine) {
      await writeParquet(analysis.engine, join(out, 'flat'));
      await analysis.engine.close();
    } else await removeStaleParquet(join(out, 'flat'));
    err(
      `wrote ${out}/report.html, a CSV and a JSON file per metric, log-gaps.csv and .json, summary.json${values.parquet ? ', and flat/ as Parquet' : ''}`,
    );
    return report(analysis, exportErrors, values.roles);
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
