import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findChrome } from '../../tools/chrome.mjs';
import { checkAccessible, checkReport, drive } from './tools/analyst-checks';

/**
 * The analyst's view of the simulator (issue 13 item 7) in Chromium, on the dev server `npm start`
 * runs: a launch, a card seen and dismissed, the view opened from the keyboard, and the report counts
 * the dismissal. The browser work runs in tools/simulator-analyst.ts under the browser lock. The same
 * checks on the production build (its CSP with Trusted Types) run in test/e2e/build-smoke.ts, on the
 * build that step makes anyway: building it a second time here cost the Node tests a minute.
 */
const chrome = findChrome();
const hasChrome = chrome !== undefined && existsSync(chrome);

describe("the simulator page's CSP", () => {
  it("lets WebAssembly compile on the simulator page only, never on the app's pages", () => {
    const csp = (page: string) =>
      /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(
        readFileSync(fileURLToPath(new URL(`../../../smart-launch/${page}`, import.meta.url)), 'utf8'),
      )?.[1] ?? '';
    assert.match(csp('index.html'), /script-src 'self' 'wasm-unsafe-eval';/);
    for (const page of ['launch.html', 'app.html']) {
      assert.match(csp(page), /script-src 'self'/, page);
      assert.doesNotMatch(csp(page), /wasm-unsafe-eval|unsafe-eval|unsafe-inline/, page);
    }
  });
});

describe(
  "the analyst's view in the simulator",
  { skip: hasChrome ? false : 'no Chromium on this machine (set CHROME_PATH)' },
  () => {
    it(
      'under `npm start`: reports the logged events, a dismissed card counted as a response',
      { timeout: 1_260_000 },
      () => {
        const out = drive([]);
        checkReport(out);
        checkAccessible(out);
      },
    );
  },
);
