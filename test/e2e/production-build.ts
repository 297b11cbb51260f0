import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A deployment build (LOOP_CONFIG without a simulator EHR): what an informatics team ships. It must
 * hold no simulator, no mock EHR and no msw worker, and its CSP must allow exactly its EHR's origins.
 */
export interface BuildResult {
  status: number | null;
  output: string;
  dir: string;
}

export function buildWith(configPath: string): BuildResult {
  const dir = mkdtempSync(join(tmpdir(), 'loop-build-'));
  const result = spawnSync(
    'npx',
    ['vite', 'build', '--outDir', dir, '--emptyOutDir', '--logLevel', 'error'],
    {
      env: { ...process.env, LOOP_CONFIG: configPath },
      encoding: 'utf8',
    },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}`, dir };
}

export function checkProductionBuild(dir: string): string[] {
  const problems: string[] = [];
  for (const absent of ['index.html', 'ehr-authorize.html', 'mockServiceWorker.js', 'sim-style.json']) {
    if (existsSync(join(dir, absent))) problems.push(`${absent} is in the production build`);
  }
  const code = readdirSync(join(dir, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(join(dir, 'assets', f), 'utf8'))
    .join('\n');
  for (const marker of ['ehr.sim.invalid', 'mockServiceWorker', 'Simulated EHR']) {
    if (code.includes(marker)) problems.push(`the production JavaScript contains "${marker}"`);
  }
  const csp = /connect-src ([^;]*);/.exec(readFileSync(join(dir, 'launch.html'), 'utf8'))?.[1] ?? '';
  const expected = "'self' https://fhir.example-health.org https://auth.example-health.org";
  if (csp !== expected) problems.push(`connect-src is "${csp}", expected "${expected}"`);
  return problems;
}

export function invalidConfigPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'loop-config-'));
  const path = join(dir, 'bad.json');
  writeFileSync(
    path,
    JSON.stringify({ ehrs: [{ name: 'X', iss: 'http://ehr.example.org', clientId: 'a' }] }),
  );
  return path;
}
