import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHROME_ARGS, findChrome } from './tools/chrome.mjs';
import { fhirclientEsm } from './tools/fhirclient-esm.mjs';
import { rulesWorkerBundle } from './tools/rules-worker-bundle.mjs';

const rootDir = fileURLToPath(new URL('..', import.meta.url));
const mswWorker = readFileSync(new URL('../public/mockServiceWorker.js', import.meta.url), 'utf8');

/** msw's worker must sit at the scope of the pages it serves: answer it beside any page. */
const mswWorkerBesidePages = {
  name: 'msw-worker-beside-pages',
  serve(context) {
    if (context.path.endsWith('/mockServiceWorker.js')) return { body: mswWorker, type: 'js' };
  },
};

export default {
  rootDir,
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: { browser: true, exportConditions: ['browser', 'production'] },
  // One test file at a time: the simulator tests run msw, IndexedDB and the rules worker in the same
  // renderer as the element tests, and on a 2-core machine two at once starved each other into timeouts.
  concurrency: 1,
  testsFinishTimeout: 240_000,
  testFramework: { config: { timeout: 40_000 } },
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: findChrome(), headless: true, args: CHROME_ARGS },
    }),
  ],
  plugins: [
    fhirclientEsm(),
    rulesWorkerBundle(),
    mswWorkerBesidePages,
    esbuildPlugin({
      ts: true,
      // esnext keeps import attributes (`with { type: 'json' }`); es2022 drops them and Chromium then
      // refuses the JSON as a script.
      target: 'esnext',
      tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)),
    }),
  ],
};
