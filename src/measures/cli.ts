/**
 * `npm run measures -- --period 2026-10 --input export/ [--server URL] [--dry-run] ...`: the measures
 * batch from the command line. See HELP for options and exit codes; src/measures/README.md for more.
 *
 * @example
 * npm run measures -- --period 2026-10 --input bulk-export/ --server https://fhir.example.org/r4 --dry-run
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { AttributionConfig } from './attribution';
import { DEFAULT_ATTRIBUTION } from './attribution';
import { EXPORT_TYPES, exportForMeasures } from './bulk-input';
import { OUTCOME_MEASURES } from './catalog';
import {
  checkAsOf,
  checkConfig,
  checkConflicts,
  checkFiles,
  checkReporter,
  checkThreads,
} from './cli-checks';
import { deliver, evaluateStep, reduceStep } from './cli-steps';
import type { Setup } from './cli-steps';
import { ndjsonFiles } from './input';
import { parsePeriod } from './period';
import { printable } from '../core/printable';
import { uptakeForPeriod } from './uptake-period';

export const HELP = `usage: npm run measures -- --period YYYY-MM|YYYY --input PATH... [options]
       npm run measures -- --period YYYY-MM --fhir URL [--client-id ID --private-key FILE] [options]
       npm run measures -- --period YYYY-MM --input DIRECTORY... --reduce RESULTS... [options]

Evaluates the starter Measures over the NDJSON files of a FHIR Bulk export, attributes each result to
clinicians, units and peer groups, and writes DEQM MeasureReports back in one FHIR transaction (each a
conditional update on its identifier: a rerun of a period replaces, never duplicates).

  --period YYYY-MM|YYYY  measurement period (UTC), required
  --input PATH           an .ndjson file or a folder of them; repeat for more (or --fhir)
  --fhir URL             FHIR base to export from: a Bulk Data $export of the types the measures read
                         (${EXPORT_TYPES.join(', ')}), polled until done
  --client-id ID         --fhir: SMART Backend Services client id (with --private-key)
  --private-key FILE     --fhir: the client's private key (JWK JSON or PKCS#8 PEM)
  --kid KID              --fhir: key id in the server's JWKS; --alg RS384 (default) or ES384
  --token-url URL        --fhir: token endpoint (default: from .well-known/smart-configuration)
  --scope S              --fhir: default system/<type>.rs for every exported type
  --server URL           FHIR base to write to (token from MEASURES_FHIR_TOKEN, sent as Bearer)
  --dry-run              print what would change (asks the server when --server is given); write nothing
  --out FILE             write the transaction Bundle to FILE ('-': stdout) instead of a server
  --threads N            worker threads (default: CPU count, at most 4; 1 runs in this thread)
  --measures a,b         measure ids (default all: ${OUTCOME_MEASURES.map((m) => m.id).join(', ')})
  --config FILE          attribution rules (default src/measures/attribution.json)
  --as-of TIME           data-as-of date written on the reports: YYYY-MM-DD or a date-time with a
                         zone (default: now)
  --no-individual        write summary and subject-list reports only
  --reporter REF         MeasureReport.reporter, e.g. Organization/org-001 (also the subject of the
                         organisation's uptake report)
  --events PATH          interaction-log NDJSON (canonical events or AuditEvents), repeatable: adds the
                         prompt-uptake process reports of the period (every clinician's; the
                         organisation's with --reporter; units' and roles' when the log holds that month
                         alone); roles come from the export's PractitionerRole NDJSON
  --strict               exit 3 when any input line, patient or result could not be used
  --map FILE             cluster map step: evaluate this partition, write its attributed results
                         (NDJSON) to FILE, no reports (so no --events: it goes with --reduce)
  --reduce FILE          cluster reduce step (repeat per partition): build the period's reports from
                         the partitions' results; --input then names only the directory NDJSON
                         (Practitioner, PractitionerRole, Location) for the peer Groups
  --help                 this text

Output: the planned or written changes on stdout; progress (on a terminal only), counts and problems
(file:line: message; Patient/<id>: not evaluated for <measure>: why) on stderr. A patient whose
record the engine cannot evaluate (a unit that is not UCUM, say) is left out of that measure alone;
when every patient of a chunk fails alike and so does a patient with nothing recorded, the measure is
at fault and the run stops.

Exit codes: 0 done; 1 failed (server refused or unreachable, the export failed or its client was
refused, or an evaluation error: a measure failed for every patient of a chunk and for a patient with
nothing recorded, as a broken bundle or a missing value set makes it); 2 usage error (bad option, period, value, missing path,
options that do not go together); 3 done with problems under --strict (bad lines, second copies,
patients not evaluated, a partial export).`;

const EXIT = { ok: 0, failed: 1, usage: 2, problems: 3 } as const;

function progressBar(label: string): (done: number, total: number) => void {
  if (!process.stderr.isTTY) return () => undefined;
  return (done, total) => {
    const width = 30;
    const filled = total ? Math.round((done / total) * width) : width;
    process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`);
    if (done >= total) process.stderr.write('\n');
  };
}

/**
 * The command: returns the exit code (see HELP).
 *
 * @example
 * process.exitCode = await main(['--period', '2026-10', '--input', 'export/', '--dry-run']);
 */
export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        period: { type: 'string' },
        input: { type: 'string', multiple: true },
        server: { type: 'string' },
        'dry-run': { type: 'boolean' },
        out: { type: 'string' },
        threads: { type: 'string' },
        measures: { type: 'string' },
        config: { type: 'string' },
        'as-of': { type: 'string' },
        'no-individual': { type: 'boolean' },
        strict: { type: 'boolean' },
        map: { type: 'string' },
        reporter: { type: 'string' },
        events: { type: 'string', multiple: true },
        reduce: { type: 'string', multiple: true },
        fhir: { type: 'string' },
        'client-id': { type: 'string' },
        'private-key': { type: 'string' },
        kid: { type: 'string' },
        alg: { type: 'string' },
        'token-url': { type: 'string' },
        scope: { type: 'string' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${HELP}`);
    return EXIT.usage;
  }
  if (args.help) {
    console.log(HELP);
    return EXIT.ok;
  }
  let setup: Setup;
  try {
    if (!args.period || !(args.input?.length || args.fhir))
      throw new Error('--period and --input (or --fhir) are required');
    if (!!args['client-id'] !== !!args['private-key'])
      throw new Error('--client-id and --private-key go together');
    if (args.alg && args.alg !== 'RS384' && args.alg !== 'ES384')
      throw new Error(`--alg ${args.alg}: RS384 or ES384`);
    if (args.fhir && !/^https?:\/\//.test(args.fhir))
      throw new Error(`--fhir ${args.fhir}: a FHIR base URL (http:// or https://)`);
    checkConflicts(args);
    checkReporter(args.reporter);
    checkFiles('--reduce', args.reduce);
    checkFiles('--events', args.events);
    checkFiles('--private-key', args['private-key'] ? [args['private-key']] : undefined);
    checkFiles('--config', args.config ? [args.config] : undefined);
    const threads = checkThreads(args.threads, Math.min(cpus().length, 4));
    const known = new Set(OUTCOME_MEASURES.map((m) => m.id));
    const measures = args.measures?.split(',').map((s) => s.trim());
    const unknown = measures?.filter((m) => !known.has(m)) ?? [];
    if (unknown.length) throw new Error(`unknown measure(s): ${unknown.join(', ')}`);
    const asOf = checkAsOf(args['as-of'] ?? new Date().toISOString());
    const config = args.config
      ? {
          ...DEFAULT_ATTRIBUTION,
          ...(checkConfig(readFileSync(args.config, 'utf8'), args.config, [
            ...known,
          ]) as Partial<AttributionConfig>),
        }
      : DEFAULT_ATTRIBUTION;
    setup = {
      period: parsePeriod(args.period),
      files: ndjsonFiles(args.input ?? []),
      threads,
      ...(measures ? { measures } : {}),
      asOf,
      config,
      individual: !args['no-individual'],
      ...(args.reporter ? { reporter: args.reporter } : {}),
      onProgress: progressBar(args.period),
    } satisfies Setup;
  } catch (err) {
    console.error(`measures: ${(err as Error).message}\n(npm run measures -- --help)`);
    return EXIT.usage;
  }

  let scratch: string | undefined;
  try {
    let exportProblems = 0;
    if (args.fhir) {
      scratch = await mkdtemp(join(tmpdir(), 'learning-loop-measures-export-'));
      const exported = await exportForMeasures(args.fhir, {
        dir: scratch,
        ...(args['client-id'] ? { clientId: args['client-id'] } : {}),
        ...(args['private-key'] ? { privateKey: await readFile(args['private-key'], 'utf8') } : {}),
        ...(args.kid ? { kid: args.kid } : {}),
        ...(args.alg === 'ES384' ? { alg: 'ES384' as const } : {}),
        ...(args['token-url'] ? { tokenUrl: args['token-url'] } : {}),
        ...(args.scope ? { scope: args.scope } : {}),
        ...(process.stderr.isTTY ? { onStatus: (m: string) => console.error(printable(m)) } : {}),
      });
      // The manifest's file names and the server's outcomes are the server's text: shown escaped.
      for (const e of exported.errors) console.error(printable(`export error: ${e}`));
      console.error(`export: ${exported.files.length} NDJSON file(s) from ${args.fhir}`);
      exportProblems = exported.errors.length;
      setup.files.push(...exported.files);
    }
    const step = args.reduce?.length
      ? await reduceStep(setup, args.reduce)
      : await evaluateStep(setup, args.map);
    if (args.events?.length) {
      const roles = setup.files.find((f) => /(^|\/)PractitionerRole[^/]*\.ndjson$/.test(f));
      const uptake = await uptakeForPeriod(
        ndjsonFiles(args.events),
        { period: setup.period, date: setup.asOf, ...(setup.reporter ? { reporter: setup.reporter } : {}) },
        setup.reporter,
        roles,
      );
      for (const note of uptake.notes) console.error(printable(`uptake: ${note}`));
      console.error(`uptake: ${uptake.reports.length} process reports`);
      step.resources.push(...uptake.reports);
    }
    const headers: Record<string, string> = process.env.MEASURES_FHIR_TOKEN
      ? { Authorization: `Bearer ${process.env.MEASURES_FHIR_TOKEN}` }
      : {};
    const delivered = args.map
      ? true
      : await deliver(step.resources, {
          headers,
          ...(args['dry-run'] ? { dryRun: true } : {}),
          ...(args.server ? { server: args.server } : {}),
          ...(args.out ? { out: args.out } : {}),
        });
    if (!delivered) return EXIT.failed;
    return args.strict && step.problems + exportProblems ? EXIT.problems : EXIT.ok;
  } catch (err) {
    // Line by line: a worker's stack keeps its lines, a control character from the data does not act.
    const lines = (err as Error).message.split('\n').map(printable);
    console.error(`measures: ${lines.join('\n')}`);
    return EXIT.failed;
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
