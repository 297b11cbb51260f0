import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { fhirclientAliases } from './src/launch/fhirclient-aliases.mjs';

const root = resolve(import.meta.dirname, 'smart-launch');
const pages = ['index', 'launch', 'app', 'ehr-authorize'];
/** Files the app fetches at run time, copied next to the pages. */
const staticFiles = [
  'learning-loop.config.json',
  'learning-loop.config.schema.json',
  'sim-style.json',
  'registration/client-metadata.json',
];

/**
 * Builds the Content-Security-Policy's connect-src from the deployment config, so the CSP allows
 * exactly the EHRs the app trusts; in dev it also allows Vite's HMR socket.
 */
function contentSecurityPolicy(): Plugin {
  let serve = false;
  return {
    name: 'learning-loop-csp',
    configResolved(config) {
      serve = config.command === 'serve';
    },
    transformIndexHtml(htmlText) {
      const config = JSON.parse(readFileSync(resolve(root, 'learning-loop.config.json'), 'utf8')) as {
        ehrs: { iss: string }[];
      };
      const origins = [...new Set(config.ehrs.map((e) => new URL(e.iss).origin))];
      const connect = ["'self'", ...origins, ...(serve ? ['ws:', 'wss:'] : [])].join(' ');
      return htmlText.replace(/connect-src [^;]*;/, `connect-src ${connect};`);
    },
  };
}

function copyStaticFiles(): Plugin {
  return {
    name: 'learning-loop-static-files',
    apply: 'build',
    generateBundle() {
      for (const fileName of staticFiles) {
        try {
          this.emitFile({ type: 'asset', fileName, source: readFileSync(resolve(root, fileName)) });
        } catch {
          this.warn(`missing ${fileName}`);
        }
      }
    },
  };
}

export default defineConfig({
  root,
  base: './',
  publicDir: resolve(import.meta.dirname, 'public'),
  // fhirclient without its fetch polyfills; the modules it no longer needs are aliased away.
  define: { FHIRCLIENT_PURE: 'true' },
  resolve: { alias: fhirclientAliases },
  plugins: [contentSecurityPolicy(), copyStaticFiles()],
  server: { port: 5173, strictPort: false },
  preview: { port: 4173 },
  build: {
    outDir: resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    rollupOptions: { input: Object.fromEntries(pages.map((p) => [p, resolve(root, `${p}.html`)])) },
  },
});
