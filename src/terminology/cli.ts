/**
 * Writes a rule pack's terminology files (`valuesets.json`, `parameters.json`) from its CQL and the
 * published, local and replacement sources. `npm run rules:build` runs it for every pack before the
 * CQL is compiled; run it alone to use a deployment's own VSAC expansions:
 *
 *   LOOP_VALUESETS=/path/to/vsac-expansions npm run rules:build
 *   node --import tsx src/terminology/cli.ts --replace /path/to/vsac-expansions src/rules/packs/starter
 *
 * Exit codes: 0 written or up to date; 1 a value set or parameter has no source, or (with --check) a
 * file is stale; 2 bad arguments or unreadable input (file and line are named).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as prettier from 'prettier';
import { buildPackTerminology } from './pack-build';
import { TERMINOLOGY_DIR, loadSources } from './sources';

const HELP = `Usage: node --import tsx src/terminology/cli.ts [--check] [--replace DIR] PACK_DIR...

Writes PACK_DIR/valuesets.json and PACK_DIR/parameters.json from the value sets and parameters the
pack's CQL declares (and the CQL of the libraries it may include, in PACK_DIR/../shared).

  --check        write nothing; exit 1 when a file differs from what would be written
  --replace DIR  take a value set from DIR (FHIR ValueSet JSON, matched by url) before the
                 published and local ones; the environment variable LOOP_VALUESETS does the same
  --help         this text

Exit codes: 0 ok, 1 missing source or stale file, 2 bad arguments or input.`;

interface Args {
  check: boolean;
  replace?: string;
  packs: string[];
}

function parse(argv: string[]): Args | string {
  const args: Args = { check: false, packs: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--check') args.check = true;
    else if (a === '--replace') {
      const dir = argv[++i];
      if (!dir) return '--replace needs a folder';
      args.replace = dir;
    } else if (a.startsWith('-')) return `unknown option ${a}`;
    else args.packs.push(a);
  }
  if (!args.packs.length) return 'name at least one pack folder';
  return args;
}

/** Same JSON whatever its layout (prettier may have reformatted the committed file). */
function sameJson(path: string, value: unknown): boolean {
  if (!existsSync(path)) return false;
  try {
    return JSON.stringify(JSON.parse(readFileSync(path, 'utf8'))) === JSON.stringify(value);
  } catch {
    return false;
  }
}

/** The JSON as the project's prettier prints it, so `npm run format:check` accepts built files. */
async function formatted(path: string, value: unknown): Promise<string> {
  const config = (await prettier.resolveConfig(path)) ?? {};
  return prettier.format(JSON.stringify(value), { ...config, parser: 'json', filepath: path });
}

export async function run(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (argv.includes('--help')) {
    console.log(HELP);
    return 0;
  }
  const args = parse(argv);
  if (typeof args === 'string') {
    console.error(`${args}\n\n${HELP}`);
    return 2;
  }
  const replace = args.replace ?? env.LOOP_VALUESETS;
  if (replace && !existsSync(replace)) {
    console.error(`replacement folder ${replace} does not exist`);
    return 2;
  }
  let sources;
  try {
    sources = loadSources(TERMINOLOGY_DIR, replace ? { replacements: replace } : {});
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  let status = 0;
  for (const pack of args.packs) {
    const shared = join(pack, '..', 'shared');
    const cql = [pack, ...(existsSync(shared) ? [shared] : [])].flatMap((dir) =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.cql'))
        .sort()
        .map((f) => readFileSync(join(dir, f), 'utf8')),
    );
    const built = buildPackTerminology(cql, sources);
    for (const p of built.problems) console.error(`${pack}: ${p}`);
    if (built.problems.length) status = 1;
    const files: [string, unknown][] = [
      ['valuesets.json', built.valueSets],
      ['parameters.json', built.parameters],
    ];
    for (const [name, value] of files) {
      const path = join(pack, name);
      if (sameJson(path, value)) continue;
      if (args.check) {
        console.error(`stale terminology (run npm run rules:build): ${path}`);
        status = 1;
      } else writeFileSync(path, await formatted(path, value));
    }
    const codes = Object.values(built.valueSets).reduce(
      (n, v) => n + Object.values(v.codes).reduce((m, c) => m + c.length, 0),
      0,
    );
    console.log(
      `${pack}: ${Object.keys(built.valueSets).length} value sets (${codes} codes), ` +
        `${Object.keys(built.parameters).length} parameter tables${replace ? `, replacements from ${replace}` : ''}`,
    );
  }
  return status;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await run(process.argv.slice(2));
}
