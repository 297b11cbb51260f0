import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { ensureChrome } from './chrome.mjs';

/**
 * The whole suite, as the README's second command and CI run it: static checks, Node tests, the
 * generated files' freshness, the real FHIR server tier, the production build in Chromium, then
 * browser tests in Chromium. Prints one
 * closing line, "N passed, N failed", counting every test of every tier, and each step's time.
 *
 * The Node tests run beside the static checks, the server tier and the production build (each step's
 * output printed whole when it ends): one after the other they left a core idle for much of the run,
 * and the suite took over ten minutes on two cores. The browser tests run alone afterwards: run beside
 * the Node tests, both slowed by half (measured), and their pages wait on timers that a starved
 * renderer misses.
 */
process.env.CHROME_PATH ??= ensureChrome();

const phases = [
  [
    [{ name: 'node tests', cmd: 'npm run -s test:node', counts: nodeCounts }],
    [
      { name: 'type check', cmd: 'npm run -s typecheck' },
      { name: 'lint', cmd: 'npm run -s lint' },
      { name: 'format', cmd: 'npm run -s format:check' },
      // Whether the committed generated files (ELM, measure bundles, the simulator's feedback data) are
      // what their generators give: a minute of work that balanced the lanes better here than there.
      { name: 'generated files', cmd: 'npm run -s test:generated', counts: nodeCounts },
      {
        name: 'integration tests (real FHIR server)',
        cmd: 'npm run -s test:integration',
        counts: nodeCounts,
      },
      { name: 'production build in Chromium', cmd: 'npm run -s test:build', counts: wtrCounts },
    ],
  ],
  [[{ name: 'browser tests', cmd: 'npm run -s test:browser', counts: wtrCounts }]],
];

let passed = 0;
let failed = 0;
const failures = [];
const timings = [];

function run(step) {
  const started = Date.now();
  // A line when a step starts: if CI stops the run, the log says what was running.
  console.log(`--- started: ${step.name}`);
  return new Promise((resolve) => {
    const child = spawn(step.cmd, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    child.stdout.on('data', (d) => chunks.push(d));
    child.stderr.on('data', (d) => chunks.push(d));
    child.on('close', (status, signal) => {
      const output = Buffer.concat(chunks).toString('utf8');
      console.log(`\n=== ${step.name}: ${step.cmd}`);
      process.stdout.write(output);
      if (signal) console.log(`${step.name}: killed by ${signal}`);
      const counts = step.counts?.(output);
      if (counts) {
        passed += counts.passed;
        failed += counts.failed;
      }
      if (status !== 0) {
        failures.push(step.name);
        if (!counts || counts.failed === 0) failed += 1; // a failing check with no test count still counts
      }
      timings.push(`${step.name} ${((Date.now() - started) / 1000).toFixed(0)} s`);
      resolve();
    });
  });
}

const suiteStarted = Date.now();
for (const lanes of phases)
  await Promise.all(
    lanes.map(async (lane) => {
      for (const step of lane) await run(step);
    }),
  );

const total = ((Date.now() - suiteStarted) / 1000).toFixed(0);
console.log(`\nStep times: ${timings.join(', ')}; the whole suite ${total} s`);
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
