import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

/**
 * A fresh directory under the OS temp dir, removed when the test (or, at a file's top level, the
 * file) that made it is done: a test run left a few hundred of them behind on a developer's disk.
 *
 * @example const dir = await tempDir('analytics-cli-')
 */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
