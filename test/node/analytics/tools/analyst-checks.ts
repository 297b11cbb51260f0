/**
 * The analyst's view, driven in Chromium by simulator-analyst.ts and checked: what the dev-server test
 * (../analyst-view.test.ts) and the production build's smoke test (test/e2e/build-smoke.ts) both assert.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Seen {
  report: string;
  open: boolean;
  download: string;
  headings: string[];
  tables: number;
  charts: number;
  stored: string[];
  focusOnOpen: string;
  focusAfterTab: string;
  violations: { id: string; help: string }[];
  openAfterEscape: boolean;
  reopened: number;
  errors: string[];
}

/**
 * Runs the driver under the browser lock; `simulatorUrl` drives an already served simulator (a
 * preview of dist/) rather than a dev server of its own.
 */
export function drive(args: string[], simulatorUrl?: string): Seen {
  const script = fileURLToPath(new URL('./simulator-analyst.ts', import.meta.url));
  // The lock's holder (the other analyst's-view run, in the other test lane) may take up to its own
  // ten minutes: the wait is as long, and the timeout covers both.
  const lock = existsSync('/usr/bin/flock') ? ['flock', '-w', '600', '/tmp/learning-loop-browser.lock'] : [];
  const [command = 'node', ...rest] = [...lock, process.execPath, '--import', 'tsx', script, ...args];
  const env = simulatorUrl ? { ...process.env, SIMULATOR_URL: simulatorUrl } : process.env;
  const out = execFileSync(command, rest, { encoding: 'utf8', timeout: 1_200_000, env });
  // The result is the last line: a build may print before it.
  return JSON.parse(out.trim().split('\n').at(-1) ?? '') as Seen;
}

export function checkReport(out: Seen): void {
  assert.deepEqual(out.errors, [], 'no CSP, Trusted Types or script error');
  // On a slow machine the feedback section can be on screen for a second while the card is awaited;
  // when that reading ends (seen on a loaded 2-core machine, not on a quiet one) a feedback-viewed
  // event joins the log, rightly, and reaches the sink before the report is made or after it.
  const interactions = out.stored.filter((type) => type !== 'feedback-viewed');
  assert.deepEqual(interactions.sort(), ['card-dismissed', 'card-shown', 'session-started']);
  const counted = Number(/\b(\d+) events from the simulator's NDJSON sink/.exec(out.report)?.[1]);
  assert.ok(
    counted >= interactions.length && counted <= out.stored.length,
    `the report counts the ${counted} events stored when it was made (${out.stored.join(', ')} now)`,
  );
  assert.equal(out.open, true, 'the report is shown in a modal dialog');
  assert.match(out.download, /^blob:/, 'report.html can be downloaded');
  const section = (title: string) => {
    // The second mention: the first is the table of contents.
    const start = out.report.indexOf(title, out.report.indexOf(title) + 1);
    assert.ok(start > 0, title);
    return out.report.slice(start, out.report.indexOf('Table of every group', start));
  };
  // One card seen and dismissed: a response, so not ignored, and one time to action.
  assert.match(section('Ignore rate'), /Overall: 0\.0% \(95% CI 0\.0 to 79\.3\), 0 of 1\b/);
  assert.match(section('Time to action'), /Overall: [\d.]+ s, n = 1\b/);
  assert.match(section('Acceptance rate'), /Overall: 0\.0% \(95% CI 0\.0 to 79\.3\), 0 of 1\b/);
}

export function checkAccessible(out: Seen): void {
  assert.deepEqual(out.violations, [], 'axe finds nothing in the view');
  assert.match(
    out.headings[0] ?? '',
    /^H1 Learning Loop: uptake/,
    "the report's own title opens the outline",
  );
  assert.ok(out.headings.includes('H2 Ignore rate (seen, no response)'), 'one heading per metric');
  assert.ok(out.tables >= out.charts && out.charts > 0, 'every chart has a table beside it');
  assert.match(out.focusOnOpen, /^button Close/, 'the keyboard lands in the dialog');
  assert.match(out.focusAfterTab, /^a Firing rate/, 'Tab moves on to the contents');
  assert.equal(out.openAfterEscape, false, 'Escape closes the view');
  assert.ok(out.reopened >= 13, `opened again, the report shows every metric (${out.reopened} sections)`);
}
