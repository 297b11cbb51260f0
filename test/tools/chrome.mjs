import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/** Flags that keep headless Chromium quiet on a closed network (see shared TOOLCHAIN notes). */
export const CHROME_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** The browser to test with: CHROME_PATH wins, then the usual install paths; undefined if none. */
export function findChrome() {
  if (process.env.CHROME_PATH) return process.env.CHROME_PATH;
  return CANDIDATES.find((p) => existsSync(p));
}

/** Finds a browser or installs Debian's chromium (root with apt-get); otherwise says exactly what to run. */
export function ensureChrome() {
  const given = process.env.CHROME_PATH;
  if (given) {
    if (!existsSync(given)) throw new Error(`CHROME_PATH is set to ${given}, which does not exist.`);
    return given;
  }
  const found = findChrome();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (isRoot && hasApt) {
    console.log('No Chromium or Chrome found: installing Debian chromium (apt-get install -y chromium)...');
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    const installed = findChrome();
    if (installed) return installed;
  }
  const command = hasApt
    ? 'sudo apt-get update && sudo apt-get install -y chromium'
    : 'install Chromium or Chrome';
  console.error(
    `No Chromium or Chrome found. Run:\n\n  ${command}\n\nor set CHROME_PATH=/path/to/chrome, then run the tests again.`,
  );
  process.exit(1);
}
