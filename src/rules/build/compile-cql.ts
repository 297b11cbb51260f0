/**
 * `npm run rules:build`: first writes each pack's terminology (`valuesets.json`, `parameters.json`:
 * the published value sets and tables its CQL declares, by `src/terminology/cli.ts`; set
 * `LOOP_VALUESETS=<folder>` to use a deployment's own VSAC expansions), then translates every rule
 * pack's CQL (`src/rules/packs/<pack>/*.cql`, and the included libraries in `src/rules/packs/shared/`)
 * to ELM JSON, written beside the CQL as `<Library>.json`. On a CQL error it prints
 * `library, line:col, message` per error and exits 1.
 *
 * `--check` translates in memory only and exits 1 when a committed ELM file is missing or differs
 * from what the CQL gives (stale): the test suite runs it, so CQL and ELM cannot drift apart.
 *
 * @example
 * node --import tsx src/rules/build/compile-cql.ts --check
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as prettier from 'prettier';
import { createTranslator } from './translator';
import type { CqlMessage } from './translator';

export const PACKS_DIR = fileURLToPath(new URL('../packs/', import.meta.url));
/** Libraries any pack may include (FHIRHelpers and the shared helpers); compiled like a pack. */
export const SHARED = 'shared';

interface CqlFile {
  path: string;
  library: string;
  text: string;
}

export interface BuildReport {
  errors: CqlMessage[];
  /** ELM files (relative paths) that were written, or in check mode would be. */
  changed: string[];
  compiled: number;
}

function cqlFiles(dir: string): CqlFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cql'))
    .sort()
    .map((f) => ({
      path: join(dir, f),
      library: basename(f, '.cql'),
      text: readFileSync(join(dir, f), 'utf8'),
    }));
}

function packDirs(root: string): string[] {
  return readdirSync(root)
    .filter((d) => statSync(join(root, d)).isDirectory())
    .sort((a, b) => (a === SHARED ? -1 : b === SHARED ? 1 : a.localeCompare(b)));
}

/** Same JSON, whatever the formatting of the committed file (prettier may have touched it). */
function sameJson(path: string, elm: unknown): boolean {
  if (!existsSync(path)) return false;
  try {
    return JSON.stringify(JSON.parse(readFileSync(path, 'utf8'))) === JSON.stringify(elm);
  } catch {
    return false;
  }
}

/** The ELM as the project's prettier writes JSON, so `npm run format:check` accepts built files. */
async function formatted(path: string, elm: unknown): Promise<string> {
  const config = (await prettier.resolveConfig(path)) ?? {};
  return prettier.format(JSON.stringify(elm), { ...config, parser: 'json', filepath: path });
}

/** Translates all packs under `root`; writes ELM unless `check`. Library names are unique across packs. */
export async function buildPacks(root = PACKS_DIR, options: { check?: boolean } = {}): Promise<BuildReport> {
  const files = packDirs(root).flatMap((dir) => cqlFiles(join(root, dir)));
  const byName = new Map<string, CqlFile>();
  const errors: CqlMessage[] = [];
  for (const file of files) {
    const other = byName.get(file.library);
    if (other) {
      const message = `library name also used by ${relative(root, other.path)}`;
      errors.push({ library: file.library, line: 0, column: 0, message, severity: 'Error' });
    }
    byName.set(file.library, file);
  }
  const translate = createTranslator((name) => byName.get(name)?.text);
  const changed: string[] = [];
  for (const file of files) {
    const result = translate(file.text);
    if (result.library !== file.library) {
      const message = `declares library ${result.library}: the file must be named ${result.library}.cql`;
      errors.push({ library: file.library, line: 1, column: 1, message, severity: 'Error' });
      continue;
    }
    errors.push(...result.errors, ...result.warnings);
    if (result.elm === undefined) continue;
    const out = join(file.path, '..', `${file.library}.json`);
    if (sameJson(out, result.elm)) continue;
    changed.push(relative(root, out));
    if (!options.check) writeFileSync(out, await formatted(out, result.elm));
  }
  return { errors: dedupe(errors), changed, compiled: files.length };
}

/** An include's error is reported once per includer: keep one. */
function dedupe(errors: CqlMessage[]): CqlMessage[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.library}|${e.line}|${e.column}|${e.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/**
 * Runs the terminology build (a separate program: the rules layer may not import the Node-only
 * src/terminology) for every pack folder; false when it reports a problem or, checking, a stale file.
 */
function buildTerminology(root: string, check: boolean): boolean {
  const packs = packDirs(root)
    .filter((d) => d !== SHARED)
    .map((d) => join(root, d));
  const cli = fileURLToPath(new URL('../../terminology/cli.ts', import.meta.url));
  const run = spawnSync(process.execPath, ['--import', 'tsx', cli, ...(check ? ['--check'] : []), ...packs], {
    encoding: 'utf8',
  });
  if (run.stderr) process.stderr.write(run.stderr);
  if (run.stdout && !check) process.stdout.write(run.stdout);
  return run.status === 0;
}

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  const started = Date.now();
  if (!buildTerminology(PACKS_DIR, check)) return 1;
  const report = await buildPacks(PACKS_DIR, { check });
  const fatal = report.errors.filter((e) => e.severity === 'Error');
  for (const e of report.errors) {
    const line = `${e.library}, ${e.line}:${e.column}, ${e.message}`;
    console.error(e.severity === 'Error' ? line : `${e.severity.toLowerCase()}: ${line}`);
  }
  if (fatal.length) {
    console.error(`${fatal.length} CQL error(s): no ELM written for the libraries above.`);
    return 1;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (check && report.changed.length) {
    console.error(`Stale ELM (run npm run rules:build): ${report.changed.join(', ')}`);
    return 1;
  }
  const verb = check ? 'up to date' : `${report.changed.length} ELM file(s) written`;
  console.log(`rules: ${report.compiled} CQL libraries, ${verb} (${seconds} s)`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
