/**
 * `npm run measures:build`: writes the generated `OpioidMMETable.cql` from the OMTK table, translates
 * every CQL library of `src/measures/cql/` to ELM (the rule packs' translator: same CQL-to-ELM build),
 * and writes one FHIR Bundle per starter measure to `src/measures/bundles/<id>.json`: the Measure and
 * the Libraries it needs (CQL and ELM as base64), value sets pinned by version in `depends-on`. On a CQL
 * error it prints `library, line:col, message` per error and exits 1.
 *
 * `--check` builds in memory and exits 1 when a committed file is missing or differs (stale): the test
 * suite runs it, so CQL and bundles cannot drift apart.
 *
 * @example
 * node --import tsx src/measures/build/compile-measures.ts --check
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as prettier from 'prettier';
import type { Library } from '@medplum/fhirtypes';
import { createTranslator } from '../../rules/build/translator';
import type { CqlMessage } from '../../rules/build/translator';
import { OUTCOME_MEASURES } from '../catalog';
import { BUNDLES_DIR, CQL_DIR } from '../paths';
import { loadProducts } from '../../terminology/catalog';
import { measureValueSets } from '../terminology';
import {
  includedNames,
  libraryResource,
  measureBundle,
  measureResource,
  valueSetUrls,
} from './measure-resources';
import type { CompiledLibrary, ElmLibrary } from './measure-resources';
import { mmeTableCql } from './mme-table';

export { BUNDLES_DIR, CQL_DIR };
const MME_TABLE = join(CQL_DIR, 'OpioidMMETable.cql');

export interface MeasureBuildReport {
  errors: CqlMessage[];
  /** Files (relative to src/measures) written, or in check mode stale. */
  changed: string[];
  libraries: number;
  measures: number;
}

async function formatted(path: string, data: unknown): Promise<string> {
  const config = (await prettier.resolveConfig(path)) ?? {};
  return prettier.format(JSON.stringify(data), { ...config, parser: 'json', filepath: path });
}

function sameJson(path: string, data: unknown): boolean {
  if (!existsSync(path)) return false;
  try {
    return JSON.stringify(JSON.parse(readFileSync(path, 'utf8'))) === JSON.stringify(data);
  } catch {
    return false;
  }
}

/** All libraries a library needs, itself last (depth first, each once). */
function closure(name: string, compiled: Map<string, CompiledLibrary>, seen = new Set<string>()): string[] {
  if (seen.has(name)) return [];
  seen.add(name);
  const lib = compiled.get(name);
  if (!lib) throw new Error(`library ${name} was not compiled`);
  return [...includedNames(lib.elm).flatMap((n) => closure(n, compiled, seen)), name];
}

/** Builds everything; writes files unless `check`. */
export async function buildMeasures(options: { check?: boolean } = {}): Promise<MeasureBuildReport> {
  const changed: string[] = [];
  const table = mmeTableCql(loadProducts());
  if (!existsSync(MME_TABLE) || readFileSync(MME_TABLE, 'utf8') !== table) {
    changed.push('cql/OpioidMMETable.cql');
    if (!options.check) writeFileSync(MME_TABLE, table);
  }
  const sources = new Map<string, string>(
    readdirSync(CQL_DIR)
      .filter((f) => f.endsWith('.cql'))
      .sort()
      .map((f) => [
        basename(f, '.cql'),
        f === 'OpioidMMETable.cql' ? table : readFileSync(join(CQL_DIR, f), 'utf8'),
      ]),
  );
  const translate = createTranslator((name) => sources.get(name));
  const errors: CqlMessage[] = [];
  const compiled = new Map<string, CompiledLibrary>();
  for (const [name, cql] of sources) {
    const result = translate(cql);
    errors.push(...result.errors, ...result.warnings);
    if (result.library !== name) {
      const message = `declares library ${result.library}: the file must be named ${result.library}.cql`;
      errors.push({ library: name, line: 1, column: 1, message, severity: 'Error' });
    } else if (result.elm !== undefined) {
      const elm = result.elm as ElmLibrary;
      compiled.set(name, { name, version: elm.library.identifier.version ?? '0', cql, elm });
    }
  }
  if (errors.some((e) => e.severity === 'Error')) {
    return { errors: dedupe(errors), changed, libraries: sources.size, measures: 0 };
  }
  const valueSets = new Map(
    measureValueSets([...compiled.values()].flatMap((l) => valueSetUrls(l.elm))).map((v) => [v.url ?? '', v]),
  );
  const libraries = new Map<string, Library>(
    [...compiled.values()].map((lib) => [lib.name, libraryResource(lib, valueSets)]),
  );
  if (!options.check) mkdirSync(BUNDLES_DIR, { recursive: true });
  for (const m of OUTCOME_MEASURES) {
    const needed = closure(m.library, compiled).map((n) => libraries.get(n));
    const bundle = measureBundle(
      measureResource(m),
      needed.filter((l): l is Library => l !== undefined),
    );
    const out = join(BUNDLES_DIR, `${m.id}.json`);
    if (sameJson(out, bundle)) continue;
    changed.push(`bundles/${m.id}.json`);
    if (!options.check) writeFileSync(out, await formatted(out, bundle));
  }
  return { errors: dedupe(errors), changed, libraries: compiled.size, measures: OUTCOME_MEASURES.length };
}

function dedupe(errors: CqlMessage[]): CqlMessage[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.library}|${e.line}|${e.column}|${e.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log(
      'usage: npm run measures:build [-- --check]\n  --check  exit 1 when committed output is stale',
    );
    return 0;
  }
  const check = argv.includes('--check');
  const started = Date.now();
  const report = await buildMeasures({ check });
  for (const e of report.errors) {
    const line = `${e.library}, ${e.line}:${e.column}, ${e.message}`;
    console.error(e.severity === 'Error' ? line : `${e.severity.toLowerCase()}: ${line}`);
  }
  const fatal = report.errors.filter((e) => e.severity === 'Error');
  if (fatal.length) {
    console.error(`${fatal.length} CQL error(s): no measure bundle written.`);
    return 1;
  }
  if (check && report.changed.length) {
    console.error(`Stale measure build (run npm run measures:build): ${report.changed.join(', ')}`);
    return 1;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const verb = check ? 'up to date' : `${report.changed.length} file(s) written`;
  console.log(
    `measures: ${report.libraries} CQL libraries, ${report.measures} measures, ${verb} (${seconds} s)`,
  );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
