/**
 * Makes cql-exec-fhir bundle for the browser (see ../../../../shared/TOOLCHAIN.md, "CQL in a Web Worker").
 * Its model loader reads the FHIR model info XML with `fs` and `xml2js`, neither of which works in a
 * worker, and it carries the model info of four FHIR versions as strings. Here, for imports from inside
 * cql-exec-fhir only:
 *   - the R4 model info module becomes a short placeholder the loader accepts as XML;
 *   - the other versions become empty strings (the app asks for R4 only);
 *   - `xml2js.parseString` becomes a function that answers with the R4 model info, parsed here at
 *     build time by the real xml2js with the loader's own options, so the result is the same object;
 *   - `fs` becomes an empty module;
 *   - from inside @lhncbc/ucum-lhc (cql-execution's unit library), its unit table loses the text it
 *     keeps for people (guidance, synonyms, LOINC property, category): half its size, and conversion and
 *     validation never read them (a test converts and validates lab units with the slim table).
 * One plugin for Vite (build, worker build, dev server and dependency pre-bundling) and one for
 * esbuild (the browser tests and the benchmark bundle the worker with esbuild).
 *
 * Hand-written because no published plugin does this: cql-exec-fhir documents browser use only
 * through webpack-era `fs` stubs, which still leave xml2js parsing 1 MB of XML on every worker start.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const PREFIX = '\0loop-engine:';
const FROM_CQL_EXEC_FHIR = /[\\/]cql-exec-fhir[\\/]lib[\\/]/;
const FROM_UCUM = /[\\/]@lhncbc[\\/]ucum-lhc[\\/]/;
const PLACEHOLDER_XML = '<modelInfo/>';
/** Unit fields only suggestions and display read. */
const UCUM_TEXT_FIELDS = ['guidance_', 'synonyms_', 'loincProperty_', 'category_'];

/** ucum-lhc's unit definitions without the text for people (see above). */
export function slimUcumDefinitions() {
  const defs = JSON.parse(readFileSync(require.resolve('@lhncbc/ucum-lhc/data/ucumDefs.min.json'), 'utf8'));
  const columns = UCUM_TEXT_FIELDS.map((field) => defs.units.config.indexOf(field));
  if (columns.includes(-1)) throw new Error('ucum-lhc changed its unit table: review slimUcumDefinitions');
  // Synonyms are split as a string when the table loads: empty, not null.
  for (const row of defs.units.data)
    columns.forEach((column, i) => (row[column] = UCUM_TEXT_FIELDS[i] === 'synonyms_' ? '' : null));
  return defs;
}

let parsed;
let pruned;

const PACKS_DIR = fileURLToPath(new URL('../packs/', import.meta.url));

/** Every FHIR type the packs' ELM names (`{http://hl7.org/fhir}Observation`), read from the JSON files. */
function typesNamedByPacks(dir = PACKS_DIR) {
  const names = new Set(['Patient']);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) typesNamedByPacks(path).forEach((n) => names.add(n));
    else if (entry.name.endsWith('.json'))
      for (const m of readFileSync(path, 'utf8').matchAll(/\{http:\/\/hl7\.org\/fhir\}(\w+)/g))
        names.add(m[1]);
  }
  return names;
}

/**
 * The R4 model info cut to the types the rule packs can reach: those their ELM names, and every type
 * those mention (base types, element types, choices), transitively. Resources no rule retrieves are
 * what goes (about three quarters of the model). A test runs the rules with this model and the full one
 * on every synthetic patient and compares the cards.
 */
export function prunedR4ModelInfo(roots = typesNamedByPacks()) {
  if (pruned) return pruned;
  const full = parsedR4ModelInfo();
  const types = full.modelInfo.typeInfo;
  const byName = new Map(types.map((t) => [t.$.name, t]));
  const keep = new Set();
  const visit = (name) => {
    const local = name.replace(/^FHIR\./, '');
    if (keep.has(local) || !byName.has(local)) return;
    keep.add(local);
    JSON.stringify(byName.get(local), (key, value) => {
      if (typeof value === 'string' && value.startsWith('FHIR.')) visit(value);
      return value;
    });
  };
  roots.forEach(visit);
  pruned = { modelInfo: { ...full.modelInfo, typeInfo: types.filter((t) => keep.has(t.$.name)) } };
  return pruned;
}

/** The R4 model info as xml2js gives it to cql-exec-fhir's loader (tag and attribute prefixes stripped). */
export function parsedR4ModelInfo() {
  if (parsed) return parsed;
  const xml2js = require('xml2js');
  const { stripPrefix } = require('xml2js/lib/processors');
  const xml = readFileSync(require.resolve('cql-exec-fhir/lib/modelInfos/fhir-modelinfo-4.0.1.xml'), 'utf8');
  xml2js.parseString(
    xml,
    { async: false, tagNameProcessors: [stripPrefix], attrNameProcessors: [stripPrefix] },
    (error, result) => {
      if (error) throw error;
      parsed = result;
    },
  );
  if (!parsed) throw new Error('xml2js did not parse the FHIR R4 model info synchronously');
  return parsed;
}

/** The replacement module id for an import, or undefined to leave it alone. */
function replacementFor(source, importer) {
  if (importer && FROM_UCUM.test(importer) && /ucumDefs\.min\.json$/.test(source))
    return `${PREFIX}ucum-defs`;
  if (!importer || !FROM_CQL_EXEC_FHIR.test(importer)) return undefined;
  if (/fhir-modelinfo-4\.0\.1\.xml\.js$/.test(source)) return `${PREFIX}r4-placeholder`;
  if (/fhir-modelinfo-[\d.]+\.xml\.js$/.test(source)) return `${PREFIX}other-version`;
  if (source === 'xml2js') return `${PREFIX}xml2js`;
  if (source === 'xml2js/lib/processors') return `${PREFIX}processors`;
  if (source === 'fs') return `${PREFIX}fs`;
  return undefined;
}

/** CommonJS source of a replacement module (the loader `require()`s them). */
function sourceOf(id) {
  switch (id.slice(PREFIX.length)) {
    case 'r4-placeholder':
      return `module.exports = ${JSON.stringify(PLACEHOLDER_XML)};`;
    case 'other-version':
      return 'module.exports = "";';
    case 'xml2js': {
      // JSON.parse of a string literal parses faster than the same object as a JavaScript literal.
      const json = JSON.stringify(JSON.stringify(prunedR4ModelInfo()));
      return `const R4 = JSON.parse(${json});
module.exports = {
  parseString(xml, options, callback) {
    if (xml !== ${JSON.stringify(PLACEHOLDER_XML)}) callback(new Error('Only the FHIR R4 model is bundled'));
    else callback(null, R4);
  },
};`;
    }
    case 'ucum-defs':
      return `module.exports = JSON.parse(${JSON.stringify(JSON.stringify(slimUcumDefinitions()))});`;
    case 'processors':
      return 'module.exports = { stripPrefix: (name) => name };';
    case 'fs':
      return 'module.exports = {};';
    default:
      return undefined;
  }
}

/** For Vite: add to `plugins`, `worker.plugins` and `optimizeDeps.rolldownOptions.plugins`. */
export function cqlEngineVitePlugin() {
  return {
    name: 'learning-loop-cql-engine',
    enforce: 'pre',
    resolveId(source, importer) {
      return replacementFor(source, importer);
    },
    load(id) {
      return id.startsWith(PREFIX) ? sourceOf(id) : undefined;
    },
  };
}

/** For esbuild's `plugins`. */
export function cqlEngineEsbuildPlugin() {
  return {
    name: 'learning-loop-cql-engine',
    setup(build) {
      build.onResolve(
        { filter: /^(xml2js|xml2js\/lib\/processors|fs|\..*fhir-modelinfo-.*|.*ucumDefs\.min\.json)$/ },
        (args) => {
          const id = replacementFor(args.path, args.importer);
          return id ? { path: id.slice(PREFIX.length), namespace: 'loop-engine' } : undefined;
        },
      );
      build.onLoad({ filter: /.*/, namespace: 'loop-engine' }, (args) => ({
        contents: sourceOf(PREFIX + args.path),
        loader: 'js',
      }));
    },
  };
}
