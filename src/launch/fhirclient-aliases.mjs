import { fileURLToPath } from 'node:url';

/**
 * Modules replaced inside fhirclient's browser build, shared by vite.config.ts (what ships) and the
 * test runner's fhirclient bundle (what the browser tests run), so both load the same code.
 * - isomorphic-webcrypto: every supported browser has Web Crypto;
 * - debug: fhirclient logs only when a developer sets localStorage.debug (3 KB);
 * - js-base64: three functions the browser does with btoa/atob (1.5 KB).
 */
export const fhirclientAliases = {
  'isomorphic-webcrypto': fileURLToPath(new URL('./webcrypto-shim.ts', import.meta.url)),
  debug: fileURLToPath(new URL('./debug-shim.cjs', import.meta.url)),
  'js-base64': fileURLToPath(new URL('./base64-shim.ts', import.meta.url)),
};
