import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { fhirclientAliases } from '../../src/launch/fhirclient-aliases.mjs';

/**
 * @web/test-runner serves ES modules only and fhirclient is CommonJS: bundle it to ESM once, the way
 * Vite's build does (no polyfills, the browser's own Web Crypto), and serve it under a fixed path.
 */
export function fhirclientEsm() {
  const path = '/__fhirclient.js';
  let bundled;
  return {
    name: 'fhirclient-esm',
    resolveImport({ source }) {
      if (source === 'fhirclient') return path;
    },
    async serve(context) {
      if (context.path !== path) return;
      bundled ??= build({
        entryPoints: [fileURLToPath(import.meta.resolve('fhirclient/lib/entry/browser.js'))],
        bundle: true,
        format: 'esm',
        platform: 'browser',
        write: false,
        define: { FHIRCLIENT_PURE: 'true' },
        alias: fhirclientAliases,
      }).then((r) => r.outputFiles[0].text);
      return { body: await bundled, type: 'js' };
    },
  };
}
