/**
 * Makes cql-exec-fhir bundle for the browser (see ../../../../shared/TOOLCHAIN.md, "CQL in a Web Worker").
 * Its model loader reads the FHIR model info XML with `fs` and `xml2js`, neither of which works in a
 * worker, and it carries the model info of four FHIR versions as strings. Here, for imports from inside
 * cql-exec-fhir only:
 *   - the R4 model info module becomes a short placeholder the loader accepts as XML;
 *   - the other versions become empty strings (the app asks for R4 only);
 *   - `xml2js.parseString` becomes a function that answers with the R4 model info, parsed here at
 *     build time by the real xml2js with the loader's own options, so the result is the same object;
 *   - `fs` becomes an empty module.
 * One plugin for Vite (build, worker build, dev server and dependency pre-bundling) and one for
 * esbuild (the browser tests and the benchmark bundle the worker with esbuild).
 *
 * Hand-written because no published plugin does this: cql-exec-fhir documents browser use only
 * through webpack-era `fs` stubs, which still leave xml2js parsing 1 MB of XML on every worker start.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const PREFIX = '\0loop-engine:';
const FROM_CQL_EXEC_FHIR = /[\\/]cql-exec-fhir[\\/]lib[\\/]/;
const PLACEHOLDER_XML = '<modelInfo/>';

let parsed;

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
      const json = JSON.stringify(JSON.stringify(parsedR4ModelInfo()));
      return `const R4 = JSON.parse(${json});
module.exports = {
  parseString(xml, options, callback) {
    if (xml !== ${JSON.stringify(PLACEHOLDER_XML)}) callback(new Error('Only the FHIR R4 model is bundled'));
    else callback(null, R4);
  },
};`;
    }
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
      build.onResolve({ filter: /^(xml2js|xml2js\/lib\/processors|fs|\..*fhir-modelinfo-.*)$/ }, (args) => {
        const id = replacementFor(args.path, args.importer);
        return id ? { path: id.slice(PREFIX.length), namespace: 'loop-engine' } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'loop-engine' }, (args) => ({
        contents: sourceOf(PREFIX + args.path),
        loader: 'js',
      }));
    },
  };
}
