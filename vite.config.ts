import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';
import { parseConfig } from './src/config/load';
import type { LoopConfig } from './src/config/schema';
import { fhirclientAliases } from './src/launch/fhirclient-aliases.mjs';
import { cqlEngineVitePlugin } from './src/rules/build/engine-bundling.mjs';

const root = resolve(import.meta.dirname, 'smart-launch');

/**
 * The deployment config the build is for: `LOOP_CONFIG=path/to/config.json npm run build` for a real
 * deployment, the simulator's config otherwise. It is validated here, so a broken config fails the
 * build with the same field-by-field messages the app would show.
 */
function deploymentConfig(): { path: string; config: LoopConfig } {
  const path = resolve(process.env.LOOP_CONFIG ?? resolve(root, 'learning-loop.config.json'));
  return { path, config: parseConfig(JSON.parse(readFileSync(path, 'utf8')), path) };
}

const { path: configPath, config } = deploymentConfig();
/** Without a simulator EHR the build holds no simulator pages, no mock EHR and no msw worker. */
const withSimulator = config.ehrs.some((e) => e.simulator);
const pages = withSimulator ? ['index', 'launch', 'app', 'ehr-authorize'] : ['launch', 'app'];

/**
 * The Content-Security-Policy's connect-src: exactly the configured EHRs (iss and connectOrigins), CDS
 * services and NDJSON event sinks;
 * in dev also Vite's HMR socket.
 */
function contentSecurityPolicy(): Plugin {
  let serve = false;
  return {
    name: 'learning-loop-csp',
    configResolved(resolved) {
      serve = resolved.command === 'serve';
    },
    transformIndexHtml(htmlText) {
      const origins = new Set([
        ...config.ehrs.flatMap((e) => [new URL(e.iss).origin, ...e.connectOrigins]),
        ...config.cdsServices.map((s) => new URL(s.base).origin),
        ...config.telemetry.sinks.flatMap((s) => (s.type === 'ndjson' ? [new URL(s.url).origin] : [])),
      ]);
      const connect = ["'self'", ...origins, ...(serve ? ['ws:', 'wss:'] : [])].join(' ');
      return htmlText.replace(/connect-src [^;]*;/, `connect-src ${connect};`);
    },
  };
}

/**
 * In a deployment build the mock EHR module is replaced by a stub, so not even an unused lazy chunk of
 * msw and synthetic patients ships (dropping the dynamic import alone still emitted its chunk).
 */
function excludeSimulator(): Plugin {
  return {
    name: 'learning-loop-exclude-simulator',
    enforce: 'pre',
    apply: 'build',
    resolveId(source) {
      if (!withSimulator && /\/mocks\/browser(\.ts)?$/.test(source)) return resolve(root, 'no-simulator.ts');
    },
  };
}

/** Files the app fetches at run time, copied next to the pages. */
function copyStaticFiles(): Plugin {
  const files: [string, string][] = [
    ['learning-loop.config.json', configPath],
    ['learning-loop.config.schema.json', resolve(root, 'learning-loop.config.schema.json')],
    ['registration/client-metadata.json', resolve(root, 'registration/client-metadata.json')],
    ...(withSimulator ? [['sim-style.json', resolve(root, 'sim-style.json')] as [string, string]] : []),
  ];
  return {
    name: 'learning-loop-static-files',
    apply: 'build',
    generateBundle() {
      for (const [fileName, path] of files)
        this.emitFile({ type: 'asset', fileName, source: readFileSync(path) });
    },
  };
}

/**
 * The custom elements manifest (`dist/custom-elements.json`): every element's properties, events, CSS
 * parts and custom properties, read from their JSDoc by @custom-elements-manifest/analyzer, for the EHR
 * teams that embed the panel and for their editors' tooling.
 */
function customElementsManifest(): Plugin {
  const cem = createRequire(import.meta.url).resolve('@custom-elements-manifest/analyzer/cem.js');
  const outdir = '.cache/custom-elements';
  return {
    name: 'learning-loop-custom-elements-manifest',
    apply: 'build',
    generateBundle() {
      const args = ['analyze', '--litelement', '--quiet', '--globs', 'src/ui/**/*.ts'];
      const run = spawnSync(
        process.execPath,
        [cem, ...args, '--exclude', 'src/ui/**/*.styles.ts', '--outdir', outdir],
        {
          cwd: import.meta.dirname,
          encoding: 'utf8',
        },
      );
      if (run.status !== 0) this.error(`the custom elements manifest failed: ${run.stderr || run.stdout}`);
      const source = readFileSync(resolve(import.meta.dirname, outdir, 'custom-elements.json'));
      this.emitFile({ type: 'asset', fileName: 'custom-elements.json', source });
    },
  };
}

export default defineConfig({
  root,
  base: './',
  publicDir: withSimulator ? resolve(import.meta.dirname, 'public') : false,
  define: {
    // fhirclient without its fetch polyfills; the modules it no longer needs are aliased away.
    FHIRCLIENT_PURE: 'true',
    // Lets the pages drop the mock EHR entirely when the deployment has no simulator.
    __LOOP_SIMULATOR__: JSON.stringify(withSimulator),
  },
  // `es2015` picks rxjs's ES2015 build: classes rather than tslib helpers, smaller in the initial JS.
  resolve: { alias: fhirclientAliases, conditions: ['es2015', ...defaultClientConditions] },
  plugins: [
    contentSecurityPolicy(),
    copyStaticFiles(),
    excludeSimulator(),
    cqlEngineVitePlugin(),
    customElementsManifest(),
  ],
  // The rules worker: an ES module worker, with cql-exec-fhir's model loading made browser-safe.
  worker: { format: 'es', plugins: () => [cqlEngineVitePlugin()] },
  optimizeDeps: { rolldownOptions: { plugins: [cqlEngineVitePlugin()] } },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173 },
  build: {
    outDir: resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Every browser that runs es2022 modules supports <link rel="modulepreload">: no polyfill.
    modulePreload: { polyfill: false },
    rollupOptions: { input: Object.fromEntries(pages.map((p) => [p, resolve(root, `${p}.html`)])) },
  },
});
