/*
 * The committed ELM matches its CQL: `npm run rules:build -- --check` translates every library in
 * memory (5 to 20 s) and fails on a CQL error or a stale or missing ELM file.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

it('committed ELM is up to date with the CQL', { timeout: 120_000 }, () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/rules/build/compile-cql.ts', '--check'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /up to date/);
});

it('committed data requirements are up to date with the ELM', { timeout: 60_000 }, () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/rules/build/requirements.ts', '--check'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /up to date/);
});
