import { spawnSync } from 'node:child_process';
import { ensureChrome } from './chrome.mjs';

/**
 * The whole suite, as the README's second command and CI run it: static checks, Node tests, the real
 * FHIR server tier, browser tests in Chromium, then the production build in Chromium. Prints one
 * closing line, "N passed, N failed", counting every test of every tier.
 */
process.env.CHROME_PATH ??= ensureChrome();

const steps = [
  { name: 'type check', cmd: 'npm run -s typecheck' },
  { name: 'lint', cmd: 'npm run -s lint' },
  { name: 'format', cmd: 'npm run -s format:check' },
  { name: 'node tests', cmd: 'npm run -s test:node', counts: nodeCounts },
  { name: 'integration tests (real FHIR server)', cmd: 'npm run -s test:integration', counts: nodeCounts },
  { name: 'browser tests', cmd: 'npm run -s test:browser', counts: wtrCounts },
  { name: 'production build in Chromium', cmd: 'npm run -s test:build', counts: plainCounts },
];

let passed = 0;
let failed = 0;
const failures = [];
const timings = []; // printed at the end so a slow tier is visible before it makes CI slow
for (const step of steps) {
  console.log(`\n=== ${step.name}: ${step.cmd}`);
  const started = Date.now();
  const result = spawnSync(step.cmd, {
    shell: true,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout}${result.stderr}`;
  process.stdout.write(output);
  const counts = step.counts?.(output);
  timings.push(`${step.name} ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (counts) {
    passed += counts.passed;
    failed += counts.failed;
  }
  if (result.status !== 0) {
    failures.push(step.name);
    if (!counts || counts.failed === 0) failed += 1; // a failing check with no test count still counts
  }
}

console.log(`\nStep times: ${timings.join(', ')}`);
console.log(`Failed steps: ${failures.length ? failures.join(', ') : 'none'}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failures.length ? 1 : 0);

function nodeCounts(output) {
  const pass = [...output.matchAll(/^# pass (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
  const fail = [...output.matchAll(/^# fail (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
  return { passed: pass, failed: fail };
}

function wtrCounts(output) {
  const matches = [...output.matchAll(/(\d+) passed, (\d+) failed/g)];
  const last = matches[matches.length - 1];
  return last ? { passed: Number(last[1]), failed: Number(last[2]) } : undefined;
}

function plainCounts(output) {
  return wtrCounts(output);
}
