import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultClientConditions, defineConfig, searchForWorkspaceRoot, type Plugin } from 'vite';
import { parseConfig } from './src/config/load';
import type { LoopConfig } from './src/config/schema';
import { fhirclientAliases } from './src/launch/fhirclient-aliases.mjs';
import { cqlEngineVitePlugin } from './src/rules/build/engine-bundling.mjs';
import { simulatorMeasures } from './smart-launch/simulator/measures-plugin';

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

/** The Trusted Types policies the pages may create (see src/launch/trusted-types.ts). */
const TRUSTED_TYPES =
  "require-trusted-types-for 'script'; trusted-types default lit-html dompurify learning-loop-markdown";

/**
 * The Content-Security-Policy: connect-src exactly the configured EHRs (iss and connectOrigins), CDS
 * services, NDJSON event sinks and pseudonym key endpoints, in dev also Vite's HMR socket; in a build,
 * Trusted Types enforced, with the pages' policy module loaded before anything else. (The dev server
 * and the test runner's source pages go without: Vite's dev client writes its error overlay as HTML.)
 */
function contentSecurityPolicy(): Plugin {
  let serve = false;
  return {
    name: 'learning-loop-csp',
    configResolved(resolved) {
      serve = resolved.command === 'serve';
    },
    transformIndexHtml: {
      order: 'pre',
      handler(htmlText) {
        const origins = new Set([
          ...config.ehrs.flatMap((e) => [new URL(e.iss).origin, ...e.connectOrigins]),
          ...config.cdsServices.map((s) => new URL(s.base).origin),
          ...config.telemetry.sinks.flatMap((s) => [
            ...(s.type === 'ndjson' ? [new URL(s.url).origin] : []),
            ...(s.pseudonymKeyUrl ? [new URL(s.pseudonymKeyUrl).origin] : []),
          ]),
        ]);
        const connect = ["'self'", ...origins, ...(serve ? ['ws:', 'wss:'] : [])].join(' ');
        const html = htmlText.replace(/connect-src [^;]*;/, `connect-src ${connect};`);
        if (serve) return html;
        return html
          .replace(/(http-equiv="Content-Security-Policy"\s+content="[^"]*)"/, `$1; ${TRUSTED_TYPES}"`)
          .replace(
            /<script type="module"/,
            `<script type="module" src="${TRUSTED_TYPES_MODULE}"></script>\n    $&`,
          );
      },
    },
  };
}

/** Relative to the pages (smart-launch/): the build bundles it first into each page's entry. */
const TRUSTED_TYPES_MODULE = '../src/launch/trusted-types.ts';

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

/** Where the build writes the third-party notices the bundled code's licences ask for. */
const NOTICES = 'THIRD-PARTY-NOTICES.md';
interface Package {
  name: string;
  version: string;
  licence: string;
  dir: string;
}
/** The licence tool's functions (test/tools/licenses.mjs, plain JavaScript: typed here). */
interface LicenceTools {
  packageOf(file: string): Package | undefined;
  licenceTexts(dir: string): { licence?: string; notice?: string };
  noticeSection(pkg: Package): string;
  noticedPackages(markdown: string): Set<string>;
}
const { licenceTexts, noticeSection, noticedPackages, packageOf } = (await import(
  pathToFileURL(resolve(import.meta.dirname, 'test/tools/licenses.mjs')).href
)) as LicenceTools;

/** The npm packages of a bundle's chunks, into `into` (by name@version). */
function collectPackages(name: string, into: Map<string, Package>): Plugin {
  return {
    name,
    apply: 'build',
    generateBundle(_, bundle) {
      for (const chunk of Object.values(bundle))
        if (chunk.type === 'chunk')
          for (const id of chunk.moduleIds) {
            const pkg = packageOf(id);
            if (pkg) into.set(`${pkg.name}@${pkg.version}`, pkg);
          }
    },
  };
}

const pagePackages = new Map<string, Package>();
const workerPackages = new Map<string, Package>();

/**
 * Vite's `build.license` writes the notices of the pages' packages; the rules worker is a build of its
 * own that it does not see (cql-execution, ucum-lhc, whose licence asks for its notice, ...), and it
 * leaves out NOTICE files (Apache-2.0 asks for them). Both are added to the file once it is written.
 */
function completeNotices(): Plugin {
  return {
    name: 'learning-loop-notices',
    apply: 'build',
    writeBundle(options) {
      const file = resolve(options.dir ?? '', NOTICES);
      if (!existsSync(file)) return;
      const listed = noticedPackages(readFileSync(file, 'utf8'));
      const worker = [...workerPackages].filter(([key]) => !listed.has(key)).map(([, pkg]) => pkg);
      const notices = [...pagePackages.values()].filter((pkg) => licenceTexts(pkg.dir).notice);
      const sections = [
        ...(worker.length ? ['# In the rules worker', ...worker.map(noticeSection)] : []),
        ...notices.map(
          (pkg) => `## ${pkg.name} - ${pkg.version}: NOTICE\n\n${licenceTexts(pkg.dir).notice ?? ''}`,
        ),
      ];
      if (sections.length) appendFileSync(file, `\n${sections.join('\n\n')}\n`);
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
    collectPackages('learning-loop-page-packages', pagePackages),
    completeNotices(),
    // `npm start` only: the simulator's "Re-run the measures" runs the measures batch in Node.
    ...(withSimulator ? [simulatorMeasures()] : []),
  ],
  // The rules worker: an ES module worker, with cql-exec-fhir's model loading made browser-safe.
  worker: {
    format: 'es',
    plugins: () => [cqlEngineVitePlugin(), collectPackages('learning-loop-worker-packages', workerPackages)],
  },
  // The rules worker's packages are named: the scan from the pages does not reach into the worker, so
  // they were found only when the worker first loaded, and the second optimizer run that followed
  // could reload the pages mid-launch (seen on a slow CI machine under `npm start`).
  optimizeDeps: {
    include: ['cql-execution', 'cql-exec-fhir'],
    rolldownOptions: { plugins: [cqlEngineVitePlugin()] },
  },
  server: {
    port: 5173,
    strictPort: false,
    // node_modules where it really is: a symlinked one (a git worktree, a CI cache) lies outside the
    // workspace, and the dev server would refuse the files it serves by path (PGlite's wasm and data).
    fs: {
      allow: [
        searchForWorkspaceRoot(import.meta.dirname),
        realpathSync(resolve(import.meta.dirname, 'node_modules')),
      ],
    },
  },
  preview: { port: 4173 },
  build: {
    outDir: resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    // No source maps in what ships (they publish the source); LOOP_SOURCEMAPS=1 keeps them for debugging.
    sourcemap: process.env.LOOP_SOURCEMAPS === '1',
    // The third-party notices the bundled code's licences ask for (ucum-lhc's, MIT's, ...), beside it.
    license: { fileName: NOTICES },
    // Every browser that runs es2022 modules supports <link rel="modulepreload">: no polyfill.
    modulePreload: { polyfill: false },
    rollupOptions: { input: Object.fromEntries(pages.map((p) => [p, resolve(root, `${p}.html`)])) },
  },
});
