/**
 * Set by vite.config.ts: false when the deployment config has no simulator EHR, so the mock EHR is
 * left out of the build. Undefined where no bundler defines it (the test runner): simulator allowed.
 */
declare const __LOOP_SIMULATOR__: boolean | undefined;

export const SIMULATOR_BUILD = typeof __LOOP_SIMULATOR__ === 'undefined' || __LOOP_SIMULATOR__;
