import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The tool is plain JavaScript (its package.json script runs it with node): typed here. */
interface Tools {
  licenceOf(pkg: object): string;
  noticedPackages(markdown: string): Set<string>;
  permissive(expression: string): boolean;
  runtimePackages(root: string): { name: string; version: string; licence: string }[];
}
const { licenceOf, noticedPackages, permissive, runtimePackages } = (await import(
  new URL('../../tools/licenses.mjs', import.meta.url).href
)) as Tools;

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('runtime licence audit (npm run audit:licenses)', () => {
  it('reads SPDX expressions the way their operators say', () => {
    assert.equal(permissive('MIT'), true);
    assert.equal(permissive('(MPL-2.0 OR Apache-2.0)'), true);
    assert.equal(permissive('GPL-3.0-only OR MIT'), true);
    assert.equal(permissive('MIT AND GPL-3.0-only'), false);
    assert.equal(permissive('SEE LICENSE IN LICENSE.md'), false);
    assert.equal(permissive(''), false);
    assert.equal(licenceOf({ license: { type: 'BSD-3-Clause' } }), 'BSD-3-Clause');
    assert.equal(licenceOf({ licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }] }), 'MIT OR Apache-2.0');
  });

  it('walks the whole runtime tree, not the dev tools', () => {
    const names = new Set(runtimePackages(root).map((p) => p.name));
    for (const name of ['lit', 'lit-html', 'fhirclient', '@lhncbc/ucum-lhc', 'valibot'])
      assert.ok(names.has(name), name);
    for (const name of ['vite', 'prettier', '@web/test-runner'])
      assert.ok(!names.has(name), `${name} is a dev tool`);
  });

  it('lists the packages named in a notices file', () => {
    assert.deepEqual(
      [...noticedPackages('# Licenses\n\n## lit - 3.3.3 (BSD-3-Clause)\n\ntext\n## Marked\n')],
      ['lit@3.3.3'],
    );
  });

  const audit = (...args: string[]) =>
    spawnSync(process.execPath, ['test/tools/licenses.mjs', ...args], { cwd: root, encoding: 'utf8' });

  it('runs as a command: the table on stdout, the summary on stderr, 0 when every licence is permissive or reviewed', () => {
    const run = audit();
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^reviewed @lhncbc\/ucum-lhc@\S+ +SEE LICENSE IN LICENSE\.md$/m);
    assert.match(run.stdout, /^ok +lit@\S+ +BSD-3-Clause$/m);
    assert.match(run.stderr, /runtime packages, 2 reviewed, 0 to review$/m);
    const bad = audit('--nope');
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /unknown argument --nope/);
  });

  it('exits 3 for a licence nobody reviewed, or whose text is no longer the one reviewed', async () => {
    const reviews = JSON.parse(await readFile(join(root, 'test/tools/licence-reviews.json'), 'utf8')) as {
      reviews: { package: string; licenceSha256: string }[];
    };
    const dir = await mkdtemp(join(tmpdir(), 'licence-reviews-'));
    try {
      const write = async (name: string, list: unknown[]) => {
        await writeFile(join(dir, name), JSON.stringify({ reviews: list }));
        return join(dir, name);
      };
      const changed = reviews.reviews.map((r) =>
        r.package === 'fhirpath' ? { ...r, licenceSha256: '0'.repeat(64) } : r,
      );
      const run = audit('--reviews', await write('changed.json', changed));
      assert.equal(run.status, 3);
      assert.match(
        run.stdout,
        /^review +fhirpath@\S+ .*\(its licence changed since the review of 2026-12-02\)$/m,
      );
      assert.match(run.stderr, /1 reviewed, 1 to review: fhirpath/);
      const none = audit('--reviews', await write('none.json', []));
      assert.equal(none.status, 3);
      assert.match(none.stdout, /^review +@lhncbc\/ucum-lhc@\S+ .*\(not reviewed\)$/m);
      // A review without a hash pins nothing; one for another declared licence is not this one's.
      const unpinned = reviews.reviews.map(({ licenceSha256: _gone, ...r }) => r);
      const loose = audit('--reviews', await write('unpinned.json', unpinned));
      assert.equal(loose.status, 3);
      assert.match(loose.stdout, /^review +fhirpath@\S+ .*\(its review pins no licence text\)$/m);
      const relicensed = reviews.reviews.map((r) => ({ ...r, licence: 'MIT' }));
      const other = audit('--reviews', await write('relicensed.json', relicensed));
      assert.match(other.stdout, /^review +@lhncbc\/ucum-lhc@\S+ .*\(its licence changed since/m);
      const unreadable = audit('--reviews', join(dir, 'absent.json'));
      assert.equal(unreadable.status, 2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
