import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { cqlEngineEsbuildPlugin } from '../../src/rules/build/engine-bundling.mjs';

const WORKER = '/src/rules/rules.worker.ts';

/**
 * @web/test-runner serves each module as it is, and the rules worker's engine (cql-execution,
 * cql-exec-fhir) is CommonJS: serve the worker bundled instead, with the same browser-safe model
 * loading as the Vite build (src/rules/build/engine-bundling.mjs). Rebuilt when the server starts.
 */
export function rulesWorkerBundle() {
  let bundled;
  return {
    name: 'rules-worker-bundle',
    async serve(context) {
      if (context.path !== WORKER) return;
      bundled ??= build({
        entryPoints: [fileURLToPath(new URL(`../..${WORKER}`, import.meta.url))],
        bundle: true,
        format: 'esm',
        platform: 'browser',
        target: 'es2022',
        write: false,
        plugins: [cqlEngineEsbuildPlugin()],
        logLevel: 'error',
      }).then((r) => r.outputFiles[0].text);
      // `.js` type, and a different path than the esbuild plugin transforms: served as bundled.
      return { body: await bundled, type: 'js' };
    },
  };
}
